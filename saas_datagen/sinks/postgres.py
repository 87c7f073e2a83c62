"""The PostgreSQL sink on Dask (issue #14): a stream table's parts COPYed side by side.

`build --workers N` (a LocalCluster) or `--scheduler ADDRESS` (any Dask cluster): each raw
stream table (schema.UnitStream: tap events, telemetry, sessions, page views, feature use) is
cut into the same parts as the Parquet export (`parts.plan`); every part is a Dask task that
generates its rows on the worker and COPYs them into the build's table over its own
connection, one transaction per part. Rows are routed to their day partitions by PostgreSQL.
Only counts travel back. The table is the same for any worker count: which rows exist does not
depend on who made them, and the build reads tables as sets (keys, checks and models never
depend on physical order).

Locks: a part first generates its rows, then creates the day partitions it lacks on an
autocommit connection, then COPYs in one transaction that takes no further lock. A partition
made mid-COPY (the serial loader's way) would wait for the other workers' COPYs while holding
its own: two workers doing so deadlock.

The build's own schema stays invisible until the whole build is published, so a part that
fails fails the table's step, and the retried step recreates the table; readers never see a
part. Workers must reach the database at the build's URL (on a multi-node cluster: a network
address, not the embedded server's local socket).
"""

from __future__ import annotations

import os
import resource
import socket
import time
from dataclasses import dataclass

from psycopg import sql

from saas_datagen.generators.context import GenerationContext
from saas_datagen.registry import BY_NAME
from saas_datagen.schema import TableSpec
from saas_datagen.sinks.parts import Part, Settings, plan
from saas_datagen.warehouse import ddl, server
from saas_datagen.warehouse.loader import (
    PROGRESS_EVERY_S,
    LoadResult,
    Progress,
    copy_frames,
    create_day_partitions,
    declare_keys,
)


@dataclass(frozen=True)
class CopiedPart:
    part: Part
    rows: int
    seconds: float
    worker: str
    peak_rss_mb: float


def copy_part(ctx: GenerationContext, part: Part, url: str, schema: str) -> CopiedPart:
    """Generate one part and COPY it into `schema`'s table (which must exist)."""
    spec = BY_NAME[part.table]
    started = time.perf_counter()
    frames = list(spec.frames(ctx, part.chunks))  # one part: about a million rows
    days: set = set()
    if spec.day_partitioned:
        for frame in frames:
            days.update(frame[spec.freshness_column].dt.date().unique().to_list())
        with server.connect(url, schema=schema, autocommit=True) as conn:
            create_day_partitions(conn, spec, days)
    with server.connect(url, schema=schema) as conn:
        rows = copy_frames(conn, spec, spec.name, frames, partitioned=days)
        conn.commit()
    return CopiedPart(
        part,
        rows,
        time.perf_counter() - started,
        worker=f"{socket.gethostname()} pid {os.getpid()}",
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def load_in_parts(
    url: str,
    spec: TableSpec,
    ctx: GenerationContext,
    schema: str,
    client,
    progress: Progress | None = None,
) -> LoadResult:
    """Load a stream table into `schema` with its parts COPYed by the Dask cluster of
    `client`, then declare its keys and statistics here, as `loader.load_table` does."""
    from distributed import as_completed

    from saas_datagen.sinks.scale_out import copy_part_task

    if spec.stream is None:
        raise ValueError(f"{spec.name} is not a unit stream: it loads in one piece")
    started = time.perf_counter()
    with server.connect(url, schema=schema) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(ddl.relation(spec.name)))
        conn.execute(ddl.create_table(spec, spec.name))
        conn.commit()
    parts = plan([spec], ctx)
    settings = Settings.of(ctx)
    futures = [
        client.submit(copy_part_task, settings, part, url, schema, pure=False) for part in parts
    ]
    rows = done = 0
    workers: set[str] = set()
    next_report = time.perf_counter() + PROGRESS_EVERY_S
    try:
        for future in as_completed(futures):
            copied = future.result()
            rows += copied.rows
            done += 1
            workers.add(copied.worker)
            if progress and (time.perf_counter() >= next_report or done == len(parts)):
                rate = rows / (time.perf_counter() - started)
                progress(
                    f"{rows:,} rows copied ({rate:,.0f} rows/s; {done}/{len(parts)} parts "
                    f"on {len(workers)} worker(s))"
                )
                next_report = time.perf_counter() + PROGRESS_EVERY_S
    finally:
        client.cancel(futures)
    copy_seconds = time.perf_counter() - started
    with server.connect(url, schema=schema) as conn:
        declare_keys(conn, spec)
        conn.commit()
        conn.execute(sql.SQL("ANALYZE {}").format(ddl.relation(spec.name)))
        conn.commit()
    return LoadResult(spec.name, rows, time.perf_counter() - started, copy_seconds)
