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
from saas_datagen.registry import enforceable
from saas_datagen.schema import TableSpec
from saas_datagen.warehouse import ddl, server
from saas_datagen.warehouse.append import AppendPlan, copy_settled_days

Progress = Callable[[str], None]
PROGRESS_EVERY_S = 10.0


@dataclass(frozen=True)
class LoadResult:
    table: str
    rows: int
    seconds: float  # everything: copy, keys, analyze
    copy_seconds: float  # generation streamed into COPY
    settled_rows: int = 0  # of them, copied from the published build (the append)


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


def create_day_partitions(conn: psycopg.Connection, table: str, days: Iterable[date]) -> None:
    """Each day's partition, unless it exists. Loaders running side by side (the PostgreSQL
    sink on Dask) call this on an autocommit connection: two creating the same day at once
    pass the existence check together and one gets a duplicate error; the day exists then."""
    for day in sorted(days):
        try:
            conn.execute(ddl.day_partition(table, day))
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
    partition as the first row of that day arrives (DDL cannot run inside a COPY, so the
    COPY is closed, the partitions made, and a new COPY carries on), unless the caller made
    it already (`partitioned`)."""
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
            create_day_partitions(conn, table, pending.days - partitioned)
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


def declare_keys(conn: psycopg.Connection, spec: TableSpec) -> None:
    """Primary key, enforceable foreign keys (parents load first) and their indexes."""
    conn.execute(ddl.primary_key(spec))
    for fk in spec.foreign_keys:
        if enforceable(fk):
            conn.execute(ddl.foreign_key(spec.name, fk))
        if spec.index_foreign_keys:
            conn.execute(ddl.index_on(spec.name, fk.column))
    for index, group in enumerate(spec.group_statistics):
        conn.execute(ddl.group_statistics(spec.name, index, group))


def load_table(
    url: str,
    spec: TableSpec,
    frames: Iterable[pl.DataFrame],
    progress: Progress | None = None,
    schema: str = ddl.RAW_SCHEMA,
    settled: AppendPlan | None = None,
) -> LoadResult:
    """Load `frames` into the table (re)created in `schema`; with `settled`, the published
    build's partitions before its first new day are copied in first (the append)."""
    started = time.perf_counter()
    with server.connect(url, schema=schema) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        # CASCADE reaches only this build's own objects: a retried step replaces its table.
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(ddl.relation(spec.name)))
        conn.execute(ddl.create_table(spec, spec.name))
        settled_rows, days = 0, []
        if settled is not None:
            days, settled_rows = copy_settled_days(conn, spec, settled)
            if progress:
                progress(
                    f"{settled_rows:,} rows of {len(days)} settled days copied from the published "
                    f"build in {time.perf_counter() - started:.1f}s"
                )
        copy_started = time.perf_counter()
        rows = settled_rows + copy_frames(conn, spec, spec.name, frames, progress, days)
        copy_seconds = time.perf_counter() - copy_started
        if progress:
            progress(f"{rows:,} rows copied; declaring keys")
        declare_keys(conn, spec)
        conn.commit()
        conn.execute(sql.SQL("ANALYZE {}").format(ddl.relation(spec.name)))
        conn.commit()
    seconds = time.perf_counter() - started
    return LoadResult(spec.name, rows, seconds, copy_seconds, settled_rows)
