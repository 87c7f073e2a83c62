"""raw.stripe_payment_intent, stripe_charge, stripe_refund and stripe_balance_transaction.

One payment intent per chargeable invoice; one charge per attempt (failures included);
balance transactions for every succeeded charge and every refund, with Stripe's fee.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators import timeline
from saas_datagen.generators.context import MICROS_PER_DAY, MICROS_PER_HOUR, GenerationContext
from saas_datagen.generators.sampling import stratified_choice
from saas_datagen.generators.stripe.common import (
    CURRENCY,
    LIVEMODE,
    METADATA,
    SOURCE,
    fivetran_columns,
    stripe_id,
    synced,
    ts,
)
from saas_datagen.generators.stripe.invoices import INVOICE_CHANGES
from saas_datagen.generators.stripe.ledger import LEDGER, invoices_at, ledger
from saas_datagen.generators.stripe.payment_methods import (
    bank_account_id,
    card_id,
    payment_methods,
)
from saas_datagen.schema import (
    FIVETRAN_SYNCED,
    ForeignKey,
    RowContract,
    TableSpec,
    TemporalRule,
    columns,
)

FAILURE_MESSAGES = {
    "card_declined": "Your card was declined.",
    "insufficient_funds": "Your card has insufficient funds.",
    "expired_card": "Your card has expired.",
    "processing_error": "An error occurred while processing your card. Try again.",
}


def balance_entries(ctx: GenerationContext) -> pl.DataFrame:
    """Every balance movement: succeeded charges and refunds keyed in time order, each with
    the payout that carried it (`payout_key`), then the payouts themselves."""

    def build(ctx: GenerationContext) -> pl.DataFrame:
        led = ledger(ctx)
        charges = led.charges.filter("succeeded").select(
            kind=pl.lit("charge"),
            source_key="charge_key",
            created="charged_at",
            amount="total",
            fee=(pl.col("total") * d.STRIPE_FEE_PERCENT / 100).round().cast(pl.Int64)
            + d.STRIPE_FEE_FIXED_CENTS,
        )
        refunds = led.refunds.select(
            kind=pl.lit("refund"),
            source_key="refund_key",
            created="refunded_at",
            amount=-pl.col("refund_amount"),
            fee=pl.lit(0, pl.Int64),
        )
        won_back = disputes(ctx).filter(pl.col("status") == "won")
        disputed = pl.concat(
            [
                disputes(ctx).select(
                    kind=pl.lit("adjustment"),
                    source_key="dispute_key",
                    created="opened_us",
                    amount=-pl.col("amount"),
                    fee=pl.lit(d.DISPUTE_FEE_CENTS, pl.Int64),
                ),
                won_back.select(
                    kind=pl.lit("adjustment"),
                    source_key="dispute_key",
                    created="decided_us",
                    amount="amount",
                    fee=pl.lit(0, pl.Int64),
                ),
            ]
        )
        movements = (
            pl.concat([charges, refunds, disputed])
            .sort("created", "kind", "source_key")
            .with_columns(txn_key=pl.int_range(1, pl.len() + 1, dtype=pl.Int64))
        )
        movements = movements.with_columns(payout_key=_payout_days(ctx, movements))
        return pl.concat([movements, _payouts(movements)])

    return ctx.cached(f"{LEDGER}.balance", build)


def disputes(ctx: GenerationContext) -> pl.DataFrame:
    """Chargebacks on a few succeeded charges: opened weeks after the charge (money and the
    dispute fee leave the balance), decided 70 days later (won: the money comes back)."""

    def build(ctx: GenerationContext) -> pl.DataFrame:
        paid = ledger(ctx).charges.filter("succeeded").sort("charge_key")
        horizon = ctx.horizon_us
        low, high = d.DISPUTE_OPENED_DAYS
        eligible = paid.filter(pl.col("charged_at") < horizon - (high + 1) * MICROS_PER_DAY)
        rng = ctx.rng(f"{LEDGER}.disputes")
        k = min(eligible.height, max(1, round(paid.height * d.DISPUTE_SHARE_OF_CHARGES)))
        chosen = eligible[np.sort(rng.choice(eligible.height, k, replace=False))]
        opened = chosen["charged_at"].to_numpy() + (
            rng.uniform(low, high, k) * MICROS_PER_DAY
        ).astype(np.int64)
        decided = opened + d.DISPUTE_DECIDED_DAYS * MICROS_PER_DAY
        won = rng.random(k) < d.DISPUTE_WIN_SHARE
        open_now = decided >= horizon
        return (
            chosen.select("charge_key", "invoice_key", "account_id", amount="total")
            .with_columns(
                dispute_key=pl.int_range(1, k + 1, dtype=pl.Int64),
                opened_us=pl.Series(opened),
                decided_us=pl.Series(np.where(open_now, 0, decided)),
                reason=pl.Series(stratified_choice(rng, k, d.DISPUTE_REASONS)),
                status=pl.Series(np.where(open_now, "under_review", np.where(won, "won", "lost"))),
            )
            .with_columns(decided_us=pl.when(pl.col("decided_us") > 0).then("decided_us"))
        )

    return ctx.cached(f"{LEDGER}.disputes", build)


def generate_disputes(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    txn = (
        balance_entries(ctx)
        .filter((pl.col("kind") == "adjustment") & (pl.col("amount") < 0))
        .select(dispute_key="source_key", txn_key="txn_key")
    )
    due = pl.col("opened_us") + 21 * MICROS_PER_DAY
    yield (
        disputes(ctx)
        .join(txn, on="dispute_key")
        .select(
            id=stripe_id("dp", "dispute_key", ctx),
            charge_id=stripe_id("ch", "charge_key", ctx),
            balance_transaction=stripe_id("txn", "txn_key", ctx),
            amount="amount",
            currency=pl.lit("usd"),
            reason="reason",
            status="status",
            is_charge_refundable=pl.lit(False),
            created=ts("opened_us"),
            evidence_details_due_by=ts(due),
            evidence_details_has_evidence=pl.col("status") != "lost",
            evidence_details_past_due=pl.lit(False),
            evidence_details_submission_count=pl.when(pl.col("status") == "lost")
            .then(pl.lit(0))
            .otherwise(pl.lit(1)),
            evidence_product_description=pl.lit("TapFlow tap monitoring subscription"),
            evidence_customer_email_address=pl.lit(None, pl.String),
            evidence_cancellation_policy_disclosure=pl.lit(
                "Cancel any time from account settings."
            ),
            connected_account_id=pl.lit(None, pl.String),
            metadata=pl.lit(None, pl.String),
            **fivetran_columns(ctx, pl.coalesce("decided_us", "opened_us")),
        )
    )


def _payout_days(ctx: GenerationContext, movements: pl.DataFrame) -> pl.Series:
    """The day number of the automatic payout that carries each movement: the first payout
    after its funds become available, on a day whose pending balance is positive (a day that
    is not carries its movements to the next payout); null while not yet paid out."""
    available = movements["created"].to_numpy() // MICROS_PER_DAY + d.PAYOUT_DELAY_DAYS + 1
    net = (movements["amount"] - movements["fee"]).to_numpy()
    days, inverse = np.unique(available, return_inverse=True)
    day_net = np.bincount(inverse, weights=net, minlength=len(days))
    horizon_day = ctx.horizon_us // MICROS_PER_DAY
    payout_day = np.full(len(days), -1, dtype=np.int64)
    pending, open_from = 0.0, 0
    for i, (day, amount) in enumerate(zip(days.tolist(), day_net.tolist(), strict=True)):
        if day >= horizon_day:
            break
        pending += amount
        if pending > 0:
            payout_day[open_from : i + 1] = day
            pending, open_from = 0.0, i + 1
    keys = payout_day[inverse]
    return pl.Series("payout_key", keys).replace(-1, None)


def _payouts(movements: pl.DataFrame) -> pl.DataFrame:
    """The payouts as balance movements (money leaving the balance), keyed after the rest."""
    last_key = int(movements["txn_key"].max() or 0)
    return (
        movements.drop_nulls("payout_key")
        .group_by("payout_key")
        .agg(paid_out=(pl.col("amount") - pl.col("fee")).sum())
        .sort("payout_key")
        .select(
            kind=pl.lit("payout"),
            source_key="payout_key",
            created=payout_made_us(pl.col("payout_key")),
            amount=-pl.col("paid_out"),
            fee=pl.lit(0, pl.Int64),
            txn_key=last_key + pl.int_range(1, pl.len() + 1, dtype=pl.Int64),
            payout_key="payout_key",
        )
    )


def expected_payouts(size) -> int:
    """About a payout per day with charges: every day of the history once charges are many
    per day; with fewer charges than days, the share of days that see one (Poisson)."""
    days = d.HISTORY_YEARS * 365
    return round(days * (1 - math.exp(-size.stripe_charges / days)))


def payouts(ctx: GenerationContext) -> pl.DataFrame:
    """One row per payout: key (its day number), amount, creation and arrival times and the
    key of its own balance transaction."""
    return (
        balance_entries(ctx)
        .filter(pl.col("kind") == "payout")
        .select(
            "payout_key",
            "txn_key",
            "created",
            amount=-pl.col("amount"),
            arrival=pl.col("created") + d.PAYOUT_TRANSIT_DAYS * MICROS_PER_DAY,
        )
    )


def _txn_keys(ctx: GenerationContext, kind: str) -> pl.DataFrame:
    return (
        balance_entries(ctx)
        .filter(pl.col("kind") == kind)
        .select(pl.col("source_key").alias(f"{kind}_key"), "txn_key")
    )


def generate_payment_intents(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _render_payment_intents(ctx, ledger(ctx).invoices)


def _cut_payment_intents(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The intents of the invoices finalised before the cut-off, as they stood then."""
    return _render_payment_intents(ctx, invoices_at(ctx)).with_columns(
        timeline.synced_by_cutoff(ctx)
    )


