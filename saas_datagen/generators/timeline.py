"""The cut-offs of the story (docs/timeline.md): every story runs to its end, and a table at
an earlier `as_of` is the story cut there (`TableSpec.cut`). The pieces the cuts share."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from saas_datagen.generators.app_database.account_plan import account_plan
from saas_datagen.generators.context import (
    FIVETRAN_FAR_FUTURE_US,
    LAST_SYNC_BEFORE_US,
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
        return frame.filter(_before(ctx, frame, column))

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


# --- Fivetran-shaped tables -----------------------------------------------------------------


def synced_by_cutoff(ctx: GenerationContext) -> pl.Expr:
    """`_fivetran_synced` at the cut-off: a row changed before it was picked up its usual lag
    later, but by the connector's last sync a minute before the cut-off at the latest (as the
    story's end caps it, context.synced_after)."""
    last_sync = pl.lit(ctx.cutoff_us - LAST_SYNC_BEFORE_US).cast(UTC_US)
    return pl.min_horizontal("_fivetran_synced", last_sync).alias("_fivetran_synced")


def _before(ctx: GenerationContext, frame: pl.DataFrame, column: str) -> pl.Expr:
    """`column` came before the cut-off: a day (a report's date) before the as_of day, a time
    before its midnight."""
    if frame.schema[column] == pl.Date:
        return pl.col(column) < pl.lit(ctx.as_of)
    return pl.col(column) < cutoff(ctx)


def fivetran_facts(column: str) -> Cut:
    """The cut of a Fivetran table of immutable rows (a day's report, an event): the rows whose
    `column` came before the cut-off, synced by it."""

    def cut(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(_before(ctx, frame, column)).with_columns(synced_by_cutoff(ctx))

    cut.__doc__ = f"The rows whose {column} came before the cut-off, synced by it."
    return cut


def fivetran_versions(
    version_column: str, id_columns: tuple[str, ...] = ("id",), active: bool = False
) -> Cut:
    """The cut of a history-mode table (one row per version of an entity): the versions
    recorded before the cut-off, synced by it; with `active`, `_fivetran_active` marks each
    entity's latest of them."""

    def cut(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
        shown = frame.filter(_before(ctx, frame, version_column))
        if active:
            latest = pl.col(version_column) == pl.col(version_column).max().over(id_columns)
            shown = shown.with_columns(_fivetran_active=latest)
        return shown.with_columns(synced_by_cutoff(ctx))

    cut.__doc__ = f"The versions whose {version_column} came before the cut-off, synced by it."
    return cut


def fivetran_children(parents: Callable[[GenerationContext], pl.DataFrame]) -> Cut:
    """The cut of a Fivetran table of rows that belong to a parent (an invoice's lines, a
    payout's movements): those whose parent the cut-off shows (`parents`: the key columns of
    the parents shown, named as in this table), synced by it."""

    def cut(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
        shown = parents(ctx)
        return frame.join(shown, on=shown.columns, how="semi").with_columns(synced_by_cutoff(ctx))

    return cut


def fivetran_static(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The cut of a Fivetran table of rows that never change once made (a geo list, a
    creative): those the connector's last sync before the cut-off had picked up."""
    last_sync = pl.lit(ctx.cutoff_us - LAST_SYNC_BEFORE_US).cast(UTC_US)
    return frame.filter(pl.col("_fivetran_synced") <= last_sync)


def fivetran_history(id_columns: tuple[str, ...] = ("id",)) -> Cut:
    """The cut of a table in Fivetran's history mode (`_fivetran_start`, `_fivetran_end`, and
    `_fivetran_active` where it has one): the versions begun before the cut-off, synced by it,
    each entity's latest of them still open (ending in the far future, active)."""

    def cut(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
        latest = pl.col("_fivetran_start") == pl.col("_fivetran_start").max().over(id_columns)
        reopened = frame.filter(pl.col("_fivetran_start") < cutoff(ctx)).with_columns(
            _fivetran_end=pl.when(latest)
            .then(pl.lit(FIVETRAN_FAR_FUTURE_US).cast(UTC_US))
            .otherwise("_fivetran_end"),
        )
        if "_fivetran_active" in frame.columns:
            reopened = reopened.with_columns(_fivetran_active=latest)
        return reopened.with_columns(synced_by_cutoff(ctx))

    return cut
