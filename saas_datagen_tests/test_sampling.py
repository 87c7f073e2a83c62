import itertools

import numpy as np

from saas_datagen.generators.sampling import (
    allocate,
    exact_counts,
    exact_share,
    group_positions,
    growth_times,
    stratified_choice,
)


def test_exact_counts_sum_to_n_and_follow_shares():
    counts = exact_counts(100, [0.7, 0.2, 0.08, 0.02])
    assert counts.tolist() == [70, 20, 8, 2]
    assert exact_counts(7, [1, 1, 1]).sum() == 7


def test_stratified_choice_matches_shares_exactly():
    rng = np.random.default_rng(1)
    values = stratified_choice(rng, 1000, {"a": 0.85, "b": 0.10, "c": 0.05})
    labels, counts = np.unique(values, return_counts=True)
    assert dict(zip(labels.tolist(), counts.tolist(), strict=True)) == {"a": 850, "b": 100, "c": 50}


def test_allocate_gives_every_parent_the_minimum_and_hits_the_total():
    rng = np.random.default_rng(2)
    weights = np.array([1.0, 1.0, 10.0, 0.1])
    counts = allocate(rng, 40, weights, minimum=2)
    assert counts.sum() == 40
    assert counts.min() >= 2
    assert counts[2] == counts.max()


def test_growth_times_stay_in_range_and_grow():
    u = np.linspace(0, 0.999, 10_000)
    times = growth_times(u, 0, 5 * 365 * 86_400_000_000, 0.4)
    assert times.min() >= 0 and times.max() <= 5 * 365.25 * 86_400_000_000
    per_year = np.histogram(times, bins=5)[0]
    assert all(later > earlier for earlier, later in itertools.pairwise(per_year))


def test_group_positions_restart_for_each_group():
    assert group_positions(np.array([1, 1, 2, 3, 3, 3])).tolist() == [0, 1, 0, 0, 1, 2]


def test_exact_share_marks_the_rounded_share_of_the_given_rows_only():
    rng = np.random.default_rng(3)
    rows = np.arange(10, 47)  # 37 rows of 60
    mask = exact_share(rng, rows, 0.28, 60)
    assert mask.sum() == round(0.28 * 37)
    assert set(np.flatnonzero(mask)) <= set(rows.tolist())
