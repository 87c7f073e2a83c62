"""raw.stripe_payment_method, stripe_payment_method_card and stripe_card: how customers pay.

Every customer has one default payment method (`pm_…`, the id its charges and payment intents
already carry): a card (brand, funding and issuing country from config; also the legacy
`card_…` object the charge points to) or an ACH debit from a US bank account.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators import timeline
from saas_datagen.generators.app_database import accounts, locations
from saas_datagen.generators.context import GenerationContext
from saas_datagen.generators.sampling import stratified_choice
from saas_datagen.generators.stripe.common import (
    LIVEMODE,
    METADATA,
    SOURCE,
    fivetran_columns,
    stripe_id,
)
from saas_datagen.schema import FIVETRAN_SYNCED, ForeignKey, RowContract, TableSpec, columns

PAYMENT_METHODS = "stripe.payment_methods"
# Stripe's legacy card objects spell brands for people.
CARD_BRAND_NAMES = {
    "visa": "Visa",
    "mastercard": "MasterCard",
    "amex": "American Express",
    "discover": "Discover",
}


def payment_methods(ctx: GenerationContext) -> pl.DataFrame:
    """One row per customer (account): its payment method type and, for cards, the card."""

    def build(ctx: GenerationContext) -> pl.DataFrame:
        frame = (
            accounts.build(ctx)
            .select("account_id", "account_name", "billing_email", "created_at")
            .sort("account_id")
            .join(
                locations.build(ctx)
                .filter(pl.col("location_type") == "main")
                .select("account_id", "street_address", "city", "state", "postal_code"),
                on="account_id",
                how="left",
            )
        )
        n = frame.height
        rng = ctx.rng(PAYMENT_METHODS)
        return frame.with_columns(
            type=pl.Series(stratified_choice(rng, n, d.PAYMENT_METHOD_SHARES)),
            brand=pl.Series(stratified_choice(rng, n, d.CARD_BRANDS)),
            funding=pl.Series(stratified_choice(rng, n, d.CARD_FUNDING)),
            card_country=pl.Series(stratified_choice(rng, n, d.CARD_COUNTRIES)),
        ).with_columns(
            is_card=pl.col("type") == "card",
            created_us=pl.col("created_at").dt.epoch("us"),
        )

    return ctx.cached(PAYMENT_METHODS, build)


def card_id(ctx: GenerationContext) -> pl.Expr:
    """The charge's legacy card id (`card_…`), for customers paying by card."""
    return pl.when(pl.col("is_card")).then(stripe_id("card", "account_id", ctx))


def bank_account_id(ctx: GenerationContext) -> pl.Expr:
    return pl.when(~pl.col("is_card")).then(stripe_id("ba", "account_id", ctx))


