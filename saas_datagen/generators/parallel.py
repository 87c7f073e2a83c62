"""Ordered, bounded parallel map for chunk generation.

numpy and polars release the GIL in their kernels, so threads use both cores without
pickling frames between processes. At most `workers * 2` chunks are in flight, which keeps
memory flat however many chunks a table has.
"""

from __future__ import annotations

import queue
import threading
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


def prefetch(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """Produce `items` on a background thread, up to `depth` ahead of the consumer.

    Lets generation and serialisation of the next chunk overlap with the database
    receiving the current one; an exception in the producer is re-raised in the consumer.
    """
    done = object()
    buffer: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        buffer.put(item, timeout=0.2)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            buffer.put(done)
        except BaseException as exc:  # handed to the consumer
            buffer.put(exc)

    thread = threading.Thread(target=produce, name="datagen-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            item = buffer.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            try:
                buffer.get_nowait()
            except queue.Empty:
                thread.join(timeout=0.1)


def batched(values: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(values), max(size, 1)):
        yield values[start : start + size]


def stream_chunks(
    units: list[T], build_chunk: Callable[[list[T]], R], units_per_chunk: int, workers: int
) -> Iterator[R]:
    """Batch fixed generation units into chunks and build them in order, in parallel."""
    yield from ordered_map(build_chunk, batched(units, units_per_chunk), workers)
