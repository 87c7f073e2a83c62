"""Freed memory goes back to the operating system between tables."""

from __future__ import annotations

import numpy as np

from saas_datagen.memory import _malloc_trim, release_unused


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
