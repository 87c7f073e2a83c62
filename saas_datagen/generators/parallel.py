"""Ordered, bounded parallel map for chunk generation.

numpy and polars release the GIL in their kernels, so threads use both cores without
pickling frames between processes. At most `workers * 2` chunks are in flight, which keeps
memory flat however many chunks a table has.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    if workers <= 1:
        yield from map(fn, items)
        return
    pending: deque[Future[R]] = deque()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="datagen") as pool:
        try:
            for item in items:
                pending.append(pool.submit(fn, item))
                if len(pending) >= workers * 2:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def batched(values: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(values), max(size, 1)):
        yield values[start : start + size]
