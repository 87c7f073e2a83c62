"""raw.stripe_invoice and stripe_invoice_line_item."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.generators import timeline
from saas_datagen.generators.app_database import subscription_add_ons
from saas_datagen.generators.context import GenerationContext
from saas_datagen.generators.stripe.common import (
    CURRENCY,
    LIVEMODE,
    METADATA,
    SOURCE,
    fivetran_columns,
    stripe_id,
    ts,
)
from saas_datagen.generators.stripe.customers import invoice_prefixes
from saas_datagen.generators.stripe.ledger import invoices_at, ledger
from saas_datagen.schema import (
    FIVETRAN_SYNCED,
    ForeignKey,
    RowContract,
    TableSpec,
    TemporalRule,
    columns,
    lifetime_contract,
)

# The times an invoice changes (it is synced after the last of them).
INVOICE_CHANGES = (
    "finalized",
    pl.col("last_attempt_at").fill_null(0),
    pl.col("paid_at").fill_null(0),
    pl.col("uncollectible_at").fill_null(0),
)


def generate_invoices(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _render_invoices(ctx, ledger(ctx).invoices)


def _cut_invoices(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The invoices finalised before the cut-off, as they stood then (ledger.invoices_at)."""
    return _render_invoices(ctx, invoices_at(ctx)).with_columns(timeline.synced_by_cutoff(ctx))


def shown_invoice_ids(ctx: GenerationContext) -> pl.DataFrame:
    """`invoice_id`: the invoices a cut-off shows (their lines and payment intents follow)."""
    return invoices_at(ctx).select(invoice_id=stripe_id("in", "invoice_key", ctx))


def _render_invoices(ctx: GenerationContext, invoices: pl.DataFrame) -> pl.DataFrame:
    invoices = invoices.sort("invoice_key")
    sequence = pl.col("invoice_key").rank("ordinal").over("account_id")
    paid = pl.col("status") == "paid"
    charged = pl.col("total") > 0
    return invoices.with_columns(prefix=invoice_prefixes(ctx, invoices["account_id"])).select(
        id=stripe_id("in", "invoice_key", ctx),
        customer_id=stripe_id("cus", "account_id", ctx),
        subscription_id=stripe_id("sub", "subscription_id", ctx),
        charge_id=pl.when(charged).then(stripe_id("ch", "last_charge_key", ctx)),
        payment_intent_id=pl.when(charged).then(stripe_id("pi", "invoice_key", ctx)),
        number=pl.format("{}-{}", pl.col("prefix"), sequence.cast(pl.String).str.zfill(4)),
        status="status",
        billing_reason="billing_reason",
        collection_method=pl.lit("charge_automatically"),
        created=ts("created"),
        due_date=pl.lit(None, pl.Int64).cast(pl.Datetime("us", "UTC")),
        period_start=ts(pl.col("period_start").dt.epoch("us")),
        period_end=ts(pl.col("period_end").dt.epoch("us")),
        currency=pl.lit("usd"),
        subtotal="subtotal",
        tax=pl.lit(0, pl.Int64),
        total="total",
        amount_due="total",
        amount_paid="amount_paid",
        amount_remaining=pl.when(pl.col("status") == "open")
        .then(pl.col("total") - pl.col("amount_paid"))
        .otherwise(0),
        attempt_count="attempt_count",
        attempted=pl.col("attempt_count") > 0,
        paid=paid,
        auto_advance=pl.col("status") == "open",
        status_transitions_finalized_at=ts("finalized"),
        status_transitions_paid_at=ts("paid_at"),
        status_transitions_marked_uncollectible_at=ts("uncollectible_at"),
        default_payment_method_id=stripe_id("pm", "account_id", ctx),
        is_deleted=pl.lit(False),
        metadata=pl.lit(None, pl.String),
        # Synced after its last change: finalised, an attempt (the count moves), paid or
        # given up.
        **fivetran_columns(ctx, *INVOICE_CHANGES),
    )


