"""Scale-out: the Parquet export's parts on Dask distributed (issue #14).

Each part (a table, or a range of a stream table's chunks: `parts.plan`) is one Dask task.
A task carries the run's settings, not data: the worker builds the rows itself, keeping one
GenerationContext per run so the stories a table needs (device profiles, the funnel ...) are
built once per worker, and writes its files straight to the target. Only a small PartResult
travels back. The files depend on the part alone, so any number of workers, on one machine or
many, writes the same export (tested with 1 and 2 workers).

Here a `LocalCluster` (`export --workers N`, one process per worker, one thread each); any
running Dask cluster with `--scheduler tcp://host:8786` (or TAPFLOW_DASK_SCHEDULER). On a
multi-node cluster the target must be a location every worker can write: an object-store URL
(`s3://...`) or a shared filesystem path.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import TypeVar

from saas_datagen.errors import UserFacingError
from saas_datagen.generators.context import GenerationContext
from saas_datagen.memory import IDLE_TABLES_BEFORE_DROP, MIN_BYTES_TO_DROP, release_unused
from saas_datagen.sinks.parquet import PartResult, PartRunner, write_part
from saas_datagen.sinks.parts import Part, Settings
from saas_datagen.sinks.postgres import CopiedPart, copy_part

SCHEDULER_VAR = "TAPFLOW_DASK_SCHEDULER"
T = TypeVar("T")


@lru_cache(maxsize=1)
def _worker_context(settings: Settings) -> GenerationContext:
    """The run's context in this worker process: its cached stories serve every part the
    worker gets (a new run's settings replace it)."""
    return settings.context()


def _on_worker(settings: Settings, work: Callable[[GenerationContext], T]) -> T:
    """Run one part's work with this worker's context, then let go of what it no longer
    needs (a worker sees parts, not tables: idle stories are dropped per part)."""
    ctx = _worker_context(settings)
    ctx.start_table()
    try:
        return work(ctx)
    finally:
        ctx.drop_idle(IDLE_TABLES_BEFORE_DROP, MIN_BYTES_TO_DROP)
        release_unused()


def run_part(settings: Settings, part: Part, root: str) -> PartResult:
    """A Dask task of the Parquet sink: one part's files, written by this worker."""
    return _on_worker(settings, lambda ctx: write_part(ctx, part, root))


def copy_part_task(settings: Settings, part: Part, url: str, schema: str) -> CopiedPart:
    """A Dask task of the PostgreSQL sink: one part COPYed by this worker."""
    return _on_worker(settings, lambda ctx: copy_part(ctx, part, url, schema))


def dask_runner(client) -> PartRunner:
    """Run the parts as Dask tasks, submitted in build order; results as they finish."""
    from distributed import as_completed

    def run(settings: Settings, parts: list[Part], root: str) -> Iterator[PartResult]:
        futures = [client.submit(run_part, settings, part, root, pure=False) for part in parts]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.cancel(futures)

    return run


def scheduler_address(flag: str | None) -> str | None:
    """The Dask scheduler to use: the flag, else $TAPFLOW_DASK_SCHEDULER, else none."""
    return (flag or os.environ.get(SCHEDULER_VAR, "")).strip() or None


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None):
    """A client of the scheduler at `scheduler`, else of a LocalCluster with `workers` worker
    processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise UserFacingError(
                f"cannot reach the Dask scheduler at {scheduler}: {exc}"
            ) from None
        with client:
            yield client
        return
    if not workers or workers < 1:
        raise UserFacingError("--workers must be 1 or more")
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client


@cache
def shared_client(workers: int, scheduler: str):
    """One Dask client per process for a build's steps (they run one after the other in the
    build's process), closed when the process exits."""
    import atexit

    stack = dask_client(workers or None, scheduler or None)
    client = stack.__enter__()
    atexit.register(stack.__exit__, None, None, None)
    return client
