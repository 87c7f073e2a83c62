"""Blue/green versions of an environment's warehouse.

A build writes every schema it produces under its own name (`raw__build_<id>`,
`staging__build_<id>`, …) beside the published ones, which readers keep querying. Only when
the whole build passed its checks does `publish` swap it in, in one transaction:

1. objects users created inside the published schemas (a view or table in `mart` that the
   build does not produce) move into the new version,
2. privileges granted on the published schemas and tables are granted on the new ones,
3. each published schema is renamed `<schema>__retired_<id>` and the build's takes its name,
4. user views that read the published schemas (from any schema) are re-created with their
   own definition, so they keep their identity, grants and dependents and read the new data.

After the commit the retired schemas are dropped, unless something outside them still
depends on them (a materialised view, a foreign key, a function): then they are kept and the
publish says why, so nothing a user made is ever dropped silently. A crashed or failed build
leaves only its own `__build_` schemas, which the next build removes (`remove_leftovers`).
`tapflow.builds` records every build and which one is published.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import psycopg
from psycopg import sql

from saas_datagen.warehouse import server
from saas_datagen.warehouse.append import AppendPlan, DependentView, attach_settled_days
from saas_datagen.warehouse.ddl import MODEL_SCHEMAS, RAW_SCHEMA

BOOKKEEPING_SCHEMA = "tapflow"
BUILD_MARK = "__build_"
RETIRED_MARK = "__retired_"
PUBLISH_LOCK = zlib.crc32(b"saas_datagen.publish")
# Readers of a user view hold it while they query; do not wait for them forever.
PUBLISH_LOCK_TIMEOUT = "120s"
_VERSIONED = re.compile(rf"^({'|'.join(MODEL_SCHEMAS)})({BUILD_MARK}|{RETIRED_MARK})(\w+)$")


@dataclass(frozen=True)
class Build:
    """One build of an environment: the schemas it writes, named after its id."""

    build_id: str

    @classmethod
    def for_run(cls, run_id: str) -> Build:
        """A build is a Dagster run and its re-executions: the root run id names it."""
        return cls(run_id.replace("-", "")[:12])

    @property
    def suffix(self) -> str:
        return f"{BUILD_MARK}{self.build_id}"

    def schema(self, published: str) -> str:
        return f"{published}{self.suffix}"

    @property
    def raw_schema(self) -> str:
        return self.schema("raw")


@dataclass
class PublishReport:
    build_id: str
    moved: list[str] = field(default_factory=list)  # user objects carried into the new version
    rebound: list[str] = field(default_factory=list)  # user views now reading the new version
    dropped: list[str] = field(default_factory=list)  # retired schemas removed
    kept: dict[str, list[str]] = field(default_factory=dict)  # retired schema -> dependents
    not_dropped: dict[str, str] = field(default_factory=dict)  # retired schema -> why
    attached: dict[str, int] = field(default_factory=dict)  # appended table -> settled days
    attach_seconds: float = 0.0  # the attach, inside the publish's transaction
    analyze_seconds: float = 0.0  # the attached tables' statistics, after the commit
    not_analyzed: dict[str, str] = field(default_factory=dict)  # attached table -> why


class PublishRefused(RuntimeError):
    """The build cannot be published; nothing changed for readers."""


def _published_names(build: Build, relations: Iterable[str]) -> set[str]:
    return {r.replace(build.suffix + ".", ".", 1) for r in relations}


_BUILDS_DDL = f"""
CREATE SCHEMA IF NOT EXISTS {BOOKKEEPING_SCHEMA};
CREATE TABLE IF NOT EXISTS {BOOKKEEPING_SCHEMA}.builds (
    build_id     text PRIMARY KEY,
    run_id       text NOT NULL,
    env          text NOT NULL,
    seed         bigint NOT NULL,
    as_of        date NOT NULL,
    status       text NOT NULL,  -- building, published, retired, failed, abandoned
    started_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    objects      text[]          -- schema.relation of everything the build produced
);
COMMENT ON TABLE {BOOKKEEPING_SCHEMA}.builds IS
    'Every build of this warehouse; the one with status published is what readers see.';
