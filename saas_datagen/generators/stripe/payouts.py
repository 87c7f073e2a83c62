"""raw.stripe_account, stripe_payout, stripe_payout_balance_transaction and stripe_fee.

TapFlow's own Stripe account pays its available balance out automatically every day (the
schedule is in `payments.balance_entries`): each payout appears in the balance as a `payout`
transaction, lists the charges and refunds it carried and lands in the bank a day later.
`fee` itemises the processing fee of each balance transaction.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators import timeline
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext
from saas_datagen.generators.stripe.common import (
    CURRENCY,
    LIVEMODE,
    METADATA,
    SOURCE,
    fivetran_columns,
    stripe_id,
    ts,
)
from saas_datagen.generators.stripe.payments import (
    balance_entries,
    expected_payouts,
    paid_out_before,
    payout_made_us,
    payouts,
)
from saas_datagen.schema import FIVETRAN_SYNCED, ForeignKey, RowContract, TableSpec, columns

ACCOUNT_KEY = 1


def account_id(ctx: GenerationContext) -> pl.Expr:
    return stripe_id("acct", "account_key", ctx)


def generate_accounts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    created = ctx.horizon_us - int(d.HISTORY_YEARS * 365.25 * MICROS_PER_DAY) - 60 * MICROS_PER_DAY
    account = d.STRIPE_ACCOUNT
    yield pl.DataFrame({"account_key": [ACCOUNT_KEY], "created_us": [created]}).select(
        id=account_id(ctx),
        type=pl.lit("standard"),
        business_type=pl.lit("company"),
        business_profile_name=pl.lit(account["business_profile_name"]),
        business_profile_mcc=pl.lit(account["business_profile_mcc"]),
        company_name=pl.lit(account["company_name"]),
        company_phone=pl.lit(account["company_phone"]),
        company_address_line_1=pl.lit(account["company_address_line_1"]),
        company_address_line_2=pl.lit(None, pl.String),
        company_address_city=pl.lit(account["company_address_city"]),
        company_address_state=pl.lit(account["company_address_state"]),
        company_address_postal_code=pl.lit(account["company_address_postal_code"]),
        company_address_country=pl.lit("US"),
        country=pl.lit("US"),
        default_currency=pl.lit("usd"),
        email=pl.lit(account["email"]),
        charges_enabled=pl.lit(True),
        payouts_enabled=pl.lit(True),
        details_submitted=pl.lit(True),
        created=ts("created_us"),
        is_deleted=pl.lit(False),
        metadata=pl.lit(None, pl.String),
        _fivetran_synced=fivetran_columns(ctx, "created_us")["_fivetran_synced"],
    )


def generate_payouts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    rows = payouts(ctx).with_columns(account_key=pl.lit(ACCOUNT_KEY))
    yield rows.select(
        id=stripe_id("po", "payout_key", ctx),
        amount="amount",
        arrival_date=ts("arrival"),
        automatic=pl.lit(True),
        balance_transaction_id=stripe_id("txn", "txn_key", ctx),
        connected_account_id=pl.lit(None, pl.String),
        created=ts("created"),
        currency=pl.lit("usd"),
        description=pl.lit("STRIPE PAYOUT"),
        destination_bank_account_id=stripe_id("ba", "account_key", ctx),
        destination_card_id=pl.lit(None, pl.String),
        failure_balance_transaction_id=pl.lit(None, pl.String),
        failure_code=pl.lit(None, pl.String),
        failure_message=pl.lit(None, pl.String),
        method=pl.lit("standard"),
        source_type=pl.lit("card"),
        statement_descriptor=pl.lit("TAPFLOW"),
        status=pl.when(pl.col("arrival") < ctx.horizon_us)
        .then(pl.lit("paid"))
        .otherwise(pl.lit("in_transit")),
        type=pl.lit("bank_account"),
        metadata=pl.lit(None, pl.String),
        **fivetran_columns(ctx, pl.min_horizontal("arrival", pl.lit(ctx.horizon_us - 1))),
    )


def _cut_payouts(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The payouts made before the cut-off: paid once arrived, in transit until then."""
    cutoff = timeline.cutoff(ctx)
    return (
        frame.filter(pl.col("created") < cutoff)
        .with_columns(
            status=pl.when(pl.col("arrival_date") < cutoff)
            .then(pl.lit("paid"))
            .otherwise(pl.lit("in_transit"))
        )
        .with_columns(timeline.synced_by_cutoff(ctx))
    )


def _made_payout_ids(ctx: GenerationContext) -> pl.DataFrame:
    """`payout_id` of the payouts made before the cut-off."""
    return paid_out_before(ctx).select(payout_id=stripe_id("po", "payout_key", ctx))


def _movements_made(ctx: GenerationContext) -> pl.DataFrame:
    """`balance_transaction_id` of the balance movements made before the cut-off."""
    return (
        balance_entries(ctx)
        .filter(pl.col("created") < ctx.cutoff_us)
        .select(balance_transaction_id=stripe_id("txn", "txn_key", ctx))
    )


