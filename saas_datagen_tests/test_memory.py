"""Freed memory goes back to the operating system between tables, and cached stories are
dropped once the build is done with them."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import numpy as np
import polars as pl

from saas_datagen.config.environments import SIZES
from saas_datagen.generators.context import GenerationContext
from saas_datagen.memory import (
    IDLE_TABLES_BEFORE_DROP,
    JEMALLOC_VAR,
    MIN_BYTES_TO_DROP,
    _malloc_trim,
    release_unused,
)
from saas_datagen.registry import TABLES


def rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4


def test_release_unused_returns_freed_small_objects_to_the_os():
    assert _malloc_trim() is not None  # glibc, as on every machine this runs on
    release_unused()  # start from a trimmed heap: earlier tests may have left free memory
    baseline = rss_kib()
    # a million small numpy buffers: glibc heap memory, which gc alone does not give back
    garbage = [np.ones(10) for _ in range(1_000_000)]
    grown = rss_kib()
    del garbage
    release_unused()
    assert grown - baseline > 100_000  # it did allocate >100 MB
    assert rss_kib() - baseline < (grown - baseline) / 2


POLARS_ROUND_TRIP = """
import sys
from saas_datagen import cli
try:
    cli.main(["--help"])  # the CLI configures the allocator first thing
except SystemExit:
    pass
import numpy as np
import polars as pl

def rss_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4 // 1024

base = rss_mib()
frame = pl.DataFrame({"a": np.arange(20_000_000)}).with_columns(b=pl.col("a") * 2)
grown = rss_mib()
del frame
print(base, grown, rss_mib())
"""


def test_a_cli_process_returns_polars_memory_at_once(tmp_path):
    # polars' jemalloc otherwise keeps freed pages for 10 s: a prod build carried ~1 GB of one
    # table's frames into the next. The environment must not set the variable already.
    env = {k: v for k, v in os.environ.items() if k != JEMALLOC_VAR}
    result = subprocess.run(
        [sys.executable, "-c", POLARS_ROUND_TRIP],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    base, grown, after = map(int, result.stdout.split()[-3:])
    assert grown - base > 250  # two 160 MB columns were allocated
    assert after - base < (grown - base) / 4


def _replay_build_order(ctx, min_bytes: int) -> dict[str, pl.DataFrame]:
    """Generate every table in the build's order, dropping stories as a build does."""
    tables = {}
    for spec in TABLES:
        ctx.start_table()
        tables[spec.name] = pl.concat(list(spec.frames(ctx)), how="vertical_relaxed")
        ctx.drop_idle(IDLE_TABLES_BEFORE_DROP, min_bytes)
    return tables


def test_the_build_order_drops_no_big_story_before_its_last_table():
    # At test size stories are about a thousandth of prod's: scale the threshold the same
    # way, so the stories dropped here are the ones a prod build drops.
    scale = SIZES["test"].accounts / SIZES["prod"].accounts
    ctx = GenerationContext(seed=42, env="test", as_of=date(2026, 11, 22))
    _replay_build_order(ctx, round(MIN_BYTES_TO_DROP * scale))
    assert max(ctx.builds.values()) == 1, {k: n for k, n in ctx.builds.items() if n > 1}
    assert "gtm_funnel" not in ctx._cache  # the biggest story is gone by the end


def test_dropping_stories_never_changes_the_data():
    kept = _replay_build_order(GenerationContext(42, "test", date(2026, 11, 22)), 1 << 60)
    ctx = GenerationContext(42, "test", date(2026, 11, 22))
    for spec in TABLES:  # drop every story after every table: all are rebuilt when needed
        ctx.start_table()
        frame = pl.concat(list(spec.frames(ctx)), how="vertical_relaxed")
        assert frame.equals(kept[spec.name]), spec.name
        ctx.drop_idle(0, 0)
    assert max(ctx.builds.values()) > 1