-- The timeline (docs/timeline.md): a build that is a cut of a longer story records its end
-- and anchor, so `advance` builds the next cut of the same story.
ALTER TABLE {BOOKKEEPING_SCHEMA}.builds ADD COLUMN IF NOT EXISTS story_end date;
ALTER TABLE {BOOKKEEPING_SCHEMA}.builds ADD COLUMN IF NOT EXISTS anchor date;
-- Which story (and code) the build is a cut of: `advance` reuses the settled event days of a
-- published build with the same key (warehouse/append.py).
ALTER TABLE {BOOKKEEPING_SCHEMA}.builds ADD COLUMN IF NOT EXISTS story_key text;
-- Which dbt project and checks made its models and verdicts: `advance` reuses the settled
-- rows of the incremental models and the verdicts on the settled days only when they match.
ALTER TABLE {BOOKKEEPING_SCHEMA}.builds ADD COLUMN IF NOT EXISTS pipeline_key text;
"""


def begin(
    url: str,
    build: Build,
    *,
    run_id: str,
    env: str,
    seed: int,
    as_of: date,
    story_end: date | None = None,
    anchor: date | None = None,
    story_key: str | None = None,
    pipeline_key: str | None = None,
) -> None:
    """Record the build and create its schemas (idempotent: every step of a run calls it)."""
    with server.connect(url) as conn:
        conn.execute(sql.SQL("SELECT pg_advisory_xact_lock({})").format(PUBLISH_LOCK))
        conn.execute(_BUILDS_DDL)
        conn.execute(
            f"INSERT INTO {BOOKKEEPING_SCHEMA}.builds "
            "(build_id, run_id, env, seed, as_of, story_end, anchor, story_key, pipeline_key,"
            " status) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 'building')"
            " ON CONFLICT (build_id) DO NOTHING",
            (build.build_id, run_id, env, seed, as_of, story_end, anchor, story_key, pipeline_key),
        )
        for schema in MODEL_SCHEMAS:
            conn.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                    sql.Identifier(build.schema(schema))
                )
            )


def mark_failed(url: str, build: Build) -> None:
    """A build that ran to its end without being published (a check or a step failed)."""
    with server.connect(url) as conn:
        conn.execute(
            f"UPDATE {BOOKKEEPING_SCHEMA}.builds SET status = 'failed' "
            "WHERE build_id = %s AND status = 'building'",
            (build.build_id,),
        )


def published_build(url: str) -> dict | None:
    """The published build's row in tapflow.builds, if any."""
    with server.connect(url) as conn:
        if not _has_bookkeeping(conn):
            return None
        cur = conn.execute(f"SELECT * FROM {BOOKKEEPING_SCHEMA}.builds WHERE status = 'published'")
        row = cur.fetchone()
        if row is None:
            return None
        published = dict(zip([c.name for c in cur.description], row, strict=True))
        # A warehouse built before the timeline has no such columns: the whole story.
        return {
            "story_end": None,
            "anchor": None,
            "story_key": None,
            "pipeline_key": None,
        } | published


def published_bytes(url: str) -> int:
    """On-disk size of the published warehouse (its five schemas, indexes included)."""
    with server.connect(url) as conn:
        return int(_schema_bytes(conn, list(MODEL_SCHEMAS)))


def _has_bookkeeping(conn: psycopg.Connection) -> bool:
    return (
        conn.execute("SELECT to_regclass(%s)", (f"{BOOKKEEPING_SCHEMA}.builds",)).fetchone()[0]
        is not None
    )


def versioned_schemas(conn: psycopg.Connection) -> dict[str, list[str]]:
    """Build and retired schemas on the server, by build id."""
    found: dict[str, list[str]] = {}
    for (name,) in conn.execute("SELECT nspname FROM pg_namespace ORDER BY 1"):
        match = _VERSIONED.match(name)
        if match:
            found.setdefault(match.group(2) + match.group(3), []).append(name)
    return found


def _schema_bytes(conn: psycopg.Connection, schemas: list[str]) -> int:
    return conn.execute(
        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'm', 'p')",
        (schemas,),
    ).fetchone()[0]