def generate_payout_balance_transactions(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        balance_entries(ctx)
        .filter((pl.col("kind") != "payout") & pl.col("payout_key").is_not_null())
        .sort("txn_key")
        .select(
            payout_id=stripe_id("po", "payout_key", ctx),
            balance_transaction_id=stripe_id("txn", "txn_key", ctx),
            _fivetran_synced=fivetran_columns(ctx, payout_made_us(pl.col("payout_key")))[
                "_fivetran_synced"
            ],
        )
    )


def generate_fees(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        balance_entries(ctx)
        .filter(pl.col("fee") > 0)
        .sort("txn_key")
        .select(
            balance_transaction_id=stripe_id("txn", "txn_key", ctx),
            index=pl.lit(0),
            amount="fee",
            currency=pl.lit("usd"),
            type=pl.lit("stripe_fee"),
            description=pl.lit("Stripe processing fees"),
            application=pl.lit(None, pl.String),
            connected_account_id=pl.lit(None, pl.String),
            _fivetran_synced=fivetran_columns(ctx, "created")["_fivetran_synced"],
        )
    )


ACCOUNT = TableSpec(
    source=SOURCE,
    table="account",
    description="TapFlow's own Stripe account (the package's daily overview keys on it).",
    primary_key="id",
    generate=generate_accounts,
    cut=timeline.fivetran_static,
    contract=lambda size: RowContract(1),
    freshness_column="_fivetran_synced",
    imitates="stripe.account",
    columns=columns(
        f"""
        id text Account id (acct_...).
        type text standard.
        business_type text company.
        business_profile_name text Public business name.
        business_profile_mcc text Merchant category code.
        company_name text Legal name.
        company_phone text Phone.
        company_address_line_1 text Street.
        company_address_line_2 text? Street, second line.
        company_address_city text City.
        company_address_state text State.
        company_address_postal_code text ZIP code.
        company_address_country text Country.
        country text Country of the account.
        default_currency text usd.
        email text Account email.
        charges_enabled boolean Can take charges.
        payouts_enabled boolean Can pay out.
        details_submitted boolean Onboarding complete.
        created timestamptz Opened before the first customer.
        is_deleted boolean Deleted.
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)

PAYOUT = TableSpec(
    source=SOURCE,
    table="payout",
    description="Automatic daily payouts of the available balance to TapFlow's bank account.",
    primary_key="id",
    generate=generate_payouts,
    cut=_cut_payouts,
    contract=lambda size: RowContract(expected_payouts(size), tolerance=0.3),
    foreign_keys=(ForeignKey("balance_transaction_id", "stripe_balance_transaction", "id"),),
    freshness_column="_fivetran_synced",
    imitates="stripe.payout",
    columns=columns(
        f"""
        id text Payout id (po_...).
        amount bigint Amount paid out, cents.
        arrival_date timestamptz When it reaches the bank.
        automatic boolean Paid out by the daily schedule.
        balance_transaction_id text The payout's own balance transaction.
        connected_account_id text? Connected account (none).
        created timestamptz When the payout was created.
        {CURRENCY}
        description text STRIPE PAYOUT.
        destination_bank_account_id text TapFlow's bank account (ba_...).
        destination_card_id text? Debit card destination (none).
        failure_balance_transaction_id text? Reversal (none).
        failure_code text? Why it failed (none).
        failure_message text? Failure text (none).
        method text standard.
        source_type text card: the funds came from card payments.
        statement_descriptor text On the bank statement.
        status text paid, or in_transit until it arrives.
        type text bank_account.
        {METADATA}
        {LIVEMODE}
        {FIVETRAN_SYNCED}
        """
    ),
)

PAYOUT_BALANCE_TRANSACTION = TableSpec(
    source=SOURCE,
    table="payout_balance_transaction",
    description="Which charges and refunds each payout carried.",
    primary_key=("payout_id", "balance_transaction_id"),
    generate=generate_payout_balance_transactions,
    cut=timeline.fivetran_children(_made_payout_ids),
    contract=lambda size: RowContract(round(size.stripe_charges * (1 + 0.02)), tolerance=0.25),
    foreign_keys=(
        ForeignKey("payout_id", "stripe_payout", "id"),
        ForeignKey("balance_transaction_id", "stripe_balance_transaction", "id"),
    ),
    freshness_column="_fivetran_synced",
    imitates="stripe.payout_balance_transaction",
    columns=columns(
        f"""
        payout_id text Payout.
        balance_transaction_id text A charge or refund it paid out.
        {FIVETRAN_SYNCED}
        """
    ),
)

FEE = TableSpec(
    source=SOURCE,
    table="fee",
    description="Stripe's processing fee of each balance transaction, itemised.",
    primary_key=("balance_transaction_id", "index"),
    generate=generate_fees,
    cut=timeline.fivetran_children(_movements_made),
    contract=lambda size: RowContract(size.stripe_charges, tolerance=0.25),
    foreign_keys=(ForeignKey("balance_transaction_id", "stripe_balance_transaction", "id"),),
    freshness_column="_fivetran_synced",
    imitates="stripe.fee",
    columns=columns(
        f"""
        balance_transaction_id text Balance transaction.
        index integer Position among the transaction's fees.
        amount bigint Fee, cents.
        {CURRENCY}
        type text stripe_fee.
        description text What the fee is for.
        application text? Connect application (none).
        connected_account_id text? Connected account (none).
        {FIVETRAN_SYNCED}
        """
    ),
)