def _render_payment_intents(ctx: GenerationContext, invoices: pl.DataFrame) -> pl.DataFrame:
    invoices = invoices.filter(pl.col("total") > 0).sort("invoice_key")
    status = (
        pl.when(pl.col("status") == "paid")
        .then(pl.lit("succeeded"))
        .when(pl.col("status") == "open")
        .then(pl.lit("requires_payment_method"))
        .otherwise(pl.lit("canceled"))
    )
    return invoices.select(
        id=stripe_id("pi", "invoice_key", ctx),
        amount="total",
        amount_capturable=pl.lit(0, pl.Int64),
        amount_received="amount_paid",
        canceled_at=ts("uncollectible_at"),
        cancellation_reason=pl.when(pl.col("status") == "uncollectible").then(pl.lit("abandoned")),
        capture_method=pl.lit("automatic"),
        confirmation_method=pl.lit("automatic"),
        created=ts("finalized"),
        currency=pl.lit("usd"),
        customer_id=stripe_id("cus", "account_id", ctx),
        invoice_id=stripe_id("in", "invoice_key", ctx),
        description=pl.lit("Subscription update"),
        payment_method_id=stripe_id("pm", "account_id", ctx),
        statement_descriptor=pl.lit("TAPFLOW"),
        status=status,
        metadata=pl.lit(None, pl.String),
        **fivetran_columns(ctx, *INVOICE_CHANGES),
    )


