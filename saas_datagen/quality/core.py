"""What a quality rule is: a named SQL probe of one raw table with pass/fail evidence.

Probes name tables without a schema; they run on a connection whose `search_path` is the raw
schema being checked (a build's own, before it is published).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql

if TYPE_CHECKING:
    from saas_datagen.warehouse.append import AppendPlan


@dataclass(frozen=True)
class Outcome:
    passed: bool
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scope:
    """What a probe may depend on besides the data: the environment, the `as_of` date and the
    timeline (docs/timeline.md: the story's end, of which as_of is a cut, and the anchor the
    event windows hold their days before; both as_of in a build without a story end)."""

    env: str
    as_of: date
    story_end: date | None = None
    anchor: date | None = None
    # `advance`: the published build's settled days the event tables show (their tables are
    # views of those and the new days until the publish, warehouse/append.py).
    append: AppendPlan | None = None

    @property
    def at_story_end(self) -> bool:
        """True in a build of the whole story (as_of its end): every contract and quota the
        stories fit at their end applies as written."""
        return self.story_end is None or self.as_of == self.story_end

    @property
    def windows_end(self) -> date:
        """The day the event windows' `*_history_days` count back from: the anchor."""
        return self.anchor or self.story_end or self.as_of


Probe = Callable[[psycopg.Connection, Scope], Outcome]


def fitted_at_story_end(probe: Probe) -> Probe:
    """A quota the stories fit at their end (a share of devices in maintenance, of trials
    among new subscriptions): enforced there; at an earlier cut-off it is measured and
    reported, not enforced, until the stories draw it as episodes through the history
    (docs/timeline.md)."""

    def measured(conn: psycopg.Connection, scope: Scope) -> Outcome:
        outcome = probe(conn, scope)
        if scope.at_story_end:
            return outcome
        return Outcome(True, {**outcome.metadata, "enforced": "at the story's end only"})

    measured.__doc__ = probe.__doc__
    return measured


@dataclass(frozen=True)
class Rule:
    name: str
    table: str
    description: str
    probe: Probe


def scalar(conn: psycopg.Connection, query: sql.Composable, params: tuple = ()) -> Any:
    return conn.execute(query, params).fetchone()[0]