def generate_lines(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    lines = ledger(ctx).lines.sort("line_key")
    is_item = pl.col("line_type") == "invoiceitem"
    yield lines.select(
        id=stripe_id("il", "line_key", ctx),
        invoice_id=stripe_id("in", "invoice_key", ctx),
        subscription_id=stripe_id("sub", "line_subscription_id", ctx),
        subscription_item_id=stripe_id("si", "line_item_key", ctx),
        price_id=stripe_id("price", "line_price_key", ctx),
        plan_id=pl.when(~is_item).then(stripe_id("price", "line_price_key", ctx)),
        invoice_item_id=pl.when(is_item).then(stripe_id("ii", "line_key", ctx)),
        type="line_type",
        amount="amount",
        unit_amount_excluding_tax="unit_amount",
        quantity="line_quantity",
        currency=pl.lit("usd"),
        period_start="period_start",
        period_end="period_end",
        proration="proration",
        discountable=~pl.col("proration") & ~is_item,
        description="description",
        livemode=pl.lit(True),
        metadata=pl.lit(None, pl.String),
        _fivetran_synced=fivetran_columns(ctx, pl.col("period_start").dt.epoch("us"))[
            "_fivetran_synced"
        ],
    )


INVOICE = TableSpec(
    source=SOURCE,
    table="invoice",
    imitates="stripe.invoice",
    description="Invoices: a $0 invoice opening each trial, then one per billing period.",
    primary_key="id",
    generate=generate_invoices,
    cut=_cut_invoices,
    contract=lambda size: lifetime_contract(size, size.stripe_invoices),
    foreign_keys=(
        ForeignKey("customer_id", "stripe_customer", "id"),
        ForeignKey("subscription_id", "stripe_subscription_history", "id"),
    ),
    temporal_rules=(
        TemporalRule("created", "customer_id", "created"),
        TemporalRule("created", "subscription_id", "created"),
    ),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Invoice id (in_...).
        customer_id text Customer billed.
        subscription_id text Subscription billed.
        charge_id text? Latest charge (attempt) for it.
        payment_intent_id text? Payment intent collecting it.
        number text Invoice number: customer prefix + sequence.
        status text paid, open or uncollectible.
        billing_reason text subscription_create (trial start or plan change) or subscription_cycle.
        collection_method text charge_automatically.
        created timestamptz Creation time (start of the billed period).
        due_date timestamptz? Due date (send_invoice only).
        period_start timestamptz Start of the service period billed.
        period_end timestamptz End of the service period billed.
        {CURRENCY}
        subtotal bigint Sum of lines before discount, cents.
        tax bigint Tax, cents.
        total bigint Subtotal minus discount, cents.
        amount_due bigint Amount to collect, cents.
        amount_paid bigint Collected: the sum of its succeeded charges, cents.
        amount_remaining bigint Still owed, cents.
        attempt_count integer Payment attempts so far.
        attempted boolean At least one payment attempt.
        paid boolean Fully paid.
        auto_advance boolean Stripe still retries automatically.
        status_transitions_finalized_at timestamptz Finalised.
        status_transitions_paid_at timestamptz? Paid.
        status_transitions_marked_uncollectible_at timestamptz? Written off after failed retries.
        default_payment_method_id text Card charged.
        is_deleted boolean Deleted in Stripe.
        {LIVEMODE}
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)

INVOICE_LINE_ITEM = TableSpec(
    source=SOURCE,
    table="invoice_line_item",
    imitates="stripe.invoice_line_item",
    description="Invoice lines: plan periods, proration credits and one-time add-ons.",
    primary_key="id",
    generate=generate_lines,
    cut=timeline.fivetran_children(shown_invoice_ids),
    # A plan line per invoice, and a line per recurring add-on beside it.
    contract=lambda size: RowContract(
        round(
            size.stripe_invoices
            * (1 + subscription_add_ons.expected_rows(size) / size.subscriptions)
        ),
        tolerance=0.2,
    ),
    foreign_keys=(
        ForeignKey("invoice_id", "stripe_invoice", "id"),
        ForeignKey("subscription_id", "stripe_subscription_history", "id"),
        ForeignKey("price_id", "stripe_price", "id"),
    ),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Line id (il_...; never sub_...).
        invoice_id text Invoice.
        subscription_id text? Subscription the line bills.
        subscription_item_id text? Subscription item.
        price_id text Price billed.
        plan_id text? Plan (price) for subscription lines.
        invoice_item_id text? One-time invoice item (ii_...).
        type text subscription or invoiceitem.
        amount bigint Line amount in cents (negative for credits).
        unit_amount_excluding_tax bigint? Unit price in cents (null for prorations).
        quantity integer Units (locations or kits).
        {CURRENCY}
        period_start timestamptz Service period start.
        period_end timestamptz Service period end.
        proration boolean True for plan-change credits.
        discountable boolean Coupons apply to it.
        description text Line text.
        {LIVEMODE}
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)
