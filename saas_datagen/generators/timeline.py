"""The cut-offs of the story (docs/timeline.md): every story runs to its end, and a table at
an earlier `as_of` is the story cut there (`TableSpec.cut`). The pieces the cuts share."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from saas_datagen.generators.app_database.account_plan import account_plan
from saas_datagen.generators.context import (
    MICROS_PER_DAY,
    UTC_US,
    GenerationContext,
    micros_to_timestamp,
)

Cut = Callable[[GenerationContext, pl.DataFrame], pl.DataFrame]


def cutoff(ctx: GenerationContext) -> pl.Expr:
    """Midnight UTC starting the `as_of` day, as a timestamp: a table shows what came before."""
    return pl.lit(ctx.cutoff_us).cast(UTC_US)


def unchanged(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The cut of a static list (role permissions, the feature catalogue): the same at every
    cut-off."""
    return frame


def before_cutoff(column: str) -> Cut:
    """The cut of an immutable fact (an event, a reading): the rows whose `column` came before
    the cut-off, untouched."""

    def cut(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(pl.col(column) < cutoff(ctx))

    cut.__doc__ = f"The rows whose {column} came before the cut-off."
    return cut


def churned_before_cutoff(ctx: GenerationContext) -> pl.DataFrame:
    """`account_id` and `account_churned_at`: the account's churn when it came before the
    cut-off, else null (the story's churned accounts churned a day before its end, so at the
    end this is the story). One rule for every table that follows its account out (accounts,
    users, subscriptions and their add-ons)."""
    plan = account_plan(ctx)
    churned = plan["churned"] & (plan["churn_us"] < ctx.cutoff_us)
    return plan.select(
        "account_id",
        account_churned_at=pl.when(churned).then(micros_to_timestamp("churn_us")),
    )


def days_begun(ctx: GenerationContext, first_day_us: int, days: int) -> int:
    """How many of `days` consecutive days from `first_day_us` have begun by the cut-off (all
    of them when the story is not cut): an event window's units after it hold nothing a cut
    shows, so a cut build does not generate them."""
    if not ctx.is_cut:
        return days
    return max(0, min(days, -(-(ctx.cutoff_us - first_day_us) // MICROS_PER_DAY)))
