"""Vectorised sampling helpers with exact shares where the contract wants exact shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def exact_counts(n: int, shares: Sequence[float]) -> np.ndarray:
    """Split n into integer counts proportional to shares (largest remainder)."""
    weights = np.asarray(shares, dtype=float)
    raw = weights / weights.sum() * n
    counts = np.floor(raw).astype(np.int64)
    remainder = n - counts.sum()
    if remainder:
        order = np.argsort(-(raw - counts), kind="stable")
        counts[order[:remainder]] += 1
    return counts


def stratified_choice(rng: np.random.Generator, n: int, shares: Mapping[str, float]) -> np.ndarray:
    """n labels whose counts match the shares exactly (up to rounding), in random order."""
    labels = np.array(list(shares.keys()))
    counts = exact_counts(n, list(shares.values()))
    values = np.repeat(labels, counts)
    rng.shuffle(values)
    return values


def exact_share(rng: np.random.Generator, rows: np.ndarray, share: float, n: int) -> np.ndarray:
    """A mask over n rows marking `share` of `rows` exactly (rounded), picked at random."""
    chosen = np.zeros(n, dtype=bool)
    chosen[rng.choice(rows, round(share * len(rows)), replace=False)] = True
    return chosen


def allocate(
    rng: np.random.Generator, total: int, weights: np.ndarray, minimum: int = 1
) -> np.ndarray:
    """Integer counts per parent summing exactly to `total`, each at least `minimum`.

    The amount above the minimum is spread multinomially by weight, so bigger parents get
    more children on average while the total is exact.
    """
    parents = len(weights)
    extra = total - minimum * parents
    if extra < 0:
        raise ValueError(f"cannot give {parents} parents {minimum} each from {total}")
    probabilities = np.asarray(weights, dtype=float)
    probabilities = probabilities / probabilities.sum()
    return minimum + rng.multinomial(extra, probabilities)


def stratified_uniform(rng: np.random.Generator, n: int) -> np.ndarray:
    """n points in [0, 1) with one point per 1/n stratum, shuffled: low-variance coverage."""
    points = (np.arange(n) + rng.random(n)) / n
    rng.shuffle(points)
    return points


def growth_times(u: np.ndarray, start_us: int, end_us: int, annual_growth: float) -> np.ndarray:
    """Map uniforms to timestamps whose density grows by `annual_growth` per year."""
    span_years = (end_us - start_us) / (365.25 * 86_400_000_000)
    rate = np.log1p(annual_growth)
    # Inverse CDF of a density proportional to exp(rate * t) on [0, span].
    years = np.log1p(u * np.expm1(rate * span_years)) / rate
    return start_us + (years * 365.25 * 86_400_000_000).astype(np.int64)


def uniform_between(
    rng: np.random.Generator, low_us: np.ndarray, high_us: np.ndarray
) -> np.ndarray:
    """One timestamp per row, uniform in [low, high] (high clipped to be >= low)."""
    low = np.asarray(low_us, dtype=np.int64)
    high = np.maximum(np.asarray(high_us, dtype=np.int64), low)
    return low + (rng.random(len(low)) * (high - low)).astype(np.int64)


def skewed_between(
    rng: np.random.Generator, low_us: np.ndarray, high_us: np.ndarray, power: float
) -> np.ndarray:
    """Like uniform_between but pulled toward `low` for power > 1 (early events are likelier)."""
    low = np.asarray(low_us, dtype=np.int64)
    high = np.maximum(np.asarray(high_us, dtype=np.int64), low)
    return low + (rng.random(len(low)) ** power * (high - low)).astype(np.int64)


def group_positions(group_ids: np.ndarray) -> np.ndarray:
    """0-based position of each row within its run of equal, sorted group ids."""
    n = len(group_ids)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(group_ids)) + 1]
    run_lengths = np.diff(np.r_[starts, n])
    return np.arange(n) - np.repeat(starts, run_lengths)
