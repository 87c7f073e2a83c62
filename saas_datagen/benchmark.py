"""Tap-event throughput on this machine, in one run (issue #3's yardstick):

1. generation alone (rows/s),
2. the real path: generation streamed into COPY, then keys and statistics,
3. the ceiling: a plain COPY of already-generated rows into a fresh table,

and the ratio real / ceiling, plus the peak memory of the real path. Speed goals are
checked here, never by timed assertions in tests.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass
from datetime import date

from psycopg import sql

from saas_datagen.generators.context import GenerationContext
from saas_datagen.registry import BY_NAME
from saas_datagen.warehouse import ddl, server
from saas_datagen.warehouse.loader import create_day_partitions, load_table, payload

TABLE = "app_database_tap_events"
CEILING_TABLE = "benchmark_copy_ceiling"


@dataclass(frozen=True)
class BenchmarkResult:
    env: str
    rows: int
    generate_rows_per_s: float
    real_copy_rows_per_s: float
    real_total_rows_per_s: float
    ceiling_rows: int
    ceiling_rows_per_s: float
    peak_rss_mb_real_path: float

    @property
    def ratio(self) -> float:
        return self.real_copy_rows_per_s / self.ceiling_rows_per_s

    def render(self) -> str:
        lines = [
            f"tap-event benchmark, env {self.env}: {self.rows:,} rows",
            f"  generate only                {self.generate_rows_per_s / 1e6:6.2f} M rows/s",
            f"  real generate+COPY (stream)  {self.real_copy_rows_per_s / 1e6:6.2f} M rows/s",
            f"  real incl. keys and stats    {self.real_total_rows_per_s / 1e6:6.2f} M rows/s",
            f"  plain COPY ceiling           {self.ceiling_rows_per_s / 1e6:6.2f} M rows/s"
            f"  ({self.ceiling_rows:,} pre-generated rows)",
            f"  ratio real / ceiling         {self.ratio:6.2f}",
            f"  peak memory (real path)      {self.peak_rss_mb_real_path:6.0f} MB",
        ]
        return "\n".join(lines)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(
    env: str, url: str, seed: int, as_of: date, ceiling_rows: int, log=print
) -> BenchmarkResult:
    spec = BY_NAME[TABLE]
    bench_url = server.ensure_database(url, server.database_name("benchmark"))

    ctx = GenerationContext(seed=seed, env=env, as_of=as_of)
    log("generating only ...")
    started = time.perf_counter()
    rows = sum(frame.height for frame in spec.frames(ctx))
    generate_rate = rows / (time.perf_counter() - started)

    log("loading the parents (accounts, locations, devices) ...")
    ctx = GenerationContext(seed=seed, env=env, as_of=as_of)
    for parent in ("app_database_accounts", "app_database_locations", "app_database_devices"):
        load_table(bench_url, BY_NAME[parent], BY_NAME[parent].frames(ctx))
    log("generating and loading (the real path) ...")
    ctx = GenerationContext(seed=seed, env=env, as_of=as_of)
    result = load_table(bench_url, spec, spec.frames(ctx))
    peak = _peak_rss_mb()

    log(f"plain COPY of {ceiling_rows:,} pre-generated rows ...")
    ctx = GenerationContext(seed=seed, env=env, as_of=as_of)
    payloads, held = [], 0
    for frame in spec.frames(ctx):
        frame = frame.head(ceiling_rows - held)
        payloads.append(payload(frame, spec))
        held += frame.height
        if held >= ceiling_rows:
            break
    with server.connect(bench_url, schema=ddl.RAW_SCHEMA) as conn:
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(ddl.relation(CEILING_TABLE)))
        conn.execute(ddl.create_table(spec, CEILING_TABLE))
        create_day_partitions(conn, spec, set().union(*(p.days for p in payloads)), CEILING_TABLE)
        conn.commit()
        statement = sql.SQL("COPY {} FROM STDIN (FORMAT csv)").format(ddl.relation(CEILING_TABLE))
        started = time.perf_counter()
        with conn.cursor() as cur, cur.copy(statement) as copy:
            for ready in payloads:
                copy.write(ready.csv)
        conn.commit()
        ceiling_rate = held / (time.perf_counter() - started)
        conn.execute(sql.SQL("DROP TABLE {}").format(ddl.relation(CEILING_TABLE)))
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(ddl.RAW_SCHEMA)))
        conn.commit()
    return BenchmarkResult(
        env=env,
        rows=rows,
        generate_rows_per_s=generate_rate,
        real_copy_rows_per_s=result.rows / result.copy_seconds,
        real_total_rows_per_s=result.rows / result.seconds,
        ceiling_rows=held,
        ceiling_rows_per_s=ceiling_rate,
        peak_rss_mb_real_path=peak,
    )