def remove_leftovers(url: str, keep: Iterable[str] = ()) -> list[str]:
    """Drop what crashed or failed builds left (their `__build_` schemas, except the builds
    in `keep`, which are running), retired versions nothing depends on any more, and the
    `raw.*__loading` tables of the loader before blue/green. Returns what was removed."""
    keep_marks = {f"{BUILD_MARK}{b}" for b in keep}
    removed: list[str] = []
    with server.connect(url, autocommit=True) as conn:
        for mark, schemas in versioned_schemas(conn).items():
            if mark in keep_marks:
                continue
            if mark.startswith(RETIRED_MARK) and _external_dependents(conn, schemas):
                continue  # still pinned; the publish that retired it said by what
            size = _schema_bytes(conn, schemas)
            for schema in schemas:
                conn.execute(
                    sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
                )
            kind = "unpublished build" if mark.startswith(BUILD_MARK) else "retired version"
            megabytes = int(size) / 1e6
            removed.append(
                f"{kind} {mark.split('_')[-1]}: {len(schemas)} schemas, {megabytes:,.0f} MB"
            )
            if mark.startswith(BUILD_MARK) and _has_bookkeeping(conn):
                conn.execute(
                    f"UPDATE {BOOKKEEPING_SCHEMA}.builds SET status = 'abandoned' "
                    "WHERE build_id = %s AND status = 'building'",
                    (mark.removeprefix(BUILD_MARK),),
                )
        for (table,) in conn.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = to_regnamespace('raw') "
            "AND relname LIKE '%%\\_\\_loading' AND relkind = 'r'"
        ).fetchall():
            conn.execute(sql.SQL("DROP TABLE raw.{}").format(sql.Identifier(table)))
            removed.append(f"half-loaded table raw.{table}")
    return removed


def publish(
    url: str,
    build: Build,
    expected: Mapping[str, Iterable[str]],
    append: AppendPlan | None = None,
    appended: Iterable[str] = (),
) -> PublishReport:
    """Swap the build in as the published warehouse, in one transaction (module docstring).

    `expected` names, per published schema, every relation the build must contain; a build
    missing any is refused (PublishRefused) and nothing changes. A build that appends to the
    published one (`append`, `advance`) gets the published settled days of the `appended`
    tables attached first, in the same transaction (warehouse/append.py)."""
    report = PublishReport(build.build_id)
    with server.connect(url) as conn:
        conn.execute(sql.SQL("SELECT pg_advisory_xact_lock({})").format(PUBLISH_LOCK))
        conn.execute("SELECT set_config('search_path', '', true)")  # fully qualified viewdefs
        conn.execute(f"SET LOCAL lock_timeout = '{PUBLISH_LOCK_TIMEOUT}'")
        _require_complete(conn, build, expected)
        if append is not None:
            started = time.perf_counter()
            try:
                report.attached = attach_settled_days(
                    conn, build.raw_schema, append, list(appended)
                )
            except (ValueError, psycopg.errors.LockNotAvailable) as exc:
                raise PublishRefused(
                    f"the settled days cannot move into build {build.build_id} "
                    f"({str(exc).splitlines()[0]}); the published warehouse is unchanged"
                ) from exc
            report.attach_seconds = time.perf_counter() - started
        built = _relations(conn, map(build.schema, MODEL_SCHEMAS))
        produced = sorted(_published_names(build, built))
        published = _existing(conn, MODEL_SCHEMAS)
        # Ours: what this build or the published one produced; anything else a user made.
        foreign = _foreign_objects(conn, published, _previous_objects(conn) | set(produced))
        views = _views_to_rebind(conn, published, build, foreign)
        for schema in published:
            _copy_privileges(conn, schema, build.schema(schema))
        for schema, name, kind in foreign:
            conn.execute(
                sql.SQL("ALTER {} {}.{} SET SCHEMA {}").format(
                    sql.SQL(_ALTER_KIND[kind]),
                    sql.Identifier(schema),
                    sql.Identifier(name),
                    sql.Identifier(build.schema(schema)),
                )
            )
            report.moved.append(f"{schema}.{name}")
        retired = [f"{schema}{RETIRED_MARK}{build.build_id}" for schema in published]
        for schema, old in zip(published, retired, strict=True):
            conn.execute(
                sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                    sql.Identifier(schema), sql.Identifier(old)
                )
            )
        for schema in MODEL_SCHEMAS:
            conn.execute(
                sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                    sql.Identifier(build.schema(schema)), sql.Identifier(schema)
                )
            )
        for view in views:
            try:
                conn.execute(view.create(replace=True))
            except psycopg.Error as exc:
                raise PublishRefused(
                    f"the user view {view.schema}.{view.name} cannot read the new version "
                    f"({str(exc).splitlines()[0]}); the published warehouse is unchanged"
                ) from exc
            report.rebound.append(f"{view.schema}.{view.name}")
        conn.execute(
            f"UPDATE {BOOKKEEPING_SCHEMA}.builds SET status = 'retired' WHERE status = 'published'"
        )
        conn.execute(
            f"UPDATE {BOOKKEEPING_SCHEMA}.builds SET status = 'published', published_at = now(), "
            "objects = %s WHERE build_id = %s",
            (produced, build.build_id),
        )
        conn.commit()
        # Readers now resolve every name to the new version; drop the old one unless pinned.
        conn.autocommit = True
        started = time.perf_counter()
        for table in report.attached:
            # The attached table's statistics as a whole were those of its new days only (its
            # days keep their own): readers' plans need the whole table's.
            try:
                conn.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(RAW_SCHEMA, table)))
            except psycopg.Error as exc:  # published already: autovacuum analyses it later
                report.not_analyzed[table] = str(exc).splitlines()[0]
        report.analyze_seconds = time.perf_counter() - started
        dependents = _external_dependents(conn, retired)
        if dependents:
            report.kept = {", ".join(retired): dependents}
        else:
            for schema in retired:
                try:
                    conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
                except psycopg.Error as exc:
                    # Published already: a failed clean-up only leaves the old version for the
                    # next build's remove_leftovers.
                    report.not_dropped[schema] = str(exc).splitlines()[0]
                else:
                    report.dropped.append(schema)
    return report


