"""Give freed memory back to the operating system between tables.

Generators build frames through numpy and Python lists (a 6M-session funnel at prod size
makes millions of small Python objects); glibc keeps the freed heap for reuse, so a long
build's resident size ratchets up to its worst moment plus fragmentation. Trimming after each
table keeps the build's peak close to what is live.

A full collection walks every tracked object, and a build holds hundreds of thousands of
long-lived ones (Dagster definitions, the dbt manifest): `freeze_long_lived` moves those out of
the collector's sight once the definitions are loaded, so the collection after each table
only looks at what the table made (at dev size the 62 collections cost 13 s before; the
raw phase went from 33 s to 13 s with this and pooled storage connections).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
from functools import cache

# Polars allocates through its own jemalloc, which keeps freed pages for 10 s before giving
# them back: a prod build then carried ~1 GB of a finished table's frames into the next one
# (4.0 GiB peak). Returning them at once costs nothing measurable here. jemalloc reads this
# when polars is loaded, so it must be set before the first `import polars`.
JEMALLOC_VAR = "_RJEM_MALLOC_CONF"
# Cached stories (the funnel, CRM, ledger, ...) are dropped once this many tables in a row
# did not use them; the registry order keeps each source's tables together, so no big story
# goes unused this long between two of its tables (the longest gap is 13, the CRM's; a
# test replays the order). Stories smaller than this stay for the whole build: at prod size
# only the big ones (funnel ~800 MB, CRM, ledger, Meta cells, Iterable, HubSpot email)
# pass it, and keeping them all to the end had cost ~2 GB.
IDLE_TABLES_BEFORE_DROP = 16
MIN_BYTES_TO_DROP = 32 * 1024 * 1024
JEMALLOC_CONF = "dirty_decay_ms:0,muzzy_decay_ms:0"


def return_freed_memory_promptly() -> None:
    """Configure polars' allocator for this process and its children (run at the edge,
    before anything imports polars; a value the user set wins)."""
    os.environ.setdefault(JEMALLOC_VAR, JEMALLOC_CONF)


@cache
def _malloc_trim():
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    return getattr(libc, "malloc_trim", None)  # glibc only


def freeze_long_lived() -> None:
    """Exempt every object alive now from later collections (they live as long as the run)."""
    gc.collect()
    gc.freeze()


def release_unused() -> None:
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
