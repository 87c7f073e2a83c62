"""Freed memory goes back to the operating system between tables."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np

from saas_datagen.memory import JEMALLOC_VAR, _malloc_trim, release_unused


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
