"""The ad-platform story the google_ads, facebook_ads and linkedin_ads modules draw from.

Each platform's campaigns and campaign-day stats come from the funnel; these helpers version
campaigns, split a day's stats over cells (devices, ads, keywords) and state the contracts.
Every number is a split of the funnel's campaign-day stats, so the platforms add up to what
the web sessions saw: impressions >= clicks >= landed sessions >= conversions.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from saas_datagen.config import go_to_market as g
from saas_datagen.generators.context import UTC_US, GenerationContext, synced_after
from saas_datagen.generators.go_to_market.funnel import FUNNEL, funnel
from saas_datagen.generators.sampling import exact_counts
from saas_datagen.schema import RowContract

# Platform-native id ranges (campaign key k becomes base + k).
ID_BASE = {
    "google_ads": 17_000_000_000,
    "facebook_ads": 23_850_000_000_000,
    "linkedin_ads": 180_000_000,
    "iterable": 4_200_000,
}
ACCOUNT_ID = {
    "google_ads": 5_182_736_401,
    "facebook_ads": 10_152_837_461,
    "linkedin_ads": 507_381_122,
}


def platform_campaigns(ctx: GenerationContext, platform: str) -> pl.DataFrame:
    return (
        funnel(ctx)
        .campaigns.filter(pl.col("platform") == platform)
        .with_columns(campaign_id=pl.col("campaign_key") + ID_BASE[platform])
    )


def platform_days(ctx: GenerationContext, platform: str) -> pl.DataFrame:
    return (
        funnel(ctx)
        .campaign_days.filter(pl.col("platform") == platform)
        .with_columns(campaign_id=pl.col("campaign_key") + ID_BASE[platform])
        .sort("campaign_key", "date")
    )


def campaign_versions(ctx: GenerationContext, platform: str) -> pl.DataFrame:
    """Created, a few budget changes while running, and the end of the run."""
    campaigns = platform_campaigns(ctx, platform)
    days = (
        platform_days(ctx, platform)
        .group_by("campaign_key")
        .agg(budget=pl.col("daily_budget_usd").first())
    )
    rng = ctx.rng(f"{FUNNEL}.versions.{platform}")
    n = campaigns.height
    low, high = g.BUDGET_CHANGES
    changes = rng.integers(low, high + 1, n)
    base = campaigns.join(days, on="campaign_key", how="left").with_columns(
        pl.col("budget").fill_null(10.0), changes=pl.Series(changes)
    )
    created = base.select(
        "campaign_key", "campaign_id", at="start_us", status=pl.lit("ENABLED"), factor=pl.lit(1.0)
    )
    edits = base.with_columns(i=pl.int_ranges(0, "changes")).explode("i")
    m = edits.height
    frac = rng.uniform(0.1, 0.9, m)
    edits = edits.select(
        "campaign_key",
        "campaign_id",
        at=pl.col("start_us")
        + ((pl.col("end_us") - pl.col("start_us")) * pl.Series(frac)).cast(pl.Int64),
        status=pl.lit("ENABLED"),
        factor=pl.Series(rng.choice([0.8, 1.1, 1.25], m)),
    )
    ended = base.filter(~pl.col("running")).select(
        "campaign_key", "campaign_id", at="end_us", status=pl.lit("ENDED"), factor=pl.lit(1.0)
    )
    return (
        pl.concat([created, edits, ended])
        .sort("campaign_key", "at")
        .unique(["campaign_key", "at"], keep="last", maintain_order=True)
        .join(
            base.select(
                "campaign_key",
                "budget",
                "campaign_name",
                "objective",
                "start_date",
                "end_date",
                "running",
            ),
            on="campaign_key",
        )
        .with_columns(
            daily_budget=(
                pl.col("budget") * pl.col("factor").cum_prod().over("campaign_key")
            ).round(2),
            updated_at=pl.col("at").cast(UTC_US),
        )
    )


def synced_at(ctx: GenerationContext, column: str = "updated_at") -> pl.Expr:
    """`_fivetran_synced` a few minutes after a version was recorded."""
    return synced_after(ctx, pl.col(column), pl.duration(minutes=7))


def _split(
    ctx: GenerationContext, stream: str, totals: pl.DataFrame, shares: list[float]
) -> dict[str, np.ndarray]:
    """Split each day's counts over k cells (devices, ads) multinomially; cost by clicks."""
    rng = ctx.rng(f"{FUNNEL}.split.{stream}")
    out = {}
    for column in ("impressions", "clicks", "sessions", "conversions"):
        out[column] = rng.multinomial(totals[column].to_numpy(), shares)
    # Keep every cell coherent: impressions >= clicks >= sessions >= conversions.
    out["sessions"] = np.minimum(out["sessions"], out["clicks"])
    out["conversions"] = np.minimum(out["conversions"], out["sessions"])
    out["impressions"] = np.maximum(out["impressions"], out["clicks"])
    clicks = out["clicks"].astype(float)
    share = np.divide(
        clicks,
        clicks.sum(axis=1, keepdims=True),
        out=np.full_like(clicks, 1 / len(shares)),
        where=clicks.sum(axis=1, keepdims=True) > 0,
    )
    out["cost"] = np.round(totals["cost_usd"].to_numpy()[:, None] * share, 2)
    return out


