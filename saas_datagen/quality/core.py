"""What a quality rule is: a named SQL probe of one raw table with pass/fail evidence.

Probes name tables without a schema; they run on a connection whose `search_path` is the raw
schema being checked (a build's own, before it is published).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import psycopg
from psycopg import sql


@dataclass(frozen=True)
class Outcome:
    passed: bool
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scope:
    """What a probe may depend on besides the data: the environment and the `as_of` date."""

    env: str
    as_of: date


Probe = Callable[[psycopg.Connection, Scope], Outcome]


@dataclass(frozen=True)
class Rule:
    name: str
    table: str
    description: str
    probe: Probe


def scalar(conn: psycopg.Connection, query: sql.Composable, params: tuple = ()) -> Any:
    return conn.execute(query, params).fetchone()[0]
