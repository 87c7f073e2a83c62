"""The append of `advance` (issue #14): a later cut of the same story reuses the event days
the published build already holds and generates only the days after them.

A cut of a story at `as_of` shows every event before midnight starting `as_of`; a later cut
of the same story shows the same rows for every day that had ended by then, except the last
one (a session still open at the cut-off is shown cut there). So an advance reuses the
published day partitions before that day and generates the rest. That is only sound when the
published build is the same story made by the same code: the `story_key` (seed, environment,
story end, anchor, anomalies, scale, and a digest of the generators' source and the
libraries that draw the numbers) says so, recorded with every build in `tapflow.builds`.
Anything else falls back to generating every day.

No settled row is copied. The build generates the new days into `<table>__appended` and
shows the table as a view of the published settled days and those (`create_settled_view`),
which dbt and the checks read; the publish, in its one transaction, detaches the settled
day partitions from the published table, attaches them to the build's and gives it the
table's name, and makes the views that read the view again (`attach_settled_days`). The days
keep their rows, indexes and statistics; their CHECK constraints spare the attach a scan.

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
# What the published build's models of its settled days, and its verdicts on them, are a
# function of besides the rows: the dbt project (models, macros, tests) and dbt, and the raw
# checks. An advance reuses those (the incremental models' settled rows, the tests and
# checks scoped to the new days) only when they are the same as the published build's.
PIPELINE_SOURCES = (
    PACKAGE.parent / "dbt_project" / "dbt_project.yml",
    PACKAGE.parent / "dbt_project" / "models",
    PACKAGE.parent / "dbt_project" / "macros",
    PACKAGE.parent / "dbt_project" / "tests",
    PACKAGE / "quality",
)
PIPELINE_LIBRARIES = ("dbt-core", "dbt-postgres")
# The published cut's last day may still change (a session open at its cut-off is shown cut
# there): it is generated again with the new days.
DAYS_REGENERATED = 1
# An advance's build generates the new days of an appendable table into `<table>__appended`;
# the publish attaches the settled days to it and gives it the table's name.
APPENDED = "__appended"


def _digest(
    sources: tuple[Path, ...], libraries: tuple[str, ...], root: Path, suffixes: set[str]
) -> str:
    """A digest of the files under `sources` whose suffix is in `suffixes` (their paths
    relative to `root`, and their bytes) and of the installed versions of `libraries`."""
    digest = hashlib.sha256()
    for source in sources:
        files = (
            sorted(p for p in source.rglob("*") if p.suffix in suffixes)
            if source.is_dir()
            else [source]
        )
        for path in files:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    for library in libraries:
        digest.update(f"{library}=={metadata.version(library)}".encode())
    return digest.hexdigest()[:16]


@cache
def code_digest() -> str:
    """A digest of everything the generated rows depend on besides the run's settings."""
    sources = tuple(PACKAGE / name for name in GENERATING_SOURCES)
    return _digest(sources, GENERATING_LIBRARIES, PACKAGE, {".py"})


@cache
def pipeline_key() -> str:
    """A digest of what turns the raw rows into models and verdicts: the dbt project, dbt,
    the raw checks. Recorded with every build (tapflow.builds.pipeline_key)."""
    return _digest(PIPELINE_SOURCES, PIPELINE_LIBRARIES, PACKAGE.parent, {".py", ".sql", ".yml"})


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
    """What a build reuses from the published one: its event days before `first_new_day`,
    and, when the published build ran the same dbt project and checks (`same_pipeline`), its
    incremental models' settled rows and its tests' and checks' verdicts on the settled days."""

    source_schema: str  # the published raw schema
    published_as_of: date
    first_new_day: date
    same_pipeline: bool = True

    @property
    def models_append_from(self) -> date | None:
        """The day dbt's incremental models append from (`--vars append_from`, the tests
        scoped to the days from it), or None: the published build's models and verdicts
        came from another dbt project or other checks, so dbt builds and tests every day."""
        return self.first_new_day if self.same_pipeline else None


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
    same_pipeline = published.get("pipeline_key") == pipeline_key()
    return AppendPlan(ddl.RAW_SCHEMA, published["as_of"], first_new, same_pipeline), ""


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


def appended_table(table: str) -> str:
    """Where an advance's build stores the days it generates of `table`, until the publish."""
    return f"{table}{APPENDED}"


def settled_days(conn: psycopg.Connection, table: str, plan: AppendPlan) -> list[date]:
    """The published table's days this build reuses: those before `plan.first_new_day`."""
    return [d for d in published_days(conn, plan.source_schema, table) if d < plan.first_new_day]


def settled_and_appended(
    spec: TableSpec, plan: AppendPlan, sample: sql.Composable | None = None
) -> sql.Composed:
    """A query of an advance's whole table: the published settled days and the appended
    ones, each table optionally sampled (`sample`: a TABLESAMPLE clause, which PostgreSQL
    takes on tables only, not on the view `create_settled_view` makes of this).

    Why the published table filtered by day, not each settled partition named (session 17,
    measured at qa): a `UNION ALL` of plain tables is flattened into one append relation,
    whose parts keep their indexes, but parts are then skipped only by plan-time constants,
    and the incremental models' `tapped_at >= date '…'` is not one (a date cast to
    timestamptz depends on the time zone): they read every settled day (15 s instead of 2 s
    for `int_locations__daily_taps`), while the partitioned table prunes at run time."""
    columns = sql.SQL(", ").join(sql.Identifier(c) for c in spec.column_names)
    return sql.SQL(
        "SELECT {columns} FROM {published} {sample} WHERE {day} < {first_new} "
        "UNION ALL SELECT {columns} FROM {appended} {sample}"
    ).format(
        columns=columns,
        published=sql.Identifier(plan.source_schema, spec.name),
        sample=sample or sql.SQL(""),
        day=sql.Identifier(spec.freshness_column),
        first_new=sql.Literal(ddl.midnight(plan.first_new_day)),
        appended=ddl.relation(appended_table(spec.name)),
    )