def generate_payment_methods(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield payment_methods(ctx).select(
        id=stripe_id("pm", "account_id", ctx),
        customer_id=stripe_id("cus", "account_id", ctx),
        type="type",
        created="created_at",
        billing_detail_name="account_name",
        billing_detail_email="billing_email",
        billing_detail_phone=pl.lit(None, pl.String),
        billing_detail_address_line_1="street_address",
        billing_detail_address_line_2=pl.lit(None, pl.String),
        billing_detail_address_city="city",
        billing_detail_address_state="state",
        billing_detail_address_postal_code="postal_code",
        billing_detail_address_country=pl.lit("US"),
        metadata=pl.lit(None, pl.String),
        **fivetran_columns(ctx, "created_us"),
    )


def generate_payment_method_cards(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        payment_methods(ctx)
        .filter("is_card")
        .select(
            payment_method_id=stripe_id("pm", "account_id", ctx),
            brand="brand",
            funding="funding",
            country="card_country",
            type=pl.lit("card"),
            charge_id=pl.lit(None, pl.String),
            wallet_type=pl.lit(None, pl.String),
            three_d_secure_authentication_flow=pl.lit(None, pl.String),
            three_d_secure_result=pl.lit(None, pl.String),
            three_d_secure_result_reason=pl.lit(None, pl.String),
            three_d_secure_version=pl.lit(None, pl.String),
            _fivetran_synced=fivetran_columns(ctx, "created_us")["_fivetran_synced"],
        )
    )


def generate_cards(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        payment_methods(ctx)
        .filter("is_card")
        .select(
            id=stripe_id("card", "account_id", ctx),
            customer_id=stripe_id("cus", "account_id", ctx),
            account_id=pl.lit(None, pl.String),
            brand=pl.col("brand").replace_strict(CARD_BRAND_NAMES),
            funding="funding",
            country="card_country",
            name="account_name",
            address_line_1="street_address",
            address_line_2=pl.lit(None, pl.String),
            address_city="city",
            address_state="state",
            address_zip="postal_code",
            address_country=pl.lit("US"),
            recipient=pl.lit(None, pl.String),
            wallet_type=pl.lit(None, pl.String),
            created="created_at",
            metadata=pl.lit(None, pl.String),
            _fivetran_synced=fivetran_columns(ctx, "created_us")["_fivetran_synced"],
        )
    )


def _card_share(size) -> int:
    return round(size.accounts * d.PAYMENT_METHOD_SHARES["card"])


def _address(prefix: str, zip_name: str = "postal_code") -> str:
    """The address columns Stripe repeats under a prefix (schema.columns notation)."""
    return f"""
        {prefix}line_1 text? Street.
        {prefix}line_2 text? Street, second line.
        {prefix}city text? City.
        {prefix}state text? State.
        {prefix}{zip_name} text? ZIP code.
        {prefix}country text Country (US).
    """


PAYMENT_METHOD = TableSpec(
    source=SOURCE,
    table="payment_method",
    description="Each customer's default payment method: a card or a US bank account (ACH).",
    primary_key="id",
    generate=generate_payment_methods,
    cut=timeline.fivetran_facts("created"),
    contract=lambda size: RowContract(size.accounts),
    foreign_keys=(ForeignKey("customer_id", "stripe_customer", "id"),),
    freshness_column="_fivetran_synced",
    imitates="stripe.payment_method",
    columns=columns(
        f"""
        id text Payment method id (pm_...).
        customer_id text Customer.
        type text card or us_bank_account.
        created timestamptz When it was attached.
        billing_detail_name text Billing name.
        billing_detail_email text Billing email.
        billing_detail_phone text? Billing phone.
        {_address("billing_detail_address_")}
        {METADATA}
        {LIVEMODE}
        {FIVETRAN_SYNCED}
        """
    ),
)

PAYMENT_METHOD_CARD = TableSpec(
    source=SOURCE,
    table="payment_method_card",
    description="Card details of the card payment methods (brand, funding, country).",
    primary_key="payment_method_id",
    generate=generate_payment_method_cards,
    cut=timeline.fivetran_static,
    contract=lambda size: RowContract(_card_share(size), tolerance=0.01),
    foreign_keys=(ForeignKey("payment_method_id", "stripe_payment_method", "id"),),
    freshness_column="_fivetran_synced",
    imitates="stripe.payment_method_card",
    columns=columns(
        f"""
        payment_method_id text Payment method.
        brand text visa, mastercard, amex or discover.
        funding text credit or debit.
        country text Issuing country.
        type text card.
        charge_id text? Charge that created it (none: saved at sign-up).
        wallet_type text? Apple Pay, Google Pay ... (none).
        three_d_secure_authentication_flow text? 3DS flow (none).
        three_d_secure_result text? 3DS result (none).
        three_d_secure_result_reason text? 3DS reason (none).
        three_d_secure_version text? 3DS version (none).
        {FIVETRAN_SYNCED}
        """
    ),
)

CARD = TableSpec(
    source=SOURCE,
    table="card",
    description="Stripe's card objects behind the card payment methods (charges point here).",
    primary_key="id",
    generate=generate_cards,
    cut=timeline.fivetran_facts("created"),
    contract=lambda size: RowContract(_card_share(size), tolerance=0.01),
    foreign_keys=(ForeignKey("customer_id", "stripe_customer", "id"),),
    freshness_column="_fivetran_synced",
    imitates="stripe.card",
    columns=columns(
        f"""
        id text Card id (card_...).
        customer_id text Customer.
        account_id text? Connected account (none).
        brand text Visa, MasterCard, American Express or Discover.
        funding text credit or debit.
        country text Issuing country.
        name text Cardholder (the business).
        {_address("address_", zip_name="zip")}
        recipient text? Legacy recipient (none).
        wallet_type text? Wallet (none).
        created timestamptz When it was added.
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)
