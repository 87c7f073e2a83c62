"""The append of `advance` (issue #14): a later cut of the same story reuses the event days
the published build already holds and generates only the days after them.

A cut of a story at `as_of` shows every event before midnight starting `as_of`; a later cut
of the same story shows the same rows for every day that had ended by then, except the last
one (a session still open at the cut-off is shown cut there). So an advance copies the
published day partitions before that day, inside the database, and generates the rest. The
copy is only sound when the published build is the same story made by the same code: the
`story_key` (seed, environment, story end, anchor, anomalies, scale, and a digest of the
generators' source and the libraries that draw the numbers) says so, recorded with every
build in `tapflow.builds`. Anything else falls back to generating every day.

The invariant, tested against a full build in a second database: build at D, advance to
D + k, and every table of every schema is identical to a build at D + k
(`saas_datagen_tests/test_timeline_build.py`; `test_append.py` proves it table by table).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import metadata
from pathlib import Path

import psycopg
from psycopg import sql

from saas_datagen.generators.context import GenerationContext
from saas_datagen.schema import TableSpec
from saas_datagen.warehouse import ddl

PACKAGE = Path(__file__).resolve().parents[1]
# What the rows are a function of, besides the run's settings: the generators, their
# configuration and table declarations, and the libraries that draw and shape the numbers.
GENERATING_SOURCES = ("generators", "config", "schema.py", "registry.py")
GENERATING_LIBRARIES = ("numpy", "polars")
# The published cut's last day may still change (a session open at its cut-off is shown cut
# there): it is generated again with the new days.
DAYS_REGENERATED = 1


@cache
def code_digest() -> str:
    """A digest of everything the generated rows depend on besides the run's settings."""
    digest = hashlib.sha256()
    for name in GENERATING_SOURCES:
        root = PACKAGE / name
        files = sorted(root.rglob("*.py")) if root.is_dir() else [root]
        for path in files:
            digest.update(str(path.relative_to(PACKAGE)).encode())
            digest.update(path.read_bytes())
    for library in GENERATING_LIBRARIES:
        digest.update(f"{library}=={metadata.version(library)}".encode())
    return digest.hexdigest()[:16]


def story_key(ctx: GenerationContext) -> str:
    """Which story a build is a cut of: equal keys, equal rows on every settled day."""
    settings = (
        ctx.seed,
        ctx.env,
        ctx.story_end,
        ctx.anchor,
        ctx.inject_anomalies,
        ctx.scale,
        code_digest(),
    )
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class AppendPlan:
    """What a build reuses from the published one: its event days before `first_new_day`."""

    source_schema: str  # the published raw schema
    published_as_of: date
    first_new_day: date


def plan_append(published: dict | None, ctx: GenerationContext) -> tuple[AppendPlan | None, str]:
    """The append a build of `ctx` can make onto the `published` build (its tapflow.builds
    row), or None and the reason in words (the build then generates every day)."""
    if published is None:
        return None, "nothing is published"
    if not ctx.is_cut:
        return None, "this build is not a cut of a longer story"
    if published.get("story_key") != story_key(ctx):
        return None, (
            "the published build is another story or was made by other code "
            f"(story key {published.get('story_key')} against {story_key(ctx)})"
        )
    if published["as_of"] > ctx.as_of:
        return None, f"the published build (as_of {published['as_of']}) is later than this one"
    first_new = published["as_of"] - timedelta(days=DAYS_REGENERATED)
    return AppendPlan(ddl.RAW_SCHEMA, published["as_of"], first_new), ""


def appendable(spec: TableSpec) -> bool:
    """A table whose settled days can be copied: stored by day, generated from day units."""
    return spec.generated_by_day


def published_days(conn: psycopg.Connection, schema: str, table: str) -> list[date]:
    """The days of the published table's partitions (none if it does not exist)."""
    rows = conn.execute(
        "SELECT c.relname FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_class p ON p.oid = i.inhparent "
        "JOIN pg_namespace n ON n.oid = p.relnamespace "
        "WHERE n.nspname = %s AND p.relname = %s",
        (schema, table),
    ).fetchall()
    days = (ddl.partition_day(table, name) for (name,) in rows)
    return sorted(day for day in days if day is not None)


def copy_settled_days(
    conn: psycopg.Connection, spec: TableSpec, plan: AppendPlan
) -> tuple[list[date], int]:
    """Copy the published table's partitions before `plan.first_new_day` into this build's
    table of the same name (the connection's schema), inside the database. Returns the days
    copied and their rows."""
    published = published_days(conn, plan.source_schema, spec.name)
    days = [day for day in published if day < plan.first_new_day]
    columns = sql.SQL(", ").join(sql.Identifier(c) for c in spec.column_names)
    rows = 0
    for day in days:
        conn.execute(ddl.day_partition(spec.name, day))
        name = ddl.day_partition_name(spec.name, day)
        cur = conn.execute(
            sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {}.{}").format(
                ddl.relation(name),
                columns,
                columns,
                sql.Identifier(plan.source_schema),
                sql.Identifier(name),
            )
        )
        rows += cur.rowcount
    return days, rows


@dataclass(frozen=True)
class IncrementalModel:
    """A dbt model an advance appends to (`meta: {append: {day_column, days_before}}`): its
    rows of a day depend on that day's events alone."""

    schema: str  # the published schema
    name: str
    day_column: str
    days_before: int  # the rows kept are those before append_from minus this many days

    def settled_before(self, plan: AppendPlan) -> date:
        return plan.first_new_day - timedelta(days=self.days_before)


def seed_incremental_models(
    conn: psycopg.Connection, models: list[IncrementalModel], build_schema, plan: AppendPlan
) -> dict[str, int]:
    """Before dbt runs in an advance: each incremental model's published rows before its
    settled day, copied into this build's schema, so dbt finds the model there and only adds
    the days from `append_from` on (is_incremental()). Returns the rows copied per model.
    `build_schema(published)` names this build's schema for a published one."""
    copied = {}
    for model in models:
        published = sql.Identifier(model.schema, model.name)
        target = sql.Identifier(build_schema(model.schema), model.name)
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(target))
        exists = conn.execute("SELECT to_regclass(%s)", (f"{model.schema}.{model.name}",))
        if exists.fetchone()[0] is None:
            continue  # nothing published: dbt builds the model whole
        conn.execute(sql.SQL("CREATE TABLE {} (LIKE {})").format(target, published))
        cur = conn.execute(
            sql.SQL("INSERT INTO {} SELECT * FROM {} WHERE {} < %s").format(
                target, published, sql.Identifier(model.day_column)
            ),
            (model.settled_before(plan),),
        )
        copied[model.name] = cur.rowcount
    return copied
