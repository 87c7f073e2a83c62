"""raw.stripe_customer and stripe_discount: one Stripe customer per app account."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators import timeline
from saas_datagen.generators.app_database import accounts, locations
from saas_datagen.generators.context import GenerationContext
from saas_datagen.generators.stripe.common import (
    CURRENCY,
    LIVEMODE,
    METADATA,
    SOURCE,
    fivetran_columns,
    json_object,
    stripe_id,
    synced,
    ts,
)
from saas_datagen.generators.stripe.ids import stripe_ids
from saas_datagen.generators.stripe.ledger import invoices_at, ledger, past_due_at
from saas_datagen.schema import (
    FIVETRAN_SYNCED,
    ForeignKey,
    RowContract,
    TableSpec,
    TemporalRule,
    columns,
)


def generate_customers(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    main = (
        locations.build(ctx)
        .filter(pl.col("location_type") == "main")
        .select("account_id", "street_address", "city", "state", "postal_code")
    )
    delinquent = (
        ledger(ctx)
        .subscriptions.group_by("account_id")
        .agg(delinquent=(pl.col("status") == "past_due").any())
    )
    frame = (
        accounts.with_dunning(ctx, accounts.build(ctx), ctx.horizon_us)
        .join(main, on="account_id", how="left")
        .join(delinquent, on="account_id", how="left")
    )
    prefix = invoice_prefixes(ctx, frame["account_id"])
    created_us = pl.col("created_at").dt.epoch("us")
    yield frame.select(
        id=stripe_id("cus", "account_id", ctx),
        created="created_at",
        email="billing_email",
        name="account_name",
        description=pl.format("TapFlow account {}", pl.col("account_id")),
        currency=pl.lit("usd"),
        balance=pl.lit(0, pl.Int64),
        delinquent=pl.col("delinquent").fill_null(False),
        address_line_1="street_address",
        address_line_2=pl.lit(None, pl.String),
        address_city="city",
        address_state="state",
        address_postal_code="postal_code",
        address_country=pl.lit("US"),
        invoice_prefix=prefix,
        invoice_settings_default_payment_method=stripe_id("pm", "account_id", ctx),
        tax_exempt=pl.lit("none"),
        is_deleted=pl.lit(False),
        metadata=json_object(account_id=pl.col("account_id")),
        **fivetran_columns(ctx, pl.col("updated_at").dt.epoch("us"), created_us),
    )


def _cut_customers(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The customers of the accounts signed up before the cut-off: delinquent while past due
    then, synced after their account's last change before it."""
    account = accounts.cut(ctx, next(accounts.generate(ctx)))
    changed = account.select(
        id=stripe_id("cus", "account_id", ctx),
        changed_us=pl.max_horizontal("updated_at", "created_at").dt.epoch("us"),
    )
    past_due = (
        past_due_at(ctx, ctx.cutoff_us)
        .select(id=stripe_id("cus", "account_id", ctx), past_due=pl.lit(True))
        .unique()
    )
    return (
        frame.filter(pl.col("created") < timeline.cutoff(ctx))
        .join(changed, on="id", how="left", maintain_order="left")
        .join(past_due, on="id", how="left", maintain_order="left")
        .with_columns(
            delinquent=pl.col("past_due").fill_null(False),
            _fivetran_synced=synced(ctx, "changed_us"),
        )
        .drop("changed_us", "past_due")
        .with_columns(timeline.synced_by_cutoff(ctx))
    )


def invoice_prefixes(ctx: GenerationContext, account_ids: pl.Series) -> pl.Series:
    return stripe_ids("pfx", account_ids, ctx.seed).str.slice(4, 8).str.to_uppercase()


def _discounts(ctx: GenerationContext) -> pl.DataFrame:
    """Every redeemed coupon: one discount per subscription that got money off (by the
    invoices finalised before a cut-off, in a story with an end)."""
    led = ledger(ctx)
    invoices = invoices_at(ctx) if ctx.is_cut else led.invoices
    given = (
        invoices.filter(pl.col("discount") > 0)
        .group_by("subscription_id")
        .agg(
            amount=pl.col("discount").sum(),
            start=pl.col("created").min(),
            last_invoice=pl.col("created").max(),
        )
    )
    coupons = pl.DataFrame(
        {"coupon_id": [c[0] for c in d.COUPONS], "months": [c[5] or 1 for c in d.COUPONS]}
    )
    return (
        led.subscriptions.drop_nulls("coupon_id")
        .select("subscription_id", "account_id", "coupon_id", "trial_end_at")
        .join(given, on="subscription_id")
        .join(coupons, on="coupon_id")
        .sort("subscription_id")
        .select(
            id=stripe_id("di", "subscription_id", ctx),
            type=pl.lit("subscription"),
            type_id=stripe_id("sub", "subscription_id", ctx),
            amount="amount",
            coupon_id="coupon_id",
            customer_id=stripe_id("cus", "account_id", ctx),
            subscription_id=stripe_id("sub", "subscription_id", ctx),
            invoice_id=pl.lit(None, pl.String),
            promotion_code=pl.lit(None, pl.String),
            start=ts("start"),
            end=ts("start").dt.offset_by(pl.format("{}mo", pl.col("months"))),
            _fivetran_synced=fivetran_columns(ctx, "last_invoice")["_fivetran_synced"],
        )
    )


