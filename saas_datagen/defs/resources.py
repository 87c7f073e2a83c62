"""The warehouse resource: generation settings and the PostgreSQL connection."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache

import dagster as dg

from saas_datagen.errors import UserFacingError
from saas_datagen.generators.context import GenerationContext
from saas_datagen.warehouse import server

DEFAULT_SEED = 42


def parse_as_of(value: str) -> date:
    if not value:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserFacingError(f"as_of must be a date like 2026-11-22, got {value!r}") from None


@cache
def _context(seed: int, env: str, as_of: date) -> GenerationContext:
    # One context per (seed, env, as_of) per process, so parent frames are generated once.
    return GenerationContext(seed=seed, env=env, as_of=as_of)


class WarehouseResource(dg.ConfigurableResource):
    """Seed, as_of and database of a build. Empty values mean: as_of today (UTC),
    the server from DATABASE_URL, else the project's embedded PostgreSQL."""

    seed: int = DEFAULT_SEED
    as_of: str = ""
    database_url: str = ""

    def generation_context(self, env: str) -> GenerationContext:
        return _context(self.seed, env, parse_as_of(self.as_of))

    def env_url(self, env: str) -> str:
        """URL of the environment's database, created on first use."""
        return server.ensure_database(
            server.server_url(self.database_url or None), server.database_name(env)
        )
