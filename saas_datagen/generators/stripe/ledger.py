"""The billing ledger every Stripe table derives from (not loaded itself).

It replays each app subscription through Stripe: a $0 invoice when a trial starts, one
invoice per billing period after it, a proration credit when a plan change replaces a
subscription, payment attempts with failures and smart retries, refunds and the version
history of every subscription. Objects carry integer keys here; tables render Stripe ids.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators.app_database import account_plan, subscription_add_ons, subscriptions
from saas_datagen.generators.billing_periods import billing_periods
from saas_datagen.generators.context import (
    FIVETRAN_FAR_FUTURE_US,
    MICROS_PER_DAY,
    MICROS_PER_HOUR,
    UTC_US,
    GenerationContext,
)
from saas_datagen.generators.sampling import stratified_choice

LEDGER = "stripe_ledger"


@dataclass(frozen=True)
class Ledger:
    subscriptions: pl.DataFrame  # one row per app subscription, with Stripe-side facts
    periods: pl.DataFrame  # one row per billed period
    invoices: pl.DataFrame
    lines: pl.DataFrame
    charges: pl.DataFrame  # one row per payment attempt
    refunds: pl.DataFrame
    versions: pl.DataFrame  # subscription_history rows


def ledger(ctx: GenerationContext) -> Ledger:
    return ctx.cached(LEDGER, _build)


def price_key(tier: pl.Expr, interval: pl.Expr) -> pl.Expr:
    """Prices 1..8 are tier x (month, year); add-ons follow."""
    tier_index = tier.replace_strict({t: i for i, t in enumerate(d.TIERS)}, return_dtype=pl.Int64)
    return 1 + tier_index * 2 + (interval == "year").cast(pl.Int64)


def add_on_price_key(index: int) -> int:
    return 1 + 2 * len(d.TIERS) + index


def recurring_add_on_price_key(index: pl.Expr, interval: pl.Expr) -> pl.Expr:
    """After the one-time add-ons: each recurring add-on x (month, year)."""
    return add_on_price_key(len(d.ADD_ONS)) + index * 2 + (interval == "year").cast(pl.Int64)


# Subscription items: a plan's item key is its subscription's; add-on items count from here.
ADD_ON_ITEM_KEY_BASE = 1_000_000_000


def _us(column: str) -> pl.Expr:
    return pl.col(column).dt.epoch("us")


def subscriptions_to_replay(ctx: GenerationContext) -> pl.DataFrame:
    """The app subscriptions with the Stripe-side facts the replay needs (coupon, price)."""
    subs = subscriptions.build(ctx)
    plan = account_plan.account_plan(ctx).select("account_id", "churn_reason")
    rng = ctx.rng(f"{LEDGER}.coupons")
    with_trial = subs["trial_start_at"].is_not_null().to_numpy()
    shares = {c[0]: c[6] for c in d.COUPONS}
    shares["none"] = 1.0 - sum(shares.values())
    coupon = np.full(subs.height, None, dtype=object)
    picked = stratified_choice(rng, int(with_trial.sum()), shares)
    coupon[with_trial] = np.where(picked == "none", None, picked)
    return (
        subs.join(plan, on="account_id", how="left")
        .with_columns(
            coupon_id=pl.Series(coupon.tolist(), dtype=pl.String),
            has_trial=pl.col("trial_start_at").is_not_null(),
            months=pl.when(pl.col("billing_interval") == "year").then(12).otherwise(1),
            price_key=price_key(pl.col("plan_tier"), pl.col("billing_interval")),
            paid_from=pl.coalesce("trial_end_at", "started_at"),
            billed_until=pl.coalesce("ended_at", pl.lit(ctx.horizon).cast(UTC_US)),
            involuntary=pl.col("end_reason") == "payment_failed",
        )
        .with_columns(pl.col("involuntary").fill_null(False))
    )


def _periods(subs: pl.DataFrame) -> pl.DataFrame:
    return billing_periods(
        subs, key="subscription_id", paid_from="paid_from", until="billed_until", months="months"
    )


def _invoice_lines(
    ctx: GenerationContext, subs: pl.DataFrame, periods: pl.DataFrame
) -> pl.DataFrame:
    """Every line of every invoice, each tagged with its invoice's (subscription, k).

    k = -1 is the $0 invoice opening a trial.
    """
    sub_cols = subs.select(
        "subscription_id",
        "account_id",
        "price_key",
        "quantity",
        "unit_amount_cents",
        "plan_tier",
        "billing_interval",
        "has_trial",
        "started_at",
        "trial_end_at",
    )
    trial = subs.filter("has_trial").select(
        "subscription_id",
        k=pl.lit(-1, pl.Int64),
        period_start="started_at",
        period_end="trial_end_at",
    )
    main = (
        pl.concat([trial, periods], how="vertical_relaxed")
        .join(sub_cols, on="subscription_id")
        .with_columns(
            line_type=pl.lit("subscription"),
            line_price_key="price_key",
            line_quantity="quantity",
            unit_amount=pl.when(pl.col("k") < 0).then(0).otherwise(pl.col("unit_amount_cents")),
            proration=pl.lit(False),
            line_subscription_id="subscription_id",
            description=pl.when(pl.col("k") < 0)
            .then(pl.format("Trial period for {}", _product_name("plan_tier")))
            .otherwise(
                pl.format(
                    "{} x {} (per location, {})",
                    pl.col("quantity"),
                    _product_name("plan_tier"),
                    pl.col("billing_interval"),
                )
            ),
        )
        .with_columns(
            amount=pl.col("unit_amount") * pl.col("line_quantity"),
            line_item_key="subscription_id",
        )
    )
    first_paid = main.filter(pl.col("k") == 0)
    add_ons = subscription_add_ons.build(ctx)
    return pl.concat(
        [
            main,
            _recurring_add_ons(main, add_ons),
            _proration_credits(subs, periods, first_paid, add_ons),
            _add_ons(ctx, first_paid),
        ],
        how="diagonal_relaxed",
    ).select(
        "subscription_id",
        "account_id",
        "k",
        "line_type",
        "line_price_key",
        "line_quantity",
        "unit_amount",
        "amount",
        "proration",
        "line_subscription_id",
        "line_item_key",
        "period_start",
        "period_end",
        "description",
    )


def _recurring_add_ons(main: pl.DataFrame, add_ons: pl.DataFrame) -> pl.DataFrame:
    """A line per recurring add-on beside each plan line: same period and quantity ($0 in
    the trial), the add-on's own item and price."""
    return (
        main.join(
            add_ons.select(
                "subscription_id",
                "subscription_add_on_id",
                "add_on_index",
                "add_on",
                add_on_unit="unit_amount_cents",
            ),
            on="subscription_id",
        )
        .with_columns(
            line_price_key=recurring_add_on_price_key(
                pl.col("add_on_index"), pl.col("billing_interval")
            ),
            unit_amount=pl.when(pl.col("k") < 0).then(0).otherwise(pl.col("add_on_unit")),
            line_item_key=ADD_ON_ITEM_KEY_BASE + pl.col("subscription_add_on_id"),
            description=pl.when(pl.col("k") < 0)
            .then(pl.format("Trial period for {}", "add_on"))
            .otherwise(
                pl.format(
                    "{} x {} (per location, {})",
                    pl.col("quantity"),
                    pl.col("add_on"),
                    pl.col("billing_interval"),
                )
            ),
        )
        .with_columns(amount=pl.col("unit_amount") * pl.col("line_quantity"))
    )


