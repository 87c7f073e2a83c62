"""Bulk load with COPY into a fresh table, then swap it in atomically.

A load writes `raw.<table>__loading` first; only when every chunk is in does one transaction
drop the old table, rename the new one into place and declare its keys (and re-attach the
foreign keys of child tables). A failure at any point leaves the previous table untouched,
and re-running never duplicates rows.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl
import psycopg
from psycopg import sql

from saas_datagen.generators.parallel import prefetch
from saas_datagen.registry import children_of, enforceable
from saas_datagen.schema import ForeignKey, TableSpec
from saas_datagen.warehouse import ddl

Progress = Callable[[str], None]
PROGRESS_EVERY_S = 10.0


@dataclass(frozen=True)
class LoadResult:
    table: str
    rows: int
    seconds: float  # everything: copy, keys, swap, analyze
    copy_seconds: float  # generation streamed into COPY


def ensure_schemas(conn: psycopg.Connection) -> None:
    for schema in ddl.MODEL_SCHEMAS:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    conn.commit()


def _table_exists(conn: psycopg.Connection, table: str) -> bool:
    found = conn.execute("SELECT to_regclass(%s)", (f"{ddl.RAW_SCHEMA}.{table}",)).fetchone()
    return found is not None and found[0] is not None


def csv_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_csv(
        buffer, include_header=False, null_value="", datetime_format="%Y-%m-%d %H:%M:%S%.6f+00"
    )
    return buffer.getvalue()


def copy_frames(
    conn: psycopg.Connection,
    spec: TableSpec,
    table: str,
    frames: Iterable[pl.DataFrame],
    progress: Progress | None = None,
) -> int:
    rows = 0
    next_report = time.perf_counter() + PROGRESS_EVERY_S
    statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
        ddl.qualified(table), sql.SQL(", ").join(sql.Identifier(c) for c in spec.column_names)
    )
    payloads = prefetch((frame.height, csv_bytes(frame)) for frame in frames)
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for height, payload in payloads:
            copy.write(payload)
            rows += height
            if progress and time.perf_counter() >= next_report:
                progress(f"{rows:,} rows copied")
                next_report = time.perf_counter() + PROGRESS_EVERY_S
    return rows


def swap_in(conn: psycopg.Connection, spec: TableSpec, staging: str) -> list[str]:
    """One transaction: replace the table, declare keys, re-attach child foreign keys.

    Returns the children whose rows predate this parent (their keys are re-attached NOT VALID
    until they are reloaded, as a full build does next)."""
    stale: list[str] = []
    with conn.transaction():
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(ddl.qualified(spec.name)))
        conn.execute(
            sql.SQL("ALTER TABLE {} RENAME TO {}").format(
                ddl.qualified(staging), sql.Identifier(spec.name)
            )
        )
        conn.execute(ddl.primary_key(spec))
        for fk in spec.foreign_keys:
            if fk.parent != spec.name and not _table_exists(conn, fk.parent):
                continue
            if enforceable(fk):
                conn.execute(ddl.foreign_key(spec.name, fk))
            if spec.index_foreign_keys:
                conn.execute(ddl.index_on(spec.name, fk.column))
        for child in children_of(spec.name):
            if child.name != spec.name and _table_exists(conn, child.name):
                for fk in filter(enforceable, child.foreign_keys):
                    if fk.parent == spec.name and not _reattach(conn, child.name, fk):
                        stale.append(child.name)
    return stale


def _reattach(conn: psycopg.Connection, child: str, fk: ForeignKey) -> bool:
    """Re-attach a child's key to the new parent; False if the child still holds rows of an
    earlier build (another seed or generator version), which its own reload replaces."""
    try:
        with conn.transaction():
            conn.execute(ddl.foreign_key(child, fk))
        return True
    except psycopg.errors.ForeignKeyViolation:
        conn.execute(ddl.foreign_key(child, fk, validate=False))
        return False


def load_table(
    url: str, spec: TableSpec, frames: Iterable[pl.DataFrame], progress: Progress | None = None
) -> LoadResult:
    started = time.perf_counter()
    staging = f"{spec.name}__loading"
    with psycopg.connect(url) as conn:
        ensure_schemas(conn)
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(ddl.qualified(staging)))
        conn.execute(ddl.create_table(spec, staging))
        copy_started = time.perf_counter()
        rows = copy_frames(conn, spec, staging, frames, progress)
        conn.commit()
        copy_seconds = time.perf_counter() - copy_started
        if progress:
            progress(f"{rows:,} rows copied; declaring keys and swapping in")
        stale = swap_in(conn, spec, staging)
        if stale and progress:
            progress(
                f"{', '.join(stale)} still hold rows of an earlier build; their keys to "
                f"{spec.name} are NOT VALID until they are reloaded"
            )
        conn.execute(sql.SQL("ANALYZE {}").format(ddl.qualified(spec.name)))
        conn.commit()
    return LoadResult(spec.name, rows, time.perf_counter() - started, copy_seconds)