_ALTER_KIND = {
    "r": "TABLE",
    "p": "TABLE",
    "v": "VIEW",
    "m": "MATERIALIZED VIEW",
    "S": "SEQUENCE",
    "f": "FOREIGN TABLE",
}


def _existing(conn: psycopg.Connection, schemas: Iterable[str]) -> list[str]:
    present = {
        name
        for (name,) in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", (list(schemas),)
        )
    }
    return [s for s in schemas if s in present]


def _relations(conn: psycopg.Connection, schemas: Iterable[str]) -> set[str]:
    return {
        f"{schema}.{name}"
        for schema, name in conn.execute(
            "SELECT n.nspname, c.relname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')",
            (list(schemas),),
        )
    }


def _require_complete(
    conn: psycopg.Connection, build: Build, expected: Mapping[str, Iterable[str]]
) -> None:
    built = _relations(conn, [build.schema(s) for s in MODEL_SCHEMAS])
    missing = sorted(
        f"{schema}.{name}"
        for schema, names in expected.items()
        for name in names
        if f"{build.schema(schema)}.{name}" not in built
    )
    if missing:
        more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        shown = ", ".join(missing[:8]) + more
        raise PublishRefused(
            f"build {build.build_id} is incomplete ({len(missing)} relations missing: {shown}); "
            "the published warehouse is unchanged"
        )


def _previous_objects(conn: psycopg.Connection) -> set[str]:
    row = conn.execute(
        f"SELECT objects FROM {BOOKKEEPING_SCHEMA}.builds WHERE status = 'published'"
    ).fetchone()
    return set(row[0] or []) if row else set()


def _foreign_objects(
    conn: psycopg.Connection, published: list[str], ours: set[str]
) -> list[tuple[str, str, str]]:
    """Relations in the published schemas that no build produced: users made them."""
    rows = conn.execute(
        "SELECT n.nspname, c.relname, c.relkind FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
        "AND NOT c.relispartition "
        # a sequence owned by a column moves with its table
        "AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d "
        "    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid "
        "    AND d.deptype IN ('a', 'i'))) "
        "ORDER BY c.oid",
        (published,),
    ).fetchall()
    return [
        (schema, name, kind)
        for schema, name, kind in rows
        if f"{schema}.{name}" not in ours and not name.endswith("__loading")
    ]