def _product_name(tier: str) -> pl.Expr:
    return pl.col(tier).replace_strict(dict(d.PRODUCT_NAMES), return_dtype=pl.String)


def _proration_credits(
    subs: pl.DataFrame, periods: pl.DataFrame, first_paid: pl.DataFrame, add_ons: pl.DataFrame
) -> pl.DataFrame:
    """Unused time on the replaced plan and its add-ons, credited on the replacing
    subscription's first invoice."""
    last_period = periods.sort("k").group_by("subscription_id").last()
    add_on_amounts = add_ons.group_by("subscription_id").agg(
        add_on_cents=pl.col("amount_cents").sum()
    )
    replaced = (
        subs.filter(pl.col("end_reason") == "plan_change")
        .join(add_on_amounts, on="subscription_id", how="left")
        .select(
            old_id="subscription_id",
            old_amount=pl.col("amount_cents") + pl.col("add_on_cents").fill_null(0),
            old_tier="plan_tier",
            old_quantity="quantity",
            old_price_key="price_key",
            change_at="ended_at",
        )
        .join(
            last_period.select(
                old_id="subscription_id", old_start="period_start", old_end="period_end"
            ),
            on="old_id",
        )
    )
    credit = (
        (
            pl.col("old_amount")
            * (_us("old_end") - _us("change_at"))
            / (_us("old_end") - _us("old_start"))
        )
        .round()
        .cast(pl.Int64)
    )
    return (
        first_paid.join(
            subs.select("subscription_id", old_id="previous_subscription_id"), on="subscription_id"
        )
        .join(replaced, on="old_id")
        .with_columns(credit=pl.min_horizontal(credit.clip(0), pl.col("amount")))
        .select(
            "subscription_id",
            "account_id",
            "k",
            line_type=pl.lit("subscription"),
            line_price_key="old_price_key",
            line_quantity="old_quantity",
            unit_amount=pl.lit(None, pl.Int64),
            amount=-pl.col("credit"),
            proration=pl.lit(True),
            line_subscription_id="old_id",
            line_item_key="old_id",
            period_start="change_at",
            period_end="old_end",
            description=pl.format(
                "Unused time on {} x {} after plan change",
                pl.col("old_quantity"),
                _product_name("old_tier"),
            ),
        )
    )


