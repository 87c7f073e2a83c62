"""Calendar billing periods, shared by the app database and Stripe so both agree exactly."""

from __future__ import annotations

import polars as pl

from saas_datagen.generators.context import MICROS_PER_DAY


def billing_periods(
    frame: pl.DataFrame, *, key: str, paid_from: str, until: str, months: str
) -> pl.DataFrame:
    """One row per period (key, k, period_start, period_end) that starts before `until`.

    Period k runs from `paid_from` + k·months to + (k+1)·months in calendar months, as
    Stripe anchors a billing cycle (Jan 31 + 1 month = Feb 28).
    """
    upper = (
        (pl.col(until).dt.epoch("us") - pl.col(paid_from).dt.epoch("us"))
        // (28 * MICROS_PER_DAY * pl.col(months))
        + 2
    ).clip(0)
    return (
        frame.select(key, paid_from, until, months, k=pl.int_ranges(0, upper))
        .explode("k")
        .drop_nulls("k")
        .with_columns(
            period_start=pl.col(paid_from).dt.offset_by(
                pl.format("{}mo", pl.col("k") * pl.col(months))
            ),
            period_end=pl.col(paid_from).dt.offset_by(
                pl.format("{}mo", (pl.col("k") + 1) * pl.col(months))
            ),
        )
        .filter(pl.col("period_start") < pl.col(until))
        .select(key, "k", "period_start", "period_end")
    )