def _views_to_rebind(
    conn: psycopg.Connection,
    published: list[str],
    build: Build,
    foreign: list[tuple[str, str, str]],
) -> list[DependentView]:
    """User views that read a published relation, their definitions fully qualified, so
    each names `mart.x` and binds to the new `mart.x`."""
    managed = [*published, *(build.schema(s) for s in MODEL_SCHEMAS)]
    foreign_views = {(s, n) for s, n, kind in foreign if kind == "v"}
    rows = conn.execute(
        """
        SELECT DISTINCT v.oid, vn.nspname, v.relname, v.reloptions, pg_get_viewdef(v.oid)
        FROM pg_depend d
        JOIN pg_rewrite r ON r.oid = d.objid AND d.classid = 'pg_rewrite'::regclass
        JOIN pg_class v ON v.oid = r.ev_class AND v.relkind = 'v'
        JOIN pg_namespace vn ON vn.oid = v.relnamespace
        JOIN pg_class t ON t.oid = d.refobjid AND d.refclassid = 'pg_class'::regclass
        JOIN pg_namespace tn ON tn.oid = t.relnamespace
        WHERE tn.nspname = ANY(%s) AND t.oid <> v.oid
        ORDER BY v.oid
        """,
        (published,),
    ).fetchall()
    return [
        DependentView(schema, name, list(options or []), definition)
        for _oid, schema, name, options, definition in rows
        # a view in another build's schemas (one that failed) is that build's, not a user's
        if (schema not in managed and not _VERSIONED.match(schema))
        or (schema, name) in foreign_views
    ]


def _copy_privileges(conn: psycopg.Connection, old: str, new: str) -> None:
    """Grants on the published schema and its relations, repeated on the new version."""
    for privilege, grantee, grantable in conn.execute(
        "SELECT a.privilege_type, a.grantee, a.is_grantable FROM pg_namespace n, "
        "aclexplode(n.nspacl) a WHERE n.nspname = %s AND a.grantee <> n.nspowner",
        (old,),
    ).fetchall():
        conn.execute(
            sql.SQL("GRANT {} ON SCHEMA {} TO {}{}").format(
                sql.SQL(privilege),
                sql.Identifier(new),
                _grantee(conn, grantee),
                sql.SQL(" WITH GRANT OPTION" if grantable else ""),
            )
        )
    for name, privilege, grantee, grantable in conn.execute(
        """
        SELECT c.relname, a.privilege_type, a.grantee, a.is_grantable
        FROM pg_class c CROSS JOIN aclexplode(c.relacl) a
        WHERE c.relnamespace = to_regnamespace(%s) AND a.grantee <> c.relowner
          AND EXISTS (SELECT 1 FROM pg_class n
                      WHERE n.relnamespace = to_regnamespace(%s) AND n.relname = c.relname)
        """,
        (old, new),
    ).fetchall():
        conn.execute(
            sql.SQL("GRANT {} ON {}.{} TO {}{}").format(
                sql.SQL(privilege),
                sql.Identifier(new),
                sql.Identifier(name),
                _grantee(conn, grantee),
                sql.SQL(" WITH GRANT OPTION" if grantable else ""),
            )
        )


def _grantee(conn: psycopg.Connection, oid: int) -> sql.Composable:
    if oid == 0:
        return sql.SQL("PUBLIC")
    return sql.Identifier(conn.execute("SELECT pg_get_userbyid(%s)", (oid,)).fetchone()[0])


def _external_dependents(conn: psycopg.Connection, schemas: list[str]) -> list[str]:
    """Objects outside `schemas` that depend on something inside them (a drop would take
    them along). Dependents of kinds this does not recognise count as outside."""
    rows = conn.execute(
        """
        WITH inside AS (
            SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ANY(%(s)s)
        ), dependent AS (
            SELECT d.classid, d.objid, d.objsubid,
                   CASE d.classid
                       WHEN 'pg_rewrite'::regclass THEN
                           (SELECT ev_class FROM pg_rewrite WHERE oid = d.objid)
                       WHEN 'pg_constraint'::regclass THEN
                           (SELECT nullif(conrelid, 0) FROM pg_constraint WHERE oid = d.objid)
                       WHEN 'pg_class'::regclass THEN d.objid
                       WHEN 'pg_attrdef'::regclass THEN
                           (SELECT adrelid FROM pg_attrdef WHERE oid = d.objid)
                       WHEN 'pg_trigger'::regclass THEN
                           (SELECT tgrelid FROM pg_trigger WHERE oid = d.objid)
                       WHEN 'pg_type'::regclass THEN
                           (SELECT typrelid FROM pg_type WHERE oid = d.objid)
                   END AS owner_rel
            FROM pg_depend d
            WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid IN (SELECT oid FROM inside)
              AND d.deptype = 'n'
        )
        SELECT DISTINCT pg_describe_object(classid, objid, objsubid)
        FROM dependent
        WHERE owner_rel IS NULL OR owner_rel NOT IN (SELECT oid FROM inside)
        ORDER BY 1
        """,
        {"s": schemas},
    ).fetchall()
    return [r[0] for r in rows]