def generate_charges(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    led = ledger(ctx)
    refunded = led.refunds.group_by("charge_key").agg(
        amount_refunded=pl.col("refund_amount").sum(), last_refund=pl.col("refunded_at").max()
    )
    charges = (
        led.charges.join(refunded, on="charge_key", how="left")
        .join(_txn_keys(ctx, "charge"), on="charge_key", how="left")
        .join(payment_methods(ctx).select("account_id", "is_card"), on="account_id")
        .sort("charge_key")
    )
    risk = ctx.rng(f"{LEDGER}.risk").integers(0, 65, charges.height)
    ok = pl.col("succeeded")
    yield charges.with_columns(risk=pl.Series(risk)).select(
        id=stripe_id("ch", "charge_key", ctx),
        customer_id=stripe_id("cus", "account_id", ctx),
        invoice_id=stripe_id("in", "invoice_key", ctx),
        payment_intent_id=stripe_id("pi", "invoice_key", ctx),
        payment_method_id=stripe_id("pm", "account_id", ctx),
        card_id=card_id(ctx),
        bank_account_id=bank_account_id(ctx),
        balance_transaction_id=stripe_id("txn", "txn_key", ctx),
        amount="total",
        amount_refunded=pl.col("amount_refunded").fill_null(0),
        currency=pl.lit("usd"),
        status=pl.when(ok).then(pl.lit("succeeded")).otherwise(pl.lit("failed")),
        paid=ok,
        captured=ok,
        refunded=pl.col("amount_refunded").fill_null(0) == pl.col("total"),
        failure_code="failure_code",
        failure_message=pl.col("failure_code").replace_strict(
            FAILURE_MESSAGES, default=None, return_dtype=pl.String
        ),
        outcome_type=pl.when(ok).then(pl.lit("authorized")).otherwise(pl.lit("issuer_declined")),
        outcome_network_status=pl.when(ok)
        .then(pl.lit("approved_by_network"))
        .otherwise(pl.lit("declined_by_network")),
        outcome_reason="failure_code",
        outcome_risk_level=pl.lit("normal"),
        outcome_risk_score="risk",
        outcome_seller_message=pl.when(ok)
        .then(pl.lit("Payment complete."))
        .otherwise(pl.lit("The bank did not return any further details with this decline.")),
        description=pl.lit("Subscription update"),
        statement_descriptor=pl.lit("TAPFLOW"),
        created=ts("charged_at"),
        metadata=pl.lit(None, pl.String),
        # A refund changes the charge (amount_refunded): synced after the last one.
        **fivetran_columns(ctx, "charged_at", pl.col("last_refund").fill_null(0)),
    )


def _cut_charges(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The attempts made before the cut-off, refunded by the refunds made before it."""
    led = ledger(ctx)
    refunded = (
        led.refunds.filter(pl.col("refunded_at") < ctx.cutoff_us)
        .group_by("charge_key")
        .agg(refunded_then=pl.col("refund_amount").sum(), last_refund=pl.col("refunded_at").max())
        .select(
            id=stripe_id("ch", "charge_key", ctx),
            refunded_then="refunded_then",
            last_refund="last_refund",
        )
    )
    return (
        frame.filter(pl.col("created") < timeline.cutoff(ctx))
        .join(refunded, on="id", how="left", maintain_order="left")
        .with_columns(amount_refunded=pl.col("refunded_then").fill_null(0))
        .with_columns(
            refunded=pl.col("amount_refunded") == pl.col("amount"),
            _fivetran_synced=synced(
                ctx, pl.col("created").dt.epoch("us"), pl.col("last_refund").fill_null(0)
            ),
        )
        .drop("refunded_then", "last_refund")
        .with_columns(timeline.synced_by_cutoff(ctx))
    )


def _cut_disputes(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The disputes opened before the cut-off; one decided after it still under review."""
    decided = disputes(ctx).select(
        id=stripe_id("dp", "dispute_key", ctx),
        decided_then=pl.when(pl.col("decided_us") < ctx.cutoff_us).then("decided_us"),
    )
    status = pl.when(pl.col("decided_then").is_null()).then(pl.lit("under_review"))
    return (
        frame.filter(pl.col("created") < timeline.cutoff(ctx))
        .join(decided, on="id", how="left", maintain_order="left")
        .with_columns(status=status.otherwise("status"))
        .with_columns(
            evidence_details_has_evidence=pl.col("status") != "lost",
            evidence_details_submission_count=pl.when(pl.col("status") == "lost")
            .then(pl.lit(0))
            .otherwise(pl.lit(1)),
            _fivetran_synced=synced(
                ctx, pl.coalesce("decided_then", pl.col("created").dt.epoch("us"))
            ),
        )
        .drop("decided_then")
        .with_columns(timeline.synced_by_cutoff(ctx))
    )


def paid_out_before(ctx: GenerationContext) -> pl.DataFrame:
    """`payout_key` of the payouts made before the cut-off."""
    return payouts(ctx).filter(pl.col("created") < ctx.cutoff_us).select("payout_key")


def _cut_balance_transactions(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The movements made before the cut-off: available once their funds are, carried by a
    payout once it is made."""
    made = paid_out_before(ctx).select(
        payout_id=stripe_id("po", "payout_key", ctx), made_us=payout_made_us(pl.col("payout_key"))
    )
    cutoff = timeline.cutoff(ctx)
    available = pl.col("available_on") < cutoff
    return (
        frame.filter(pl.col("created") < cutoff)
        .join(made, on="payout_id", how="left", maintain_order="left")
        .with_columns(
            payout_id=pl.when(pl.col("made_us").is_not_null()).then("payout_id"),
            status=pl.when(available).then(pl.lit("available")).otherwise(pl.lit("pending")),
            _fivetran_synced=synced(
                ctx,
                pl.col("created").dt.epoch("us"),
                pl.when(available).then(pl.col("available_on").dt.epoch("us")).otherwise(0),
                pl.col("made_us").fill_null(0),
            ),
        )
        .drop("made_us")
        .with_columns(timeline.synced_by_cutoff(ctx))
    )


def generate_refunds(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    refunds = ledger(ctx).refunds.join(_txn_keys(ctx, "refund"), on="refund_key").sort("refund_key")
    yield refunds.select(
        id=stripe_id("re", "refund_key", ctx),
        charge_id=stripe_id("ch", "charge_key", ctx),
        payment_intent_id=stripe_id("pi", "invoice_key", ctx),
        balance_transaction_id=stripe_id("txn", "txn_key", ctx),
        amount="refund_amount",
        currency=pl.lit("usd"),
        reason="reason",
        status=pl.lit("succeeded"),
        created=ts("refunded_at"),
        metadata=pl.lit(None, pl.String),
        _fivetran_synced=fivetran_columns(ctx, "refunded_at")["_fivetran_synced"],
    )


def generate_balance_transactions(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    entries = balance_entries(ctx).sort("txn_key")
    payout_made = payout_made_us(pl.col("payout_key"))
    kind = pl.col("kind")
    payout = kind == "payout"
    available = (
        pl.when(payout)
        .then(pl.col("created"))
        .otherwise(pl.col("created") + d.PAYOUT_DELAY_DAYS * MICROS_PER_DAY)
    )
    source = (
        pl.when(kind == "charge")
        .then(stripe_id("ch", "source_key", ctx))
        .when(kind == "refund")
        .then(stripe_id("re", "source_key", ctx))
        .when(kind == "adjustment")
        .then(stripe_id("dp", "source_key", ctx))
        .otherwise(stripe_id("po", "source_key", ctx))
    )
    yield entries.select(
        id=stripe_id("txn", "txn_key", ctx),
        amount="amount",
        available_on=ts(available),
        created=ts("created"),
        currency=pl.lit("usd"),
        description=pl.when(kind == "charge")
        .then(pl.lit("Subscription update"))
        .when(kind == "refund")
        .then(pl.lit("REFUND FOR CHARGE (Subscription update)"))
        .when((kind == "adjustment") & (pl.col("amount") < 0))
        .then(pl.lit("Chargeback withdrawal"))
        .when(kind == "adjustment")
        .then(pl.lit("Chargeback reversal"))
        .otherwise(pl.lit("STRIPE PAYOUT")),
        fee="fee",
        net=pl.col("amount") - pl.col("fee"),
        reporting_category=pl.when(kind == "adjustment").then(pl.lit("dispute")).otherwise(kind),
        source=source,
        status=pl.when(available < ctx.horizon_us)
        .then(pl.lit("available"))
        .otherwise(pl.lit("pending")),
        type="kind",
        payout_id=pl.when(pl.col("payout_key").is_not_null()).then(
            stripe_id("po", "payout_key", ctx)
        ),
        exchange_rate=pl.lit(None, pl.Float64),
        connected_account_id=pl.lit(None, pl.String),
        # Synced after its last change: made, its funds available, paid out.
        _fivetran_synced=synced(
            ctx,
            "created",
            pl.when(available < ctx.horizon_us).then(available).otherwise(0),
            payout_made.fill_null(0),
        ),
    )


def payout_made_us(payout_key: pl.Expr) -> pl.Expr:
    """When the payout of a day number is made."""
    return payout_key * MICROS_PER_DAY + d.PAYOUT_HOUR_UTC * MICROS_PER_HOUR


PAYMENT_INTENT = TableSpec(
    source=SOURCE,
    table="payment_intent",
    imitates="stripe.payment_intent",
    description="One payment intent per invoice with an amount to collect.",
    primary_key="id",
    generate=generate_payment_intents,
    cut=_cut_payment_intents,
    contract=lambda size: RowContract(size.stripe_charges, tolerance=0.15),
    foreign_keys=(
        ForeignKey("customer_id", "stripe_customer", "id"),
        ForeignKey("invoice_id", "stripe_invoice", "id"),
    ),
    temporal_rules=(TemporalRule("created", "invoice_id", "created"),),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Payment intent id (pi_...).
        amount bigint Amount to collect, cents.
        amount_capturable bigint Authorised, not captured, cents.
        amount_received bigint Collected, cents.
        canceled_at timestamptz? Cancellation time.
        cancellation_reason text? Why it was canceled.
        capture_method text automatic.
        confirmation_method text automatic.
        created timestamptz Creation (invoice finalisation).
        {CURRENCY}
        customer_id text Customer.
        invoice_id text Invoice it collects.
        description text Free text.
        payment_method_id text Card (pm_...).
        statement_descriptor text Card statement text.
        status text succeeded, requires_payment_method or canceled.
        {LIVEMODE}
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)

BALANCE_TRANSACTION = TableSpec(
    source=SOURCE,
    table="balance_transaction",
    imitates="stripe.balance_transaction",
    description="Balance movements: succeeded charges (with Stripe's fee), refunds, payouts.",
    primary_key="id",
    generate=generate_balance_transactions,
    cut=_cut_balance_transactions,
    contract=lambda size: RowContract(size.stripe_charges + expected_payouts(size), tolerance=0.2),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Balance transaction id (txn_...).
        amount bigint Gross amount, cents (negative for refunds and payouts).
        available_on timestamptz When the funds become available.
        created timestamptz Creation time.
        {CURRENCY}
        description text Free text.
        fee bigint Stripe fee, cents (2.9% + 30c on charges).
        net bigint amount - fee, cents.
        reporting_category text charge, refund, dispute or payout.
        source text Charge, refund, dispute (dp_...) or payout (po_...).
        status text available or pending.
        type text charge, refund, adjustment (disputes) or payout.
        payout_id text? Payout that carried it (or that it is).
        exchange_rate double_precision? FX rate (none: all USD).
        connected_account_id text? Connected account (none).
        {FIVETRAN_SYNCED}
        """
    ),
)

CHARGE = TableSpec(
    source=SOURCE,
    table="charge",
    imitates="stripe.charge",
    description="Charges: one per payment attempt, failures included.",
    primary_key="id",
    generate=generate_charges,
    cut=_cut_charges,
    contract=lambda size: RowContract(
        round(size.stripe_charges * (1 + d.FAILED_CHARGES_PER_PAYMENT)), tolerance=0.15
    ),
    foreign_keys=(
        ForeignKey("customer_id", "stripe_customer", "id"),
        ForeignKey("invoice_id", "stripe_invoice", "id"),
        ForeignKey("payment_intent_id", "stripe_payment_intent", "id"),
        ForeignKey("payment_method_id", "stripe_payment_method", "id"),
        ForeignKey("card_id", "stripe_card", "id"),
        ForeignKey("balance_transaction_id", "stripe_balance_transaction", "id"),
    ),
    temporal_rules=(
        TemporalRule("created", "invoice_id", "created"),
        TemporalRule("created", "payment_intent_id", "created"),
    ),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Charge id (ch_...).
        customer_id text Customer.
        invoice_id text Invoice paid (or attempted).
        payment_intent_id text Payment intent.
        payment_method_id text Card (pm_...).
        card_id text? Card charged (card_...), for card payments.
        bank_account_id text? Bank account debited (ACH).
        balance_transaction_id text? Balance transaction if it succeeded.
        amount bigint Amount attempted, cents.
        amount_refunded bigint Refunded so far, cents.
        {CURRENCY}
        status text succeeded or failed.
        paid boolean Succeeded.
        captured boolean Captured.
        refunded boolean Fully refunded.
        failure_code text? Decline code of a failed attempt.
        failure_message text? Decline message.
        outcome_type text authorized or issuer_declined.
        outcome_network_status text approved_by_network or declined_by_network.
        outcome_reason text? Why it was declined.
        outcome_risk_level text Radar risk level.
        outcome_risk_score integer Radar risk score 0-100.
        outcome_seller_message text Explanation for the merchant.
        description text Free text.
        statement_descriptor text Card statement text.
        created timestamptz Attempt time.
        {LIVEMODE}
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)

REFUND = TableSpec(
    source=SOURCE,
    table="refund",
    imitates="stripe.refund",
    description="Refunds of succeeded charges (full or partial).",
    primary_key="id",
    generate=generate_refunds,
    cut=timeline.fivetran_facts("created"),
    contract=lambda size: RowContract(
        round(size.stripe_charges * d.REFUND_SHARE_OF_CHARGES), tolerance=0.5
    ),
    foreign_keys=(
        ForeignKey("charge_id", "stripe_charge", "id"),
        ForeignKey("payment_intent_id", "stripe_payment_intent", "id"),
        ForeignKey("balance_transaction_id", "stripe_balance_transaction", "id"),
    ),
    temporal_rules=(TemporalRule("created", "charge_id", "created"),),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Refund id (re_...).
        charge_id text Charge refunded.
        payment_intent_id text Payment intent of that charge.
        balance_transaction_id text Balance transaction of the refund.
        amount bigint Refunded, cents.
        {CURRENCY}
        reason text requested_by_customer, duplicate or fraudulent.
        status text succeeded.
        created timestamptz Refund time.
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)

DISPUTE = TableSpec(
    source=SOURCE,
    table="dispute",
    imitates="stripe.dispute",
    description="Chargebacks: a few succeeded charges disputed; won ones paid back.",
    primary_key="id",
    generate=generate_disputes,
    cut=_cut_disputes,
    contract=lambda size: RowContract(
        max(1, round(size.stripe_charges * d.DISPUTE_SHARE_OF_CHARGES)), tolerance=0.3
    ),
    foreign_keys=(
        ForeignKey("charge_id", "stripe_charge", "id"),
        ForeignKey("balance_transaction", "stripe_balance_transaction", "id"),
    ),
    temporal_rules=(TemporalRule("created", "charge_id", "created"),),
    freshness_column="_fivetran_synced",
    columns=columns(
        f"""
        id text Dispute id (dp_...).
        charge_id text Charge disputed.
        balance_transaction text The withdrawal's balance transaction.
        amount bigint Disputed amount, cents.
        {CURRENCY}
        reason text fraudulent, subscription_canceled, ... .
        status text won, lost or under_review.
        is_charge_refundable boolean Can still be refunded.
        created timestamptz Opened.
        evidence_details_due_by timestamptz Evidence deadline.
        evidence_details_has_evidence boolean Evidence submitted.
        evidence_details_past_due boolean Deadline missed.
        evidence_details_submission_count integer Evidence submissions.
        evidence_product_description text What was sold.
        evidence_customer_email_address text? Customer email.
        evidence_cancellation_policy_disclosure text Cancellation policy.
        connected_account_id text? Connected account (none).
        {LIVEMODE}
        {METADATA}
        {FIVETRAN_SYNCED}
        """
    ),
)