def generate_discounts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _discounts(ctx)


def _cut_discounts(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The discounts given by the invoices finalised before the cut-off (a cut context's
    `_discounts` reads those), synced by it."""
    return frame.with_columns(timeline.synced_by_cutoff(ctx))


def generate_subscription_discounts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """The same discounts as Stripe's newer subscription-discount objects (the package's MRR
    report reads the coupon of each subscription here)."""
    yield _discounts(ctx).select(
        "id",
        "coupon_id",
        "customer_id",
        "subscription_id",
        "invoice_id",
        invoice_item_id=pl.lit(None, pl.String),
        checkout_session=pl.lit(None, pl.String),
        start="start",
        end="end",
        _fivetran_synced="_fivetran_synced",
    )


CUSTOMER = TableSpec(
    source=SOURCE,
    table="customer",
    imitates="stripe.customer",
    description="Stripe customers, one per app account (account_id in metadata).",
    primary_key="id",
    generate=generate_customers,
    cut=_cut_customers,
    contract=lambda size: RowContract(size.accounts),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Customer id (cus_...).
        created timestamptz Creation time (the account's sign-up).
        email text Billing email.
        name text Business name.
        description text Free text.
        {CURRENCY}
        balance bigint Customer credit balance in cents (negative = credit).
        delinquent boolean True while an invoice is past due.
        address_line_1 text? Billing street.
        address_line_2 text? Billing street, second line.
        address_city text? Billing city.
        address_state text? Billing state.
        address_postal_code text? Billing ZIP code.
        address_country text Billing country (US).
        invoice_prefix text Prefix of this customer's invoice numbers.
        invoice_settings_default_payment_method text Default card (pm_...).
        tax_exempt text none, exempt or reverse.
        is_deleted boolean Deleted in Stripe.
        {LIVEMODE}
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)

DISCOUNT = TableSpec(
    source=SOURCE,
    table="discount",
    imitates="stripe.discount",
    description="Coupons applied to subscriptions, with the total discount they gave.",
    primary_key="id",
    generate=generate_discounts,
    cut=_cut_discounts,
    contract=lambda size: RowContract(
        round(size.accounts * sum(c[6] for c in d.COUPONS)), tolerance=0.5
    ),
    foreign_keys=(
        ForeignKey("coupon_id", "stripe_coupon", "id"),
        ForeignKey("customer_id", "stripe_customer", "id"),
        ForeignKey("subscription_id", "stripe_subscription_history", "id"),
    ),
    temporal_rules=(TemporalRule("start", "customer_id", "created"),),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Discount id (di_...).
        type text What it is attached to (subscription).
        type_id text Id of that object.
        amount bigint Total discount given so far, cents.
        coupon_id text Coupon redeemed.
        customer_id text Customer.
        subscription_id text Subscription it applies to.
        invoice_id text? Invoice, for invoice-level discounts.
        promotion_code text? Promotion code used.
        start timestamptz When the discount started.
        end timestamptz When it ends.
        {FIVETRAN_SYNCED}
        """
    ),
)

SUBSCRIPTION_DISCOUNT = TableSpec(
    source=SOURCE,
    table="subscription_discount",
    description="The discounts on subscriptions, as subscription-discount objects.",
    primary_key="id",
    generate=generate_subscription_discounts,
    cut=_cut_discounts,
    contract=DISCOUNT.contract,
    foreign_keys=(
        ForeignKey("id", "stripe_discount", "id"),
        ForeignKey("coupon_id", "stripe_coupon", "id"),
        ForeignKey("subscription_id", "stripe_subscription_history", "id"),
    ),
    freshness_column="_fivetran_synced",
    imitates="stripe.subscription_discount",
    columns=columns(
        f"""
        id text Discount id (di_...).
        coupon_id text Coupon redeemed.
        customer_id text Customer.
        subscription_id text Subscription it applies to.
        invoice_id text? Invoice, for invoice-level discounts.
        invoice_item_id text? Invoice item (none).
        checkout_session text? Checkout session (none: added by sales).
        start timestamptz When the discount started.
        end timestamptz When it ends.
        {FIVETRAN_SYNCED}
        """
    ),
)
