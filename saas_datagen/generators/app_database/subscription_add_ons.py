"""raw.app_database_subscription_add_ons: the recurring add-ons on each subscription.

Each account decides once per add-on (a draw against the share of its tier, stratified within
its current tier), so a plan change
carries the add-on to the next subscription when the new tier offers it. An add-on runs with
its subscription (trial included, billed from the first paid period) and is billed per
licensed location at the subscription's interval.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators import timeline
from saas_datagen.generators.app_database import subscriptions
from saas_datagen.generators.app_database.account_plan import account_plan
from saas_datagen.generators.context import GenerationContext
from saas_datagen.generators.sampling import stratified_uniform
from saas_datagen.schema import ForeignKey, RowContract, TableSpec, TemporalRule, columns

TABLE = "app_database_subscription_add_ons"


def _draws(ctx: GenerationContext, index: int) -> pl.DataFrame:
    """One uniform per account, stratified within each current tier, so each tier's share of
    accounts with the add-on is its configured share even in a small environment."""
    rng = ctx.rng(TABLE, index)
    plan = account_plan(ctx).select("account_id", "tier").sort("account_id")
    parts = []
    for tier in d.TIERS:
        ids = plan.filter(pl.col("tier") == tier)["account_id"]
        parts.append(pl.DataFrame({"account_id": ids, "u": stratified_uniform(rng, ids.len())}))
    return pl.concat(parts)


def _build(ctx: GenerationContext) -> pl.DataFrame:
    subs = subscriptions.build(ctx)
    parts = []
    for index, (name, monthly_cents, shares) in enumerate(d.RECURRING_ADD_ONS):
        draw = _draws(ctx, index)
        share = pl.col("plan_tier").replace_strict(dict(shares), return_dtype=pl.Float64)
        parts.append(
            subs.join(draw, on="account_id")
            .filter(pl.col("u") < share)
            .select(
                "subscription_id",
                "account_id",
                "quantity",
                "billing_interval",
                "started_at",
                "ended_at",
                add_on_index=pl.lit(index, pl.Int64),
                add_on=pl.lit(name),
                unit_amount_cents=pl.when(pl.col("billing_interval") == "year")
                .then(monthly_cents * d.ANNUAL_PRICE_MONTHS)
                .otherwise(monthly_cents),
            )
        )
    return (
        pl.concat(parts)
        .sort("subscription_id", "add_on_index")
        .with_columns(
            subscription_add_on_id=pl.int_range(1, pl.len() + 1, dtype=pl.Int64),
            amount_cents=pl.col("unit_amount_cents") * pl.col("quantity"),
        )
    )


def build(ctx: GenerationContext) -> pl.DataFrame:
    return ctx.cached(TABLE, _build)


def generate(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield build(ctx).select(
        "subscription_add_on_id",
        "subscription_id",
        "account_id",
        "add_on",
        "quantity",
        "unit_amount_cents",
        "amount_cents",
        "started_at",
        "ended_at",
    )


def _cut(ctx: GenerationContext, add_ons: pl.DataFrame) -> pl.DataFrame:
    """The add-ons as of the cut-off: those whose subscription had started, ending with it."""
    return (
        add_ons.filter(pl.col("started_at") < timeline.cutoff(ctx))
        .drop("ended_at")
        .join(
            subscriptions.ended_by_cutoff(ctx),
            on="subscription_id",
            how="left",
            maintain_order="left",
        )
        .select(add_ons.columns)
    )


def expected_rows(size) -> int:
    """About the tier-weighted share of subscriptions (tier mix from the account plan)."""
    mix = dict(zip(d.TIERS, np.array(list(d.TIER_SHARES.values())), strict=True))
    per_sub = sum(mix[t] * shares[t] for _, _, shares in d.RECURRING_ADD_ONS for t in d.TIERS)
    return round(size.subscriptions * per_sub)


SPEC = TableSpec(
    source="app_database",
    table="subscription_add_ons",
    description="Recurring add-ons on subscriptions (keg analytics, POS integration), billed "
    "per location.",
    primary_key="subscription_add_on_id",
    generate=generate,
    cut=_cut,
    contract=lambda size: RowContract(expected_rows(size), tolerance=0.35),
    foreign_keys=(
        ForeignKey("subscription_id", "app_database_subscriptions", "subscription_id"),
        ForeignKey("account_id", "app_database_accounts", "account_id"),
    ),
    temporal_rules=(TemporalRule("started_at", "subscription_id", "started_at"),),
    freshness_column="started_at",
    columns=columns(
        """
        subscription_add_on_id bigint Primary key.
        subscription_id bigint Subscription it is billed with.
        account_id bigint Account.
        add_on text Keg inventory analytics or POS integration.
        quantity integer Licensed locations (the subscription's).
        unit_amount_cents bigint Price per location per billing interval, cents.
        amount_cents bigint unit_amount_cents x quantity, per interval.
        started_at timestamptz Starts with its subscription.
        ended_at timestamptz? Ends with it.
        """
    ),
)
