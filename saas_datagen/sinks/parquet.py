"""The Parquet sink (issue #14): every table of an environment as Parquet files that DuckDB,
Spark and Trino read as they are, from the same generators and stream as a PostgreSQL build.

Layout under the target, a directory or any fsspec URL (`s3://bucket/tapflow`, `memory://x`):

    <layer>/<table>/part-00000-000.parquet            part 0 of the table, its first file
    <layer>/<table>/day=YYYY-MM-DD/part-...parquet    tables declared `day_partitioned`: Hive
                                                      partitions by the UTC day of the table's
                                                      freshness column (its event time)
    _manifest.json                                    env, seed, as_of; per table its rows,
                                                      files and columns
    _SUCCESS                                          written last: the export is whole

A table is written in parts (tasks, `sinks.parts`): a stream table (schema.UnitStream) one per
range of CHUNKS_PER_PART chunks, any other table as one part. Parts run here one after the other,
or on Dask workers (saas_datagen.sinks.scale_out); rows are buffered up to FLUSH_ROWS, then
written, so memory stays flat whatever the size. Parts and flush points depend only on the data,
so the same seed and as_of give the same files, byte for byte, for any number of workers.
A local export is written beside the target and renamed over it at the end (a failed run
leaves the previous export as it was); on an object store, where there is no rename, the old
export is removed first and `_SUCCESS` marks the new one complete.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import fsspec
import polars as pl

from saas_datagen.errors import UserFacingError
from saas_datagen.generators.context import GenerationContext
from saas_datagen.memory import IDLE_TABLES_BEFORE_DROP, MIN_BYTES_TO_DROP, release_unused
from saas_datagen.registry import BY_NAME, load_priority
from saas_datagen.schema import TableSpec
from saas_datagen.sinks.parts import Part, Settings, plan

# Rows held before they are written: bounds memory and sets the largest file (~1M rows).
FLUSH_ROWS = 1_000_000
# Hive's name for the partition of rows whose partition value is null.
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
MANIFEST = "_manifest.json"
SUCCESS = "_SUCCESS"


@dataclass
class TableExport:
    spec: TableSpec
    rows: int = 0
    files: int = 0
    seconds: float = 0.0

    def manifest(self) -> dict:
        return {
            "layer": self.spec.layer,
            "path": f"{self.spec.layer}/{self.spec.name}",
            "rows": self.rows,
            "files": self.files,
            "partitioned_by": (
                f"day (UTC date of {self.spec.freshness_column})"
                if self.spec.day_partitioned
                else None
            ),
            "columns": [{"name": c.name, "type": c.pg_type} for c in self.spec.columns],
        }


@dataclass
class ExportReport:
    target: str
    env: str
    seed: int
    as_of: date
    scale: int = 1
    tables: list[TableExport] = field(default_factory=list)
    seconds: float = 0.0
    # Peak resident memory of each process that wrote parts (this one, or each Dask worker).
    peak_rss_mb: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def tables_to_export(names: Iterable[str] | None) -> list[TableSpec]:
    """The tables asked for (all raw and truth tables by default), in build order, so cached
    stories are reused and dropped as a build does."""
    if names is None:
        wanted = list(BY_NAME)
    else:
        wanted = list(dict.fromkeys(names))
        unknown = [n for n in wanted if n not in BY_NAME]
        if unknown:
            raise UserFacingError(
                f"unknown table(s): {', '.join(unknown)} (tables are named as in the "
                "warehouse, e.g. app_database_tap_events, stripe_charge, account_churn)"
            )
    return sorted((BY_NAME[n] for n in wanted), key=lambda s: -load_priority(s.name))


@dataclass(frozen=True)
class PartResult:
    part: Part
    rows: int
    files: int
    seconds: float
    worker: str
    peak_rss_mb: float


def export(
    ctx: GenerationContext,
    target: str,
    tables: Iterable[str] | None = None,
    log: Callable[[str], None] = print,
    run_parts: PartRunner | None = None,
) -> ExportReport:
    """Generate the tables of `ctx` into Parquet under `target`, replacing what was there.
    `run_parts` runs the parts (in this process by default; `scale_out.dask_runner` on Dask)."""
    specs = tables_to_export(tables)
    fs, root = _filesystem(target)
    local = "file" in _protocols(fs)
    write_root = _staging_root(fs, root) if local else root
    if not local and fs.exists(root):
        fs.rm(root, recursive=True)
    fs.makedirs(write_root, exist_ok=True)
    report = ExportReport(
        target=target, env=ctx.env, seed=ctx.seed, as_of=ctx.as_of, scale=ctx.scale
    )
    started = time.perf_counter()
    try:
        parts = plan(specs, ctx)
        remaining = {spec.name: sum(p.table == spec.name for p in parts) for spec in specs}
        tables = {spec.name: TableExport(spec) for spec in specs}
        runner = run_parts or in_process(ctx)
        # workers open the target themselves: give them a URL, not this filesystem's path
        part_root = write_root if local else fs.unstrip_protocol(write_root)
        for result in runner(Settings.of(ctx), parts, part_root):
            table = tables[result.part.table]
            table.rows += result.rows
            table.files += result.files
            table.seconds += result.seconds
            report.peak_rss_mb[result.worker] = max(
                report.peak_rss_mb.get(result.worker, 0.0), result.peak_rss_mb
            )
            remaining[table.spec.name] -= 1
            if remaining[table.spec.name] == 0:
                if table.files == 0:  # an empty table still has its schema on disk
                    _write_empty(fs, write_root, table.spec)
                    table.files = 1
                report.tables.append(table)
                rate = table.rows / table.seconds if table.seconds else 0.0
                log(
                    f"{table.spec.layer:5s} {len(report.tables):3d}/{len(specs)}  "
                    f"{table.spec.name:45s} {table.rows:>13,} rows {table.files:>5,} files "
                    f"{table.seconds:7.1f}s {rate:>12,.0f} rows/s"
                )
        order = {spec.name: i for i, spec in enumerate(specs)}  # parts finish in any order
        report.tables.sort(key=lambda t: order[t.spec.name])
        report.seconds = time.perf_counter() - started
        _write_text(fs, f"{write_root}/{MANIFEST}", json.dumps(_manifest(report), indent=2))
        _write_text(fs, f"{write_root}/{SUCCESS}", "")
    except BaseException:
        if local:
            shutil.rmtree(write_root, ignore_errors=True)
        raise
    if local:
        _swap_into_place(Path(write_root), Path(root))
    return report


PartRunner = Callable[[Settings, list[Part], str], Iterator[PartResult]]


def in_process(ctx: GenerationContext) -> PartRunner:
    """Run the parts one after the other here, with the caller's context (its cached stories
    are dropped as a build drops them)."""

    def run(settings: Settings, parts: list[Part], root: str) -> Iterator[PartResult]:
        current = None
        for part in parts:
            if part.table != current:
                if current is not None:
                    ctx.drop_idle(IDLE_TABLES_BEFORE_DROP, MIN_BYTES_TO_DROP)
                    release_unused()
                ctx.start_table()
                current = part.table
            yield write_part(ctx, part, root)

    return run


def write_part(ctx: GenerationContext, part: Part, root: str) -> PartResult:
    """Generate one part and write its files: `part-<part>-<n>.parquet` in the table's
    folder, or in each day's folder of a day-partitioned table."""
    spec = BY_NAME[part.table]
    fs, root = fsspec.core.url_to_fs(root)
    directory = f"{root}/{spec.layer}/{spec.name}"
    fs.makedirs(directory, exist_ok=True)
    started = time.perf_counter()
    buffered: dict[str, list[pl.DataFrame]] = {}
    held = rows = files = 0
    sequence: dict[str, int] = {}

    def flush() -> int:
        for partition, frames in buffered.items():
            number = sequence.get(partition, 0)
            sequence[partition] = number + 1
            folder = f"{directory}/{partition}" if partition else directory
            if partition:
                fs.makedirs(folder, exist_ok=True)
            with fs.open(f"{folder}/{_file_name(part.index, number)}", "wb") as handle:
                pl.concat(frames).write_parquet(handle, compression="zstd")
        written = len(buffered)
        buffered.clear()
        return written

    for frame in spec.frames(ctx, part.chunks):
        rows += frame.height
        for partition, piece in _partitions(spec, frame):
            buffered.setdefault(partition, []).append(piece)
        held += frame.height
        if held >= FLUSH_ROWS:
            files += flush()
            held = 0
    files += flush()
    return PartResult(
        part,
        rows,
        files,
        time.perf_counter() - started,
        worker=f"{socket.gethostname()} pid {os.getpid()}",
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def _file_name(part: int, number: int) -> str:
    return f"part-{part:05d}-{number:03d}.parquet"


def _write_empty(fs: fsspec.AbstractFileSystem, root: str, spec: TableSpec) -> None:
    with fs.open(f"{root}/{spec.layer}/{spec.name}/{_file_name(0, 0)}", "wb") as handle:
        pl.DataFrame(schema={c.name: c.polars_type for c in spec.columns}).write_parquet(handle)


def _partitions(spec: TableSpec, frame: pl.DataFrame) -> list[tuple[str, pl.DataFrame]]:
    """The frame cut by the UTC day of its event time (`day=...`), or whole ("")."""
    if not spec.day_partitioned:
        return [("", frame)]
    days = frame[spec.freshness_column].dt.convert_time_zone("UTC").dt.date()
    keyed = frame.with_columns(__day=days)
    parts = []
    for (day,), part in keyed.partition_by("__day", as_dict=True, maintain_order=True).items():
        name = NULL_PARTITION if day is None else day.isoformat()
        parts.append((f"day={name}", part.drop("__day")))
    return parts


def _manifest(report: ExportReport) -> dict:
    return {
        "env": report.env,
        "seed": report.seed,
        "as_of": report.as_of.isoformat(),
        "scale": report.scale,
        "rows": report.rows,
        "tables": {t.spec.name: t.manifest() for t in report.tables},
    }


def _filesystem(target: str) -> tuple[fsspec.AbstractFileSystem, str]:
    try:
        fs, root = fsspec.core.url_to_fs(target)
    except (ImportError, ValueError) as exc:
        raise UserFacingError(f"cannot write Parquet to {target!r}: {exc}") from None
    root = root.rstrip("/")
    if fs.exists(root) and not fs.isdir(root):
        raise UserFacingError(f"{target!r} is a file; give a directory to export into")
    ours = fs.exists(f"{root}/{MANIFEST}") or fs.exists(f"{root}/{SUCCESS}")
    if fs.isdir(root) and fs.ls(root) and not ours:
        raise UserFacingError(
            f"{target!r} is a non-empty directory that holds no TapFlow export; "
            "give a new or empty directory (an export replaces the whole directory)"
        )
    return fs, root


def _protocols(fs: fsspec.AbstractFileSystem) -> tuple[str, ...]:
    protocol = fs.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)


def _staging_root(fs: fsspec.AbstractFileSystem, root: str) -> str:
    staging = f"{root}.partial"
    if fs.exists(staging):  # left by an interrupted export
        fs.rm(staging, recursive=True)
    return staging


def _swap_into_place(staging: Path, target: Path) -> None:
    """Replace `target` with the finished export in two renames."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _write_text(fs: fsspec.AbstractFileSystem, path: str, text: str) -> None:
    with fs.open(path, "w") as handle:
        handle.write(text)