def _add_ons(ctx: GenerationContext, first_paid: pl.DataFrame) -> pl.DataFrame:
    """One-time hardware and services on a new customer's first paid invoice."""
    new = first_paid.filter("has_trial")
    frames = []
    for index, (name, cents, share) in enumerate(d.ADD_ONS):
        rng = ctx.rng(f"{LEDGER}.add_on", index)
        bought = new.filter(pl.Series(rng.random(new.height) < share))
        frames.append(
            bought.select(
                "subscription_id",
                "account_id",
                "k",
                "period_start",
                "period_end",
                line_type=pl.lit("invoiceitem"),
                line_price_key=pl.lit(add_on_price_key(index), pl.Int64),
                line_quantity="quantity",
                unit_amount=pl.lit(cents, pl.Int64),
                amount=pl.col("quantity") * cents,
                proration=pl.lit(False),
                line_subscription_id=pl.lit(None, pl.Int64),
                line_item_key=pl.lit(None, pl.Int64),
                description=pl.lit(name),
            )
        )
    return pl.concat(frames, how="vertical_relaxed")


def coupon_table() -> pl.DataFrame:
    return pl.DataFrame(
        [c[:6] for c in d.COUPONS],
        schema={
            "coupon_id": pl.String,
            "coupon_name": pl.String,
            "percent_off": pl.Float64,
            "amount_off": pl.Int64,
            "duration": pl.String,
            "duration_in_months": pl.Int64,
        },
        orient="row",
    )