def _nested_split(rng: np.random.Generator, totals: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Split each row's total over its cells without any cell getting more than its capacity
    (clicks within a cell's impressions): sequential hypergeometric draws, exact sums."""
    remaining = totals.astype(np.int64).copy()
    rest = capacity.sum(axis=1)
    out = np.zeros_like(capacity)
    for j in range(capacity.shape[1] - 1):
        rest = rest - capacity[:, j]
        out[:, j] = rng.hypergeometric(capacity[:, j], rest, remaining)
        remaining -= out[:, j]
    out[:, -1] = remaining
    return out


def split_stats(
    rng: np.random.Generator, parents: pl.DataFrame, weights: np.ndarray
) -> dict[str, np.ndarray]:
    """Split every parent row's stats over k children (weights: one row of k shares per
    parent, or one for all) so each metric sums exactly to the parent's and every child keeps
    impressions >= clicks (>= sessions) >= conversions; cost follows clicks (in micros,
    remainder to the first child). Reports built on the children add up to the parents'."""
    n = parents.height
    shares = np.broadcast_to(np.asarray(weights, dtype=float), (n, np.shape(weights)[-1]))
    impressions = rng.multinomial(parents["impressions"].to_numpy(), shares)
    clicks = _nested_split(rng, parents["clicks"].to_numpy(), impressions)
    # Where the platform reports landed clicks (sessions), conversions nest within them.
    landed = clicks
    out: dict[str, np.ndarray] = {}
    if "sessions" in parents.columns:
        landed = out["sessions"] = _nested_split(rng, parents["sessions"].to_numpy(), clicks)
    conversions = _nested_split(rng, parents["conversions"].to_numpy(), landed)
    # Cost follows clicks (by impressions on a day without clicks); the rounding remainder
    # goes to the busiest child, so no child without impressions is ever charged.
    cost = parents["cost_micros"].to_numpy()
    basis = np.where(clicks.sum(axis=1, keepdims=True) > 0, clicks, impressions).astype(float)
    total = basis.sum(axis=1, keepdims=True)
    by_basis = np.divide(basis, total, out=np.zeros_like(basis), where=total > 0)
    cost_split = np.floor(cost[:, None] * by_basis).astype(np.int64)
    busiest = impressions.argmax(axis=1)
    cost_split[np.arange(n), busiest] += cost - cost_split.sum(axis=1)
    return {
        "impressions": impressions,
        "clicks": clicks,
        **out,
        "conversions": conversions,
        "cost_micros": cost_split,
    }


def explode_children(parents: pl.DataFrame, split: dict[str, np.ndarray]) -> pl.DataFrame:
    """One row per parent and child (`child` = 0..k-1) carrying the child's split stats;
    children with no impressions are dropped (the platforms report no empty rows)."""
    k = split["clicks"].shape[1]
    return (
        parents.drop(*split)
        .with_columns(child=pl.lit(list(range(k)), dtype=pl.List(pl.Int64)))
        .explode("child")
        .with_columns(**{c: pl.Series(v.ravel()) for c, v in split.items()})
        .filter(pl.col("impressions") > 0)
    )


def fivetran_id(*columns: str) -> pl.Expr:
    """`_fivetran_id`: the connector's hash of a key-less row's identifying values."""
    return (
        pl.concat_str([pl.col(c).cast(pl.String) for c in columns], separator="|")
        .hash(seed=7)
        .cast(pl.String)
        .alias("_fivetran_id")
    )


def device_cells(
    ctx: GenerationContext, platform: str, stream: str, shares: list[float], labels: dict[str, list]
) -> pl.DataFrame:
    """The platform's campaign-days split over k cells (devices, networks, ads): one row
    per campaign, day and cell, with the cell's `labels`."""
    days = platform_days(ctx, platform)
    return _cells(days, _split(ctx, stream, days, shares), labels)


def _cells(
    days: pl.DataFrame, split: dict[str, np.ndarray], labels: dict[str, list]
) -> pl.DataFrame:
    k = split["clicks"].shape[1]
    frame = days.with_columns(cell=pl.lit(list(range(k)))).explode("cell")
    frame = frame.with_columns(**{c: pl.Series(v.ravel()) for c, v in split.items()})
    for name, values in labels.items():
        frame = frame.with_columns(
            pl.col("cell").replace_strict(dict(enumerate(values))).alias(name)
        )
    return frame


def platform_campaign_count(size, platform: str) -> int:
    """Campaigns of a platform, as the funnel allocates them (exact shares of the total)."""
    counts = exact_counts(size.campaigns, list(g.PLATFORM_SHARES.values()))
    return int(counts[list(g.PLATFORM_SHARES).index(platform)])


def versions_contract(share: float):
    """About 1 + 2 budget changes + an end per campaign of the platform (a sanity band: with
    25 campaigns in dev one platform's share varies a lot)."""
    return lambda size: RowContract(round(size.campaigns * share * 3.5), tolerance=0.4)


def daily_contract(share: float, cells: float, tolerance: float = 0.4):
    return lambda size: RowContract(round(size.campaign_days * share * cells), tolerance=tolerance)
