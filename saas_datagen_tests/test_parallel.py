import time

import pytest

from saas_datagen.generators.parallel import batched, ordered_map, prefetch


def slow_square(x: int) -> int:
    time.sleep(0.001 * (5 - x % 5))  # later items finish first
    return x * x


def test_ordered_map_keeps_input_order_with_several_workers():
    assert list(ordered_map(slow_square, range(20), workers=3)) == [x * x for x in range(20)]


def test_prefetch_yields_everything_in_order():
    assert list(prefetch(iter(range(100)), depth=2)) == list(range(100))


def test_prefetch_reraises_a_producer_failure_in_the_consumer():
    def failing():
        yield 1
        raise ValueError("boom")

    consumed = []
    with pytest.raises(ValueError, match="boom"):
        for item in prefetch(failing()):
            consumed.append(item)
    assert consumed == [1]


def test_batched_covers_every_item_once():
    assert list(batched(list(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