def _invoices(ctx: GenerationContext, subs: pl.DataFrame, lines: pl.DataFrame) -> pl.DataFrame:
    horizon = ctx.horizon_us
    main_amount = pl.col("amount").filter(
        ~pl.col("proration") & (pl.col("line_type") == "subscription")
    )
    invoices = lines.group_by("subscription_id", "k").agg(
        pl.col("account_id").first(),
        subtotal=pl.col("amount").sum(),
        discountable=main_amount.sum(),
        created=pl.col("period_start").filter(pl.col("line_type") == "subscription").min(),
        period_start=pl.col("period_start").filter(~pl.col("proration")).min(),
        period_end=pl.col("period_end").filter(~pl.col("proration")).max(),
    )
    coupons = coupon_table()
    discount = (
        pl.when(pl.col("k") < 0)
        .then(0)
        .when(pl.col("percent_off").is_not_null())
        .then((pl.col("discountable") * pl.col("percent_off") / 100).round().cast(pl.Int64))
        .otherwise(pl.col("amount_off"))
    )
    applies = (pl.col("duration") == "once") & (pl.col("k") == 0) | (
        (pl.col("duration") == "repeating")
        & pl.col("k").is_between(0, pl.col("duration_in_months") - 1)
    )
    return (
        invoices.join(
            subs.select("subscription_id", "coupon_id", "has_trial", "billed_until"),
            on="subscription_id",
        )
        .join(coupons, on="coupon_id", how="left")
        .with_columns(
            discount=pl.when(applies)
            .then(pl.min_horizontal(discount, pl.col("subtotal")))
            .otherwise(0),
            created=pl.col("created").dt.epoch("us"),
        )
        .with_columns(
            discount=pl.col("discount").fill_null(0),
        )
        .with_columns(
            total=pl.col("subtotal") - pl.col("discount"),
            billing_reason=pl.when((pl.col("k") < 0) | ((pl.col("k") == 0) & ~pl.col("has_trial")))
            .then(pl.lit("subscription_create"))
            .otherwise(pl.lit("subscription_cycle")),
            # An invoice finalises an hour after creation, but before today and before its
            # subscription ends: a subscription canceled within that hour (involuntary churn
            # right after a renewal, seen only at prod size) still has its attempts, failure
            # and cancellation in that order.
            finalized=pl.when(pl.col("subtotal") == 0)
            .then("created")
            .otherwise(
                pl.col("created")
                + pl.min_horizontal(
                    pl.lit(d.FINALIZE_DELAY_HOURS * MICROS_PER_HOUR),
                    (pl.min_horizontal(pl.lit(horizon), _us("billed_until")) - pl.col("created"))
                    // 2,
                )
            ),
        )
        .sort("created", "subscription_id", "k")
        .with_columns(invoice_key=pl.int_range(1, pl.len() + 1, dtype=pl.Int64))
    )


def _attempt_plan(
    ctx: GenerationContext, subs: pl.DataFrame, invoices: pl.DataFrame
) -> pl.DataFrame:
    """How each chargeable invoice is collected: attempt times and whether the last succeeds."""
    horizon = ctx.horizon_us
    rng = ctx.rng(f"{LEDGER}.payments")
    last_k = invoices.group_by("subscription_id").agg(last_k=pl.col("k").max())
    due = (
        invoices.filter(pl.col("total") > 0)
        .join(last_k, on="subscription_id")
        .join(
            subs.select("subscription_id", "involuntary", sub_status="status", ended="ended_at"),
            on="subscription_id",
        )
        .with_columns(ended=_us("ended"))
    )
    n = due.height
    is_last = (due["k"] == due["last_k"]).to_numpy()
    involuntary = due["involuntary"].to_numpy() & is_last
    open_now = (due["sub_status"] == "past_due").to_numpy() & is_last
    first = due["finalized"].to_numpy()
    ended = due["ended"].fill_null(horizon).to_numpy()

    # Retries until success: failed first attempt, then each retry succeeds with a share.
    first_fails = rng.random(n) >= d.FIRST_ATTEMPT_SUCCESS_SHARE
    retry_ok = rng.random((n, len(d.RETRY_GAP_DAYS))) < d.RETRY_SUCCESS_SHARE
    retry_ok[:, -1] = True
    retries_needed = 1 + np.argmax(retry_ok, axis=1)
    offsets = np.concatenate([[0], np.cumsum(d.RETRY_GAP_DAYS)]) * MICROS_PER_DAY
    attempts = np.where(first_fails, retries_needed + 1, 1)
    paid_at = first + offsets[attempts - 1]
    # A retry that would land after today (or after the subscription ended) has not
    # happened: such invoices were paid on the first attempt.
    late_ok = paid_at < np.minimum(horizon, ended)
    attempts = np.where(late_ok, attempts, 1)

    # Still in dunning today: every attempt so far has failed.
    due_so_far = (first[:, None] + offsets[None, :]) < horizon
    attempts = np.where(open_now, np.maximum(due_so_far.sum(axis=1), 1), attempts)
    attempts = np.where(involuntary, d.INVOLUNTARY_ATTEMPTS, attempts)
    outcome = np.where(involuntary, "uncollectible", np.where(open_now, "open", "paid"))
    return due.select(
        "invoice_key", "created", "finalized", "total", "account_id", "subscription_id"
    ).with_columns(
        attempts=pl.Series(attempts, dtype=pl.Int64),
        outcome=pl.Series(outcome),
        ended=pl.Series(ended),
    )