def create_settled_view(conn: psycopg.Connection, spec: TableSpec, plan: AppendPlan) -> list[date]:
    """The build's `spec.name` during an advance: a view of the published table's settled
    days and the days generated into `appended_table`, so dbt and the checks read the whole
    table without a row being copied (the connection's schema is the build's raw one).
    Returns the settled days it shows."""
    conn.execute(
        sql.SQL("CREATE VIEW {} AS {}").format(
            ddl.relation(spec.name), settled_and_appended(spec, plan)
        )
    )
    return settled_days(conn, spec.name, plan)


@dataclass(frozen=True)
class DependentView:
    """A view as the catalog holds it, to be made again (here, and the user views a publish
    re-creates over the new version: versions.publish)."""

    schema: str
    name: str
    options: list[str]
    definition: str  # fully qualified (read with an empty search_path)

    def create(self, replace: bool = False) -> sql.Composed:
        return sql.SQL("CREATE {}VIEW {} {} AS {}").format(
            sql.SQL("OR REPLACE " if replace else ""),
            sql.Identifier(self.schema, self.name),
            sql.SQL(f"WITH ({', '.join(self.options)})" if self.options else ""),
            sql.SQL(self.definition.rstrip().rstrip(";")),
        )


def dependent_views(conn: psycopg.Connection, schema: str, name: str) -> list[DependentView]:
    """Every view that reads `schema.name`, directly or through other views, in an order
    they can be created in (each after the views it reads). Anything else that reads it (a
    materialised view) cannot be carried over: ValueError."""
    rows = conn.execute(
        """
        WITH RECURSIVE reader(oid, depth) AS (
            SELECT %s::regclass::oid, 0
            UNION
            SELECT r.ev_class, reader.depth + 1
            FROM reader
            JOIN pg_depend d ON d.refobjid = reader.oid
                AND d.refclassid = 'pg_class'::regclass AND d.classid = 'pg_rewrite'::regclass
            JOIN pg_rewrite r ON r.oid = d.objid AND r.ev_class <> reader.oid
        )
        SELECT n.nspname, c.relname, c.relkind, c.reloptions, pg_get_viewdef(c.oid),
               max(reader.depth) AS depth
        FROM reader JOIN pg_class c ON c.oid = reader.oid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE reader.depth > 0
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY depth, 1, 2
        """,
        (f'"{schema}"."{name}"',),
    ).fetchall()
    other = [f"{s}.{n}" for s, n, kind, *_ in rows if kind != "v"]
    if other:
        raise ValueError(f"{schema}.{name} is read by {', '.join(other)}, which are not views")
    return [DependentView(s, n, list(o or []), d) for s, n, _kind, o, d, _depth in rows]


def attach_settled_days(
    conn: psycopg.Connection, build_raw: str, plan: AppendPlan, tables: list[str]
) -> dict[str, int]:
    """At the publish of an advance, inside its transaction: each table's settled day
    partitions leave the published table and join the build's (`appended_table`, renamed to
    the table's name in place of the view `create_settled_view` made), and the views that
    read the view are made again over the table. No row is copied: the partitions carry their
    rows, keys and statistics, and their CHECK constraints (ddl.day_partition) spare the
    attach a scan. Readers of the published table wait for the moment each detach takes.
    Returns the days attached per table."""
    attached = {}
    for table in tables:
        appended = appended_table(table)
        if (
            conn.execute("SELECT to_regclass(%s)", (f'"{build_raw}"."{appended}"',)).fetchone()[0]
            is None
        ):
            continue  # this table was generated whole
        views = dependent_views(conn, build_raw, table)
        conn.execute(sql.SQL("DROP VIEW {} CASCADE").format(sql.Identifier(build_raw, table)))
        days = settled_days(conn, table, plan)
        for day in days:
            partition = ddl.day_partition_name(table, day)
            published = sql.Identifier(plan.source_schema, partition)
            conn.execute(
                sql.SQL("ALTER TABLE {} DETACH PARTITION {}").format(
                    sql.Identifier(plan.source_schema, table), published
                )
            )
            conn.execute(
                sql.SQL("ALTER TABLE {} SET SCHEMA {}").format(published, sql.Identifier(build_raw))
            )
            conn.execute(
                sql.SQL("ALTER TABLE {} ATTACH PARTITION {} {}").format(
                    sql.Identifier(build_raw, appended),
                    sql.Identifier(build_raw, partition),
                    ddl.partition_bounds(day),
                )
            )
        conn.execute(
            sql.SQL("ALTER TABLE {} RENAME TO {}").format(
                sql.Identifier(build_raw, appended), sql.Identifier(table)
            )
        )
        for view in views:
            conn.execute(view.create())
        attached[table] = len(days)
    return attached


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
