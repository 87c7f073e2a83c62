"""Bulk load one raw table with COPY into the raw schema of a build.

A build writes its own schemas (see `versions`), invisible to readers until it is published
whole, so a table is simply (re)created there: dropped if an earlier attempt of the same build
left it, created, streamed in with COPY, then given its keys and statistics. A failure at any
point touches nothing a reader sees, and re-running never duplicates rows.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import polars as pl
import psycopg
from psycopg import sql

from saas_datagen.generators.parallel import prefetch
from saas_datagen.registry import enforced_foreign_keys
from saas_datagen.schema import TableSpec
from saas_datagen.warehouse import ddl, server
from saas_datagen.warehouse.append import AppendPlan, appended_table, create_settled_view

Progress = Callable[[str], None]
PROGRESS_EVERY_S = 10.0


@dataclass(frozen=True)
class LoadResult:
    table: str
    rows: int
    seconds: float  # everything: copy, keys, analyze
    copy_seconds: float  # generation streamed into COPY
    # The append (`advance`): the published build's settled days the table shows (the
    # publish attaches them); `rows` are then the new days' only.
    settled_days: int = 0


def csv_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_csv(
        buffer, include_header=False, null_value="", datetime_format="%Y-%m-%d %H:%M:%S%.6f+00"
    )
    return buffer.getvalue()


@dataclass(frozen=True)
class Payload:
    """One frame as COPY receives it, with the UTC days its rows fall on (day-partitioned
    tables; empty otherwise)."""

    rows: int
    days: frozenset[date]
    csv: bytes


def payload(frame: pl.DataFrame, spec: TableSpec) -> Payload:
    days: frozenset[date] = frozenset()
    if spec.day_partitioned:
        days = frozenset(frame[spec.freshness_column].dt.date().unique().to_list())
    return Payload(frame.height, days, csv_bytes(frame))


def create_day_partitions(
    conn: psycopg.Connection,
    spec: TableSpec,
    days: Iterable[date],
    table: str | None = None,
    named: str | None = None,
) -> None:
    """Each day's partition of `table` (default: the spec's), named after `named` (default:
    the table), unless it exists. Loaders running side by side (the PostgreSQL sink on Dask)
    call this on an autocommit connection: two creating the same day at once pass the
    existence check together and one gets a duplicate error; the day exists then."""
    parent = table or spec.name
    for day in sorted(days):
        try:
            conn.execute(ddl.day_partition(parent, day, spec.freshness_column, named))
        except (psycopg.errors.DuplicateTable, psycopg.errors.UniqueViolation):
            if not conn.autocommit:
                raise


def copy_frames(
    conn: psycopg.Connection,
    spec: TableSpec,
    table: str,
    frames: Iterable[pl.DataFrame],
    progress: Progress | None = None,
    partitioned: Iterable[date] = (),
) -> int:
    """Stream `frames` into `table` with COPY; a day-partitioned table gets each day's
    partition (named after the spec's table) as the first row of that day arrives (DDL cannot
    run inside a COPY, so the COPY is closed, the partitions made, and a new COPY carries
    on), unless the caller made it already (`partitioned`)."""
    rows = 0
    started = time.perf_counter()
    next_report = started + PROGRESS_EVERY_S
    statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
        ddl.relation(table), sql.SQL(", ").join(sql.Identifier(c) for c in spec.column_names)
    )
    payloads = prefetch(payload(frame, spec) for frame in frames)
    partitioned = set(partitioned)
    pending = next(payloads, None)
    with conn.cursor() as cur:
        while pending is not None:
            create_day_partitions(conn, spec, pending.days - partitioned, table, spec.name)
            partitioned |= pending.days
            with cur.copy(statement) as copy:
                while pending is not None and pending.days <= partitioned:
                    copy.write(pending.csv)
                    rows += pending.rows
                    now = time.perf_counter()
                    if progress and now >= next_report:
                        progress(f"{rows:,} rows copied ({rows / (now - started):,.0f} rows/s)")
                        next_report = now + PROGRESS_EVERY_S
                    pending = next(payloads, None)
    return rows


def declare_keys(conn: psycopg.Connection, spec: TableSpec, table: str | None = None) -> None:
    """Primary key, enforced foreign keys (parents load first), foreign-key indexes and
    group statistics, on `table` (default: the spec's), named after the spec's table."""
    table = table or spec.name
    conn.execute(ddl.primary_key(spec, table))
    for fk in enforced_foreign_keys(spec):
        conn.execute(ddl.foreign_key(table, fk))
    if spec.index_foreign_keys:
        for fk in spec.foreign_keys:
            conn.execute(ddl.index_on(table, fk.column))
    for index, group in enumerate(spec.group_statistics):
        conn.execute(ddl.group_statistics(spec.name, index, group, on=table))


def load_table(
    url: str,
    spec: TableSpec,
    frames: Iterable[pl.DataFrame],
    progress: Progress | None = None,
    schema: str = ddl.RAW_SCHEMA,
    settled: AppendPlan | None = None,
) -> LoadResult:
    """Load `frames` into the table (re)created in `schema`. With `settled` (the append of
    `advance`), the frames are the new days: they go to `appended_table`, and the table is
    a view of the published build's settled days and them until the publish attaches the
    days (warehouse/append.py)."""
    started = time.perf_counter()
    table = spec.name if settled is None else appended_table(spec.name)
    with server.connect(url, schema=schema) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        # CASCADE reaches only this build's own objects: a retried step replaces its table.
        _drop_relation(conn, spec.name)
        _drop_relation(conn, appended_table(spec.name))
        conn.execute(ddl.create_table(spec, table))
        copy_started = time.perf_counter()
        rows = copy_frames(conn, spec, table, frames, progress)
        copy_seconds = time.perf_counter() - copy_started
        if progress:
            progress(f"{rows:,} rows copied; declaring keys")
        declare_keys(conn, spec, table)
        days = [] if settled is None else create_settled_view(conn, spec, settled)
        if settled is not None and progress:
            progress(f"with the published build's {len(days)} settled days (to be attached)")
        conn.commit()
        conn.execute(sql.SQL("ANALYZE {}").format(ddl.relation(table)))
        conn.commit()
    seconds = time.perf_counter() - started
    return LoadResult(spec.name, rows, seconds, copy_seconds, len(days))


def _drop_relation(conn: psycopg.Connection, name: str) -> None:
    """Drop the table or view `name` of the connection's schema, if there is one."""
    kind = conn.execute(
        "SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", (name,)
    ).fetchone()
    if kind is not None:
        what = "VIEW" if kind[0] == "v" else "TABLE"
        conn.execute(sql.SQL(f"DROP {what} {{}} CASCADE").format(ddl.relation(name)))