def _charges(ctx: GenerationContext, plan: pl.DataFrame) -> pl.DataFrame:
    offsets = np.concatenate([[0], np.cumsum(d.RETRY_GAP_DAYS)]) * MICROS_PER_DAY
    charges = plan.with_columns(attempt=pl.int_ranges(0, "attempts")).explode("attempt")
    # Involuntary churn: the attempts are spread over the time left before cancellation.
    spread = pl.col("finalized") + (pl.col("ended") - pl.col("finalized")) * pl.col(
        "attempt"
    ) // pl.col("attempts")
    scheduled = pl.col("finalized") + pl.col("attempt").replace_strict(
        dict(enumerate(offsets.tolist())), return_dtype=pl.Int64
    )
    charges = charges.with_columns(
        charged_at=pl.when(pl.col("outcome") == "uncollectible").then(spread).otherwise(scheduled),
        succeeded=(pl.col("outcome") == "paid") & (pl.col("attempt") == pl.col("attempts") - 1),
    ).sort("charged_at", "invoice_key", "attempt")
    rng = ctx.rng(f"{LEDGER}.failure_codes")
    codes = stratified_choice(rng, charges.height, d.FAILURE_CODES)
    return charges.with_columns(
        charge_key=pl.int_range(1, pl.len() + 1, dtype=pl.Int64),
        failure_code=pl.when(~pl.col("succeeded")).then(pl.Series(codes)),
    )


def _refunds(ctx: GenerationContext, charges: pl.DataFrame) -> pl.DataFrame:
    horizon = ctx.horizon_us
    rng = ctx.rng(f"{LEDGER}.refunds")
    paid = charges.filter("succeeded")
    n = paid.height
    room_days = np.minimum(
        (horizon - paid["charged_at"].to_numpy()) / MICROS_PER_DAY - 1,
        d.REFUND_MAX_DAYS_AFTER_CHARGE,
    )
    refunded = (rng.random(n) < d.REFUND_SHARE_OF_CHARGES) & (room_days > 1)
    full = rng.random(n) < d.REFUND_FULL_SHARE
    part = 0.1 + 0.4 * rng.random(n)
    delay = ((1 + rng.random(n) * (room_days - 1)) * MICROS_PER_DAY).astype(np.int64)
    reasons = stratified_choice(rng, n, d.REFUND_REASONS)
    return (
        paid.select("charge_key", "invoice_key", "account_id", "charged_at", "total")
        .with_columns(
            refund_amount=pl.Series(
                np.where(
                    full, paid["total"].to_numpy(), np.round(paid["total"].to_numpy() * part)
                ).astype(np.int64)
            ),
            refunded_at=pl.col("charged_at") + pl.Series(delay),
            reason=pl.Series(reasons),
            refunded=pl.Series(refunded),
        )
        .filter("refunded")
        .drop("refunded")
        .sort("refunded_at", "charge_key")
        .with_columns(refund_key=pl.int_range(1, pl.len() + 1, dtype=pl.Int64))
    )


