"""raw.stripe_subscription_history and stripe_subscription_item.

Each app subscription is one Stripe subscription; Fivetran history mode keeps a row per
version (trial, every renewal, dunning, recovery, cancellation) with `_fivetran_active`
marking the current one.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.generators import timeline
from saas_datagen.generators.app_database import subscription_add_ons
from saas_datagen.generators.context import GenerationContext
from saas_datagen.generators.stripe.common import (
    LIVEMODE,
    METADATA,
    SOURCE,
    fivetran_columns,
    json_object,
    stripe_id,
    ts,
)
from saas_datagen.generators.stripe.ledger import (
    ADD_ON_ITEM_KEY_BASE,
    ledger,
    recurring_add_on_price_key,
)
from saas_datagen.schema import (
    FIVETRAN_SYNCED,
    ForeignKey,
    RowContract,
    TableSpec,
    TemporalRule,
    columns,
)


def _metadata() -> pl.Expr:
    return json_object(
        account_id=pl.col("account_id"), app_subscription_id=pl.col("subscription_id")
    )


def generate_history(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    versions = ledger(ctx).versions.sort("subscription_id", "at")
    canceled = pl.col("status") == "canceled"
    yield versions.select(
        id=stripe_id("sub", "subscription_id", ctx),
        _fivetran_start=ts("at"),
        _fivetran_end=ts("fivetran_end"),
        _fivetran_active="fivetran_active",
        customer_id=stripe_id("cus", "account_id", ctx),
        status="status",
        created="started_at",
        start_date="started_at",
        billing_cycle_anchor=pl.coalesce("trial_end_at", "started_at"),
        current_period_start="current_period_start",
        current_period_end="current_period_end",
        cancel_at_period_end=pl.lit(False),
        canceled_at=pl.when(canceled).then("ended_at"),
        ended_at=pl.when(canceled).then("ended_at"),
        trial_start="trial_start_at",
        trial_end="trial_end_at",
        collection_method=pl.lit("charge_automatically"),
        quantity="quantity",
        latest_invoice_id=stripe_id("in", "latest_invoice_key", ctx),
        default_payment_method_id=stripe_id("pm", "account_id", ctx),
        metadata=_metadata(),
        **fivetran_columns(ctx, "at"),
    )


def generate_items(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """The current items of every subscription: its plan, then each recurring add-on."""
    current = ledger(ctx).versions.filter("fivetran_active").sort("subscription_id")
    add_ons = subscription_add_ons.build(ctx).select(
        "subscription_id",
        item_key=ADD_ON_ITEM_KEY_BASE + pl.col("subscription_add_on_id"),
        item_price_key=recurring_add_on_price_key(
            pl.col("add_on_index"), pl.col("billing_interval")
        ),
    )
    items = pl.concat(
        [
            current.with_columns(item_key="subscription_id", item_price_key="price_key"),
            current.join(add_ons, on="subscription_id"),
        ]
    ).sort("subscription_id", "item_key")
    yield items.select(
        id=stripe_id("si", "item_key", ctx),
        subscription_id=stripe_id("sub", "subscription_id", ctx),
        plan_id=stripe_id("price", "item_price_key", ctx),
        quantity="quantity",
        created="started_at",
        current_period_start="current_period_start",
        current_period_end="current_period_end",
        metadata=_metadata(),
        _fivetran_synced=fivetran_columns(ctx, "at")["_fivetran_synced"],
    )


def _cut_items(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The items of the subscriptions started before the cut-off, in the billing period of
    their latest version then."""
    latest = (
        ledger(ctx)
        .versions.filter(pl.col("at") < ctx.cutoff_us)
        .sort("subscription_id", "at")
        .group_by("subscription_id")
        .last()
        .select(
            subscription_id=stripe_id("sub", "subscription_id", ctx),
            period_start="current_period_start",
            period_end="current_period_end",
            version_at="at",
        )
    )
    return (
        frame.filter(pl.col("created") < timeline.cutoff(ctx))
        .join(latest, on="subscription_id", how="left", maintain_order="left")
        .with_columns(
            current_period_start="period_start",
            current_period_end="period_end",
            _fivetran_synced=fivetran_columns(ctx, "version_at")["_fivetran_synced"],
        )
        .drop("period_start", "period_end", "version_at")
        .with_columns(timeline.synced_by_cutoff(ctx))
    )


SUBSCRIPTION_HISTORY = TableSpec(
    source=SOURCE,
    table="subscription_history",
    imitates="stripe.subscription_history",
    description="Every version of every Stripe subscription (Fivetran history mode).",
    primary_key=("id", "_fivetran_start"),
    generate=generate_history,
    cut=timeline.fivetran_history(),
    # About one version per billed period, plus creation, dunning and cancellation.
    contract=lambda size: RowContract(size.subscriptions + size.stripe_invoices, tolerance=0.2),
    foreign_keys=(ForeignKey("customer_id", "stripe_customer", "id"),),
    temporal_rules=(TemporalRule("created", "customer_id", "created"),),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Subscription id (sub_...); one row per version.
        _fivetran_start timestamptz When this version became current.
        _fivetran_end timestamptz When it was replaced (9999-12-31 if current).
        _fivetran_active boolean True for the current version.
        customer_id text Customer.
        status text trialing, active, past_due or canceled.
        created timestamptz Creation time.
        start_date timestamptz Start of the subscription.
        billing_cycle_anchor timestamptz Anchor of the billing cycle.
        current_period_start timestamptz Start of the period (trial or paid).
        current_period_end timestamptz End of the period.
        cancel_at_period_end boolean Cancels at period end.
        canceled_at timestamptz? When it was canceled.
        ended_at timestamptz? When it ended.
        trial_start timestamptz? Trial start.
        trial_end timestamptz? Trial end.
        collection_method text charge_automatically.
        quantity integer Licensed locations.
        latest_invoice_id text Most recent invoice at this version.
        default_payment_method_id text Card charged (pm_...).
        {LIVEMODE}
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)

SUBSCRIPTION_ITEM = TableSpec(
    source=SOURCE,
    table="subscription_item",
    imitates="stripe.subscription_item",
    description="The current items of each subscription: its plan, and its recurring add-ons "
    "(per location).",
    primary_key="id",
    generate=generate_items,
    cut=_cut_items,
    contract=lambda size: RowContract(
        size.subscriptions + subscription_add_ons.expected_rows(size), tolerance=0.1
    ),
    # Its checks reconcile Stripe with the app's subscriptions and add-ons.
    depends_on=("app_database_subscriptions", "app_database_subscription_add_ons"),
    foreign_keys=(
        ForeignKey("subscription_id", "stripe_subscription_history", "id"),
        ForeignKey("plan_id", "stripe_price", "id"),
    ),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Subscription item id (si_...).
        subscription_id text Subscription.
        plan_id text Price id of the plan (price_...).
        quantity integer Licensed locations.
        created timestamptz Creation time.
        current_period_start timestamptz Start of the current period.
        current_period_end timestamptz End of the current period.
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)
