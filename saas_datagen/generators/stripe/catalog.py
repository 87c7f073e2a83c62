"""raw.stripe_product, stripe_price and stripe_coupon: what TapFlow sells and discounts.

Four plan products priced monthly and annually (annual = ten months), four one-time add-ons,
two recurring add-ons priced like the plans (per location, monthly or annually),
and the once/repeating coupons new customers redeem.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators import timeline
from saas_datagen.generators.context import GenerationContext
from saas_datagen.generators.stripe.common import (
    CURRENCY,
    LIVEMODE,
    METADATA,
    SOURCE,
    fivetran_columns,
    json_object,
    stripe_id,
    ts,
)
from saas_datagen.generators.stripe.ledger import (
    add_on_price_key,
    coupon_table,
    ledger,
    recurring_add_on_price_key,
)
from saas_datagen.schema import FIVETRAN_SYNCED, ForeignKey, RowContract, TableSpec, columns

# The catalogue exists a month before the first customer signs up.
CATALOG_LEAD_DAYS = 30


def catalog_created_us(ctx: GenerationContext) -> int:
    return ctx.days_before_horizon_us(d.HISTORY_YEARS * 365.25 + CATALOG_LEAD_DAYS)


def _products() -> pl.DataFrame:
    plans = [(d.PRODUCT_NAMES[t], f"TapFlow {t} plan, per location", "location") for t in d.TIERS]
    add_ons = [(name, f"One-time: {name.lower()}", None) for name, _, _ in d.ADD_ONS]
    recurring = [
        (name, f"Add-on: {name.lower()}, per location", "location")
        for name, _, _ in d.RECURRING_ADD_ONS
    ]
    rows = plans + add_ons + recurring
    return pl.DataFrame(
        {
            "key": range(1, len(rows) + 1),
            "name": [r[0] for r in rows],
            "description": [r[1] for r in rows],
            "unit_label": [r[2] for r in rows],
        }
    )


def _prices() -> pl.DataFrame:
    schema = ["key", "product_key", "unit_amount", "interval", "lookup_key", "type"]
    rows = []
    for i, tier in enumerate(d.TIERS):
        monthly = d.MONTHLY_PRICE_CENTS[tier]
        rows.append((1 + 2 * i, 1 + i, monthly, "month", f"{tier}_monthly", "recurring"))
        annual = monthly * d.ANNUAL_PRICE_MONTHS
        rows.append((2 + 2 * i, 1 + i, annual, "year", f"{tier}_annual", "recurring"))
    for i, (name, cents, _) in enumerate(d.ADD_ONS):
        key = add_on_price_key(i)
        lookup = name.lower().replace(" ", "_").replace("-", "_")
        rows.append((key, 1 + len(d.TIERS) + i, cents, None, lookup, "one_time"))
    recurring = []
    for i, (name, monthly, _) in enumerate(d.RECURRING_ADD_ONS):
        product = 1 + len(d.TIERS) + len(d.ADD_ONS) + i
        lookup = name.lower().replace(" ", "_")
        for interval, cents in (("month", monthly), ("year", monthly * d.ANNUAL_PRICE_MONTHS)):
            label = "monthly" if interval == "month" else "annual"
            recurring.append((i, product, cents, interval, f"{lookup}_{label}", "recurring"))
    # The recurring add-on price keys come from the ledger's formula: its items point at them.
    recurring_prices = pl.DataFrame(recurring, schema=["index", *schema[1:]], orient="row").select(
        recurring_add_on_price_key(pl.col("index"), pl.col("interval")).alias("key"), *schema[1:]
    )
    return pl.concat(
        [pl.DataFrame(rows, schema=schema, orient="row"), recurring_prices], how="vertical"
    )


def generate_products(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    created = catalog_created_us(ctx)
    yield _products().select(
        id=stripe_id("prod", "key", ctx),
        name="name",
        active=pl.lit(True),
        type=pl.lit("service"),
        description="description",
        created=ts(pl.lit(created)),
        updated=ts(pl.lit(created)),
        unit_label="unit_label",
        statement_descriptor=pl.lit("TAPFLOW"),
        shippable=pl.lit(False),
        url=pl.lit("https://tapflow.io/pricing"),
        is_deleted=pl.lit(False),
        metadata=json_object(catalog_key=pl.col("key")),
        **fivetran_columns(ctx, pl.lit(created)),
    )


def generate_prices(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    created = catalog_created_us(ctx)
    recurring = pl.col("type") == "recurring"
    yield _prices().select(
        id=stripe_id("price", "key", ctx),
        product_id=stripe_id("prod", "product_key", ctx),
        active=pl.lit(True),
        currency=pl.lit("usd"),
        unit_amount="unit_amount",
        unit_amount_decimal=pl.col("unit_amount").cast(pl.String),
        billing_scheme=pl.lit("per_unit"),
        recurring_interval="interval",
        recurring_interval_count=pl.when(recurring).then(1),
        recurring_usage_type=pl.when(recurring).then(pl.lit("licensed")),
        nickname="lookup_key",
        type="type",
        lookup_key="lookup_key",
        created=ts(pl.lit(created)),
        is_deleted=pl.lit(False),
        metadata=json_object(catalog_key=pl.col("key")),
        **fivetran_columns(ctx, pl.lit(created)),
    )


def generate_coupons(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    created = catalog_created_us(ctx)
    redemptions = ledger(ctx).subscriptions.drop_nulls("coupon_id").group_by("coupon_id").len()
    coupons = coupon_table().rename({"coupon_id": "id", "coupon_name": "name"})
    yield coupons.join(redemptions, left_on="id", right_on="coupon_id", how="left").select(
        "id",
        "name",
        "amount_off",
        "percent_off",
        currency=pl.when(pl.col("amount_off").is_not_null()).then(pl.lit("usd")),
        duration="duration",
        duration_in_months="duration_in_months",
        created=ts(pl.lit(created)),
        max_redemptions=pl.lit(None, pl.Int64),
        redeem_by=pl.lit(None, pl.Int64).cast(pl.Datetime("us", "UTC")),
        times_redeemed=pl.col("len").fill_null(0),
        valid=pl.lit(True),
        metadata=pl.lit(None, pl.String),
        **fivetran_columns(ctx, pl.lit(created)),
    )


PRODUCT = TableSpec(
    source=SOURCE,
    table="product",
    imitates="stripe.product",
    description="Products: the four TapFlow plans, four one-time and two recurring add-ons.",
    primary_key="id",
    generate=generate_products,
    cut=timeline.fivetran_static,
    contract=lambda size: RowContract(len(d.TIERS) + len(d.ADD_ONS) + len(d.RECURRING_ADD_ONS)),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Product id (prod_...).
        name text Product name shown on invoices.
        active boolean Whether it can be sold.
        type text service.
        description text Long description.
        created timestamptz Creation time.
        updated timestamptz Last update.
        unit_label text? Unit of a per-unit plan (location).
        statement_descriptor text Card statement text.
        shippable boolean Physical goods (false).
        url text Product page.
        is_deleted boolean Deleted in Stripe.
        {LIVEMODE}
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)

PRICE = TableSpec(
    source=SOURCE,
    table="price",
    imitates="stripe.price",
    description="Prices: 4 tiers and 2 recurring add-ons x monthly/annual (annual costs ten "
    "months) + 4 one-time add-ons.",
    primary_key="id",
    generate=generate_prices,
    cut=timeline.fivetran_static,
    contract=lambda size: RowContract(
        2 * len(d.TIERS) + len(d.ADD_ONS) + 2 * len(d.RECURRING_ADD_ONS)
    ),
    foreign_keys=(ForeignKey("product_id", "stripe_product", "id"),),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Price id (price_...).
        product_id text Product this price belongs to.
        active boolean Whether new subscriptions can use it.
        {CURRENCY}
        unit_amount bigint Amount per unit in cents.
        unit_amount_decimal text unit_amount as a decimal string.
        billing_scheme text per_unit.
        recurring_interval text? month or year; null if one-time.
        recurring_interval_count integer? Intervals per period.
        recurring_usage_type text? licensed (seat-like).
        nickname text Internal name.
        type text recurring or one_time.
        lookup_key text Stable key used by the app (e.g. starter_monthly).
        created timestamptz Creation time.
        is_deleted boolean Deleted in Stripe.
        {LIVEMODE}
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)

COUPON = TableSpec(
    source=SOURCE,
    table="coupon",
    imitates="stripe.coupon",
    description="Coupons (once or repeating, so they never change MRR).",
    primary_key="id",
    generate=generate_coupons,
    cut=timeline.fivetran_static,
    contract=lambda size: RowContract(len(d.COUPONS)),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Coupon code, used as its id.
        name text Display name.
        amount_off bigint? Fixed discount in cents.
        percent_off double_precision? Percentage discount.
        currency text? Currency of amount_off.
        duration text once, repeating or forever.
        duration_in_months integer? Months a repeating coupon lasts.
        created timestamptz Creation time.
        max_redemptions integer? Redemption cap.
        redeem_by timestamptz? Last redemption date.
        times_redeemed integer Subscriptions that redeemed it.
        valid boolean Still redeemable.
        {LIVEMODE}
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)