def _versions(
    subs: pl.DataFrame, periods: pl.DataFrame, invoices: pl.DataFrame, charges: pl.DataFrame
) -> pl.DataFrame:
    """Every change of every Stripe subscription, as Fivetran history mode records it."""
    created = subs.select(
        "subscription_id",
        at=_us("started_at"),
        status=pl.when("has_trial").then(pl.lit("trialing")).otherwise(pl.lit("active")),
        rank=pl.lit(0),
    )
    renewals = (
        periods.join(subs.select("subscription_id", "has_trial"), on="subscription_id")
        .filter(pl.col("has_trial") | (pl.col("k") > 0))
        .select("subscription_id", at=_us("period_start"), status=pl.lit("active"), rank=pl.lit(1))
    )
    failed = (
        charges.filter(~pl.col("succeeded"))
        .group_by("invoice_key")
        .agg(pl.col("subscription_id").first(), at=pl.col("charged_at").min())
        .select("subscription_id", "at", status=pl.lit("past_due"), rank=pl.lit(2))
    )
    recovered = charges.filter(pl.col("succeeded") & (pl.col("attempt") > 0)).select(
        "subscription_id", at="charged_at", status=pl.lit("active"), rank=pl.lit(3)
    )
    canceled = subs.filter(pl.col("ended_at").is_not_null()).select(
        "subscription_id", at=_us("ended_at"), status=pl.lit("canceled"), rank=pl.lit(4)
    )
    changes = (
        pl.concat([created, renewals, failed, recovered, canceled], how="vertical_relaxed")
        .sort("subscription_id", "at", "rank")
        .unique(["subscription_id", "at"], keep="last", maintain_order=True)
    )
    trial_period = subs.filter("has_trial").select(
        "subscription_id",
        period_start_us=_us("started_at"),
        current_period_start="started_at",
        current_period_end="trial_end_at",
    )
    billed = periods.select(
        "subscription_id",
        period_start_us=_us("period_start"),
        current_period_start="period_start",
        current_period_end="period_end",
    )
    period_lookup = pl.concat([trial_period, billed]).sort("period_start_us")
    latest_invoice = invoices.select(
        "subscription_id", invoice_at="created", latest_invoice_key="invoice_key"
    ).sort("invoice_at")
    versions = (
        changes.sort("at")
        .join_asof(
            period_lookup,
            left_on="at",
            right_on="period_start_us",
            by="subscription_id",
            check_sortedness=False,
        )
        .join_asof(
            latest_invoice,
            left_on="at",
            right_on="invoice_at",
            by="subscription_id",
            check_sortedness=False,
        )
        .sort("subscription_id", "at")
        .with_columns(
            next_at=pl.col("at").shift(-1).over("subscription_id"),
        )
        .with_columns(
            fivetran_active=pl.col("next_at").is_null(),
            fivetran_end=pl.when(pl.col("next_at").is_null())
            .then(pl.lit(FIVETRAN_FAR_FUTURE_US))
            .otherwise(pl.col("next_at") - 1000),
        )
    )
    return versions.join(
        subs.select(
            "subscription_id",
            "account_id",
            "quantity",
            "price_key",
            "started_at",
            "trial_start_at",
            "trial_end_at",
            "ended_at",
        ),
        on="subscription_id",
    )


def _build(ctx: GenerationContext) -> Ledger:
    return replay(ctx, subscriptions_to_replay(ctx))


def replay(ctx: GenerationContext, subs: pl.DataFrame) -> Ledger:
    """Replay subscriptions through Stripe (tests feed it edge cases the sizes rarely hit)."""
    periods = _periods(subs)
    lines = _invoice_lines(ctx, subs, periods)
    invoices = _invoices(ctx, subs, lines)
    lines = (
        lines.join(
            invoices.select("subscription_id", "k", "invoice_key"), on=["subscription_id", "k"]
        )
        .sort("invoice_key", "proration", "line_type", "line_item_key", "line_price_key")
        .with_columns(line_key=pl.int_range(1, pl.len() + 1, dtype=pl.Int64))
    )
    charges = _charges(ctx, _attempt_plan(ctx, subs, invoices))
    collected = charges.group_by("invoice_key").agg(
        attempt_count=pl.len(),
        amount_paid=pl.col("total").filter("succeeded").sum(),
        paid_at=pl.col("charged_at").filter("succeeded").max(),
        last_charge_key=pl.col("charge_key").max(),
        last_attempt_at=pl.col("charged_at").max(),
        outcome=pl.col("outcome").first(),
        ended=pl.col("ended").first(),
    )
    invoices = (
        invoices.join(collected, on="invoice_key", how="left")
        .with_columns(
            attempt_count=pl.col("attempt_count").fill_null(0),
            amount_paid=pl.col("amount_paid").fill_null(0),
            status=pl.coalesce("outcome", pl.lit("paid")),
            paid_at=pl.when(pl.col("total") == 0).then("finalized").otherwise("paid_at"),
            uncollectible_at=pl.when(pl.col("outcome") == "uncollectible").then("ended"),
        )
        .drop("outcome", "ended")
    )
    refunds = _refunds(ctx, charges)
    versions = _versions(subs, periods, invoices, charges)
    return Ledger(subs, periods, invoices, lines, charges, refunds, versions)


