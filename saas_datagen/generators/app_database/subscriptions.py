"""raw.app_database_subscriptions: plan history per account (trial, plan changes, churn).

Every account starts on a 14-day trial; a plan change (upgrade, downgrade or a change in
licensed locations) ends the running subscription and opens the next one.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators import timeline
from saas_datagen.generators.app_database.account_plan import account_plan
from saas_datagen.generators.billing_periods import billing_periods
from saas_datagen.generators.context import GenerationContext
from saas_datagen.schema import ForeignKey, RowContract, TableSpec, TemporalRule, columns

TABLE = "app_database_subscriptions"


def _previous_tier(tier: np.ndarray, kind: np.ndarray) -> np.ndarray:
    index = np.array([d.TIERS.index(t) for t in tier.tolist()])
    shift = np.select([kind == "upgrade", kind == "downgrade"], [-1, 1], 0)
    return np.array(d.TIERS)[np.clip(index + shift, 0, len(d.TIERS) - 1)]


def _build(ctx: GenerationContext) -> pl.DataFrame:
    plan = account_plan(ctx)
    rng = ctx.rng(TABLE)
    changed = plan["plan_change_us"].to_numpy() > 0
    kind = plan["plan_change_kind"].fill_null("").to_numpy().astype(str)
    n_loc = plan["n_locations"].to_numpy()
    fewer = n_loc - 1 - (rng.random(plan.height) * np.maximum(n_loc - 1, 1)).astype(int)
    prev_quantity = np.where(kind == "quantity_change", np.maximum(fewer, 1), n_loc)

    current = plan.select(
        "account_id",
        "billing_interval",
        "created_us",
        "trial_end_us",
        "churned",
        "churn_us",
        "status",
        tier="tier",
        quantity="n_locations",
        started_us=pl.when(pl.col("plan_change_us") > 0)
        .then(pl.col("plan_change_us"))
        .otherwise(pl.col("created_us")),
        has_trial=pl.col("plan_change_us") == 0,
        ended_us=pl.when(pl.col("churned")).then(pl.col("churn_us")),
        end_reason="churn_reason",
    )
    previous = plan.filter(changed).select(
        "account_id",
        "billing_interval",
        "created_us",
        "trial_end_us",
        churned=pl.lit(False),
        churn_us=pl.lit(0, pl.Int64),
        status=pl.lit("replaced"),
        tier=pl.Series(_previous_tier(plan["tier"].to_numpy()[changed], kind[changed])),
        quantity=pl.Series(prev_quantity[changed]),
        started_us="created_us",
        has_trial=pl.lit(True),
        ended_us="plan_change_us",
        end_reason=pl.lit("plan_change"),
    )
    rows = pl.concat([previous, current], how="vertical_relaxed").sort("started_us", "account_id")

    monthly_price = pl.col("tier").replace_strict(
        dict(d.MONTHLY_PRICE_CENTS), return_dtype=pl.Int64
    )
    paid_from = pl.when(pl.col("has_trial")).then(pl.col("trial_end_us")).otherwise("started_us")
    months = pl.when(pl.col("billing_interval") == "year").then(12).otherwise(1)
    status = (
        pl.when(pl.col("status").is_in(["replaced", "churned"]))
        .then(pl.lit("canceled"))
        .otherwise(pl.col("status"))
    )
    frame = rows.with_columns(
        subscription_id=pl.int_range(1, pl.len() + 1, dtype=pl.Int64),
        unit_amount_cents=pl.when(pl.col("billing_interval") == "year")
        .then(monthly_price * d.ANNUAL_PRICE_MONTHS)
        .otherwise(monthly_price),
        paid_from=paid_from.cast(pl.Datetime("us", "UTC")),
        months=months,
        subscription_status=status,
        until=pl.lit(ctx.horizon).cast(pl.Datetime("us", "UTC")),
    )
    current = (
        billing_periods(
            frame, key="subscription_id", paid_from="paid_from", until="until", months="months"
        )
        .sort("k")
        .group_by("subscription_id")
        .last()
        .select(
            "subscription_id", current_period_start="period_start", current_period_end="period_end"
        )
    )
    frame = frame.join(current, on="subscription_id", how="left")
    live = pl.col("subscription_status").is_in(["active", "past_due"])
    trialing = pl.col("subscription_status") == "trialing"
    previous_id = pl.when(pl.col("account_id") == pl.col("account_id").shift(1)).then(
        pl.col("subscription_id").shift(1)
    )
    return (
        frame.sort("account_id", "started_us")
        .with_columns(
            previous_subscription_id=previous_id,
            started_at=pl.col("started_us").cast(pl.Datetime("us", "UTC")),
        )
        .sort("subscription_id")
        .select(
            "subscription_id",
            "account_id",
            plan_tier="tier",
            billing_interval="billing_interval",
            interval_count=pl.lit(1),
            quantity="quantity",
            unit_amount_cents="unit_amount_cents",
            amount_cents=pl.col("unit_amount_cents") * pl.col("quantity"),
            status="subscription_status",
            trial_start_at=pl.when(pl.col("has_trial")).then("started_at"),
            trial_end_at=pl.when(pl.col("has_trial")).then(
                pl.col("trial_end_us").cast(pl.Datetime("us", "UTC"))
            ),
            started_at="started_at",
            current_period_start=pl.when(live)
            .then("current_period_start")
            .when(trialing)
            .then("started_at"),
            current_period_end=pl.when(live)
            .then("current_period_end")
            .when(trialing)
            .then(pl.col("trial_end_us").cast(pl.Datetime("us", "UTC"))),
            ended_at=pl.col("ended_us").cast(pl.Datetime("us", "UTC")),
            end_reason="end_reason",
            previous_subscription_id="previous_subscription_id",
            created_at="started_at",
            updated_at=pl.coalesce(
                pl.col("ended_us").cast(pl.Datetime("us", "UTC")),
                pl.when(live).then("current_period_start"),
                "started_at",
            ),
        )
    )


def build(ctx: GenerationContext) -> pl.DataFrame:
    return ctx.cached(TABLE, _build)


def generate(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _with_dunning(ctx, build(ctx), ctx.horizon_us)


def _with_dunning(ctx: GenerationContext, subs: pl.DataFrame, before_us: int) -> pl.DataFrame:
    """`updated_at` also counts the last move into or out of past due before `before_us` (the
    Stripe ledger's dunning: the status changes then)."""
    # Imported here: the ledger replays these subscriptions.
    from saas_datagen.generators.stripe import ledger

    return ledger.with_dunning_changes(ctx, subs, "subscription_id", before_us)


def ended_by_cutoff(ctx: GenerationContext) -> pl.DataFrame:
    """`subscription_id` and its `ended_at` as of the cut-off: a plan change ends the running
    subscription when it happens, a churn when the account has churned by the cut-off (the
    add-ons end with their subscription)."""
    churned = timeline.churned_before_cutoff(ctx)
    return (
        build(ctx)
        .select("subscription_id", "account_id", "ended_at", "end_reason")
        .join(churned, on="account_id", how="left", maintain_order="left")
        .select(
            "subscription_id",
            ended_at=pl.when(pl.col("end_reason") == "plan_change")
            .then(pl.when(pl.col("ended_at") < timeline.cutoff(ctx)).then("ended_at"))
            .otherwise(pl.col("account_churned_at")),
        )
    )


def _cut(ctx: GenerationContext, subs: pl.DataFrame) -> pl.DataFrame:
    """The subscriptions as of the cut-off: those started before it; ended (canceled) by a
    plan change or churn before it; in trial while the trial runs; past due while a failed
    invoice is unpaid (the Stripe ledger's dunning); otherwise active, in the billing period
    running at the cut-off, updated at its start or the last dunning move."""
    from saas_datagen.generators.stripe import ledger

    past_due = ledger.past_due_at(ctx, ctx.cutoff_us).select(
        "subscription_id", past_due=pl.lit(True)
    )
    cutoff = timeline.cutoff(ctx)
    started = subs.filter(pl.col("started_at") < cutoff).drop("ended_at")
    running = (
        started.select(
            "subscription_id",
            paid_from=pl.coalesce("trial_end_at", "started_at"),
            until=cutoff,
            months=pl.when(pl.col("billing_interval") == "year").then(12).otherwise(1),
        )
        .pipe(
            billing_periods,
            key="subscription_id",
            paid_from="paid_from",
            until="until",
            months="months",
        )
        .sort("k")
        .group_by("subscription_id")
        .last()
        .select("subscription_id", "period_start", "period_end")
    )
    ended = pl.col("ended_at").is_not_null()
    trialing = ~ended & (pl.col("trial_end_at") > cutoff).fill_null(False)
    live = ~ended & ~trialing  # active or past due
    return (
        started.join(ended_by_cutoff(ctx), on="subscription_id", how="left", maintain_order="left")
        .join(running, on="subscription_id", how="left", maintain_order="left")
        .join(past_due, on="subscription_id", how="left", maintain_order="left")
        .with_columns(
            status=pl.when(ended)
            .then(pl.lit("canceled"))
            .when(trialing)
            .then(pl.lit("trialing"))
            .when(pl.col("past_due").fill_null(False))
            .then(pl.lit("past_due"))
            .otherwise(pl.lit("active")),
            end_reason=pl.when(ended).then("end_reason"),
            current_period_start=pl.when(live)
            .then("period_start")
            .when(trialing)
            .then("started_at"),
            current_period_end=pl.when(live).then("period_end").when(trialing).then("trial_end_at"),
        )
        .with_columns(
            updated_at=pl.coalesce(
                "ended_at", pl.when(live).then("current_period_start"), "started_at"
            )
        )
        .select(subs.columns)
        .pipe(lambda frame: _with_dunning(ctx, frame, ctx.cutoff_us))
    )


SPEC = TableSpec(
    source="app_database",
    table="subscriptions",
    description="Subscription history: one row per plan an account was on.",
    freshness_column="updated_at",
    primary_key="subscription_id",
    generate=generate,
    cut=_cut,
    contract=lambda size: RowContract(size.subscriptions),
    foreign_keys=(
        ForeignKey("account_id", "app_database_accounts", "account_id"),
        ForeignKey("previous_subscription_id", "app_database_subscriptions", "subscription_id"),
    ),
    temporal_rules=(
        TemporalRule("started_at", "account_id", "created_at"),
        TemporalRule("started_at", "previous_subscription_id", "started_at"),
    ),
    columns=columns(
        """
        subscription_id bigint Primary key, in start order.
        account_id bigint Subscribing account.
        plan_tier text starter, professional, business or enterprise.
        billing_interval text month or year.
        interval_count integer Intervals per billing period.
        quantity integer Licensed locations.
        unit_amount_cents bigint List price per location per interval, cents.
        amount_cents bigint unit_amount_cents x quantity, per interval.
        status text trialing, active, past_due or canceled.
        trial_start_at timestamptz? Trial start.
        trial_end_at timestamptz? Trial end (14 days later).
        started_at timestamptz Subscription start.
        current_period_start timestamptz? Start of the running billing period.
        current_period_end timestamptz? End of the running billing period.
        ended_at timestamptz? When it ended (churn or plan change).
        end_reason text? customer_churn, payment_failed (involuntary churn) or plan_change.
        previous_subscription_id bigint? Subscription this one replaced.
        created_at timestamptz Row creation.
        updated_at timestamptz Last change.
        """
    ),
)