def dunning(ctx: GenerationContext) -> pl.DataFrame:
    """The past-due episodes of the story: an invoice whose first attempt failed is past due
    from that failure (`since_us`) until it is paid or marked uncollectible (`until_us`, null
    while it is still open at the story's end). One row per such invoice."""
    led = ledger(ctx)
    failed = (
        led.charges.filter(~pl.col("succeeded"))
        .group_by("invoice_key")
        .agg(pl.col("subscription_id", "account_id").first(), since_us=pl.col("charged_at").min())
    )
    return failed.join(
        led.invoices.select(
            "invoice_key", until_us=pl.coalesce("paid_at", "uncollectible_at").cast(pl.Int64)
        ),
        on="invoice_key",
    ).sort("invoice_key")


def past_due_at(ctx: GenerationContext, at_us: int) -> pl.DataFrame:
    """`subscription_id`, `account_id`: the subscriptions past due at `at_us` (an episode
    began before it and had not ended)."""
    episodes = dunning(ctx)
    running = (pl.col("since_us") < at_us) & (
        pl.col("until_us").is_null() | (pl.col("until_us") >= at_us)
    )
    return episodes.filter(running).select("subscription_id", "account_id").unique()


def dunning_changes_before(ctx: GenerationContext, at_us: int, key: str) -> pl.DataFrame:
    """`key` (subscription_id or account_id) and `dunning_change`: its last move into or out
    of past due before `at_us` (a row's status changes then)."""
    episodes = dunning(ctx)
    moves = pl.concat(
        [
            episodes.select(key, at="since_us"),
            episodes.drop_nulls("until_us").select(key, at="until_us"),
        ]
    )
    return (
        moves.filter(pl.col("at") < at_us)
        .group_by(key)
        .agg(dunning_change=pl.col("at").max().cast(UTC_US))
    )


def with_dunning_changes(
    ctx: GenerationContext, frame: pl.DataFrame, key: str, before_us: int
) -> pl.DataFrame:
    """`frame` with its `updated_at` moved to its last dunning move before `before_us` when that
    came later (an app account or subscription changes status then)."""
    changes = dunning_changes_before(ctx, before_us, key)
    return (
        frame.join(changes, on=key, how="left", maintain_order="left")
        .with_columns(updated_at=pl.max_horizontal("updated_at", "dunning_change"))
        .select(frame.columns)
    )


def invoices_at(ctx: GenerationContext) -> pl.DataFrame:
    """The story's invoices as of the cut-off: those finalised before it (a draft's hour is
    not shown), with the attempts, payment, last charge and status they had then."""
    led = ledger(ctx)
    cutoff = ctx.cutoff_us
    ok = pl.col("succeeded")
    tried = (
        led.charges.filter(pl.col("charged_at") < cutoff)
        .group_by("invoice_key")
        .agg(
            attempts=pl.len(),
            paid=pl.col("total").filter(ok).sum(),
            paid_when=pl.col("charged_at").filter(ok).max(),
            last_charge=pl.col("charge_key").max(),
            last_attempt=pl.col("charged_at").max(),
        )
    )
    given_up = pl.when(pl.col("uncollectible_at") < cutoff).then("uncollectible_at")
    return (
        led.invoices.filter(pl.col("finalized") < cutoff)
        .join(tried, on="invoice_key", how="left", maintain_order="left")
        .with_columns(
            attempt_count=pl.col("attempts").fill_null(0).cast(pl.Int64),
            amount_paid=pl.col("paid").fill_null(0).cast(pl.Int64),
            paid_at=pl.when(pl.col("total") == 0).then("finalized").otherwise("paid_when"),
            last_charge_key="last_charge",
            last_attempt_at="last_attempt",
            uncollectible_at=given_up,
        )
        .with_columns(
            status=pl.when(pl.col("uncollectible_at").is_not_null())
            .then(pl.lit("uncollectible"))
            .when(pl.col("paid_at").is_not_null())
            .then(pl.lit("paid"))
            .otherwise(pl.lit("open"))
        )
        .select(led.invoices.columns)
    )
