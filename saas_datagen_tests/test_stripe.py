"""Stripe generation: ids, consistency with the app database, and the billing story."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import polars as pl
import pytest

from saas_datagen.config import distributions as d
from saas_datagen.generators.app_database import subscription_add_ons
from saas_datagen.generators.context import GenerationContext
from saas_datagen.generators.stripe.ids import stripe_ids
from saas_datagen.registry import TABLES
from saas_datagen_tests.conftest import AS_OF, SEED


def stripe_frames(seed: int = SEED, env: str = "dev") -> dict[str, pl.DataFrame]:
    ctx = GenerationContext(seed=seed, env=env, as_of=AS_OF)
    frames = {s.name: pl.concat(list(s.frames(ctx))) for s in TABLES if s.source == "stripe"}
    frames["app_subscriptions"] = pl.concat(
        list(next(s for s in TABLES if s.name == "app_database_subscriptions").frames(ctx))
    )
    return frames


@pytest.fixture(scope="module")
def dev() -> dict[str, pl.DataFrame]:
    return stripe_frames()


def test_ids_are_prefixed_unique_and_stable_but_differ_by_seed():
    keys = np.arange(1, 200_001)
    ids = stripe_ids("in", keys, SEED)
    assert ids.str.starts_with("in_").all()
    assert ids.n_unique() == len(keys)
    assert ids.str.len_chars().unique().to_list() == [17]
    assert ids.equals(stripe_ids("in", keys, SEED))
    assert not ids.equals(stripe_ids("in", keys, SEED + 1))


def test_line_item_ids_never_look_like_subscription_ids(dev):
    assert not dev["stripe_invoice_line_item"]["id"].str.starts_with("sub").any()


def test_every_row_is_livemode_where_the_connector_has_the_column(dev):
    for name, frame in dev.items():
        if "livemode" in frame.columns:
            assert frame["livemode"].all(), name


def current_versions(dev) -> pl.DataFrame:
    return (
        dev["stripe_subscription_history"]
        .filter("_fivetran_active")
        .with_columns(
            subscription_id=pl.col("metadata")
            .str.json_path_match("$.app_subscription_id")
            .cast(pl.Int64)
        )
    )


def test_each_app_subscription_has_a_stripe_twin_with_the_same_status_and_period(dev):
    joined = dev["app_subscriptions"].join(
        current_versions(dev), on="subscription_id", how="left", suffix="_stripe"
    )
    assert joined["id"].null_count() == 0
    assert (joined["status"] == joined["status_stripe"]).all()
    assert (joined["quantity"] == joined["quantity_stripe"]).all()
    live = joined.filter(pl.col("status").is_in(["active", "past_due"]))
    assert (live["current_period_start"] == live["current_period_start_stripe"]).all()
    assert (live["current_period_end"] == live["current_period_end_stripe"]).all()


def test_one_version_per_subscription_is_active_and_versions_do_not_overlap(dev):
    history = dev["stripe_subscription_history"].sort("id", "_fivetran_start")
    assert (
        history.group_by("id").agg(pl.col("_fivetran_active").sum())["_fivetran_active"].eq(1).all()
    )
    gaps = history.with_columns(next_start=pl.col("_fivetran_start").shift(-1).over("id"))
    closed = gaps.drop_nulls("next_start")
    assert (closed["_fivetran_end"] < closed["next_start"]).all()


def test_each_trial_opens_with_a_zero_invoice_and_bills_from_its_end(dev):
    invoices = dev["stripe_invoice"]
    zero = invoices.filter(pl.col("total") == 0, pl.col("billing_reason") == "subscription_create")
    trials = dev["app_subscriptions"].filter(pl.col("trial_start_at").is_not_null()).height
    assert zero.height >= trials
    first_paid = (
        invoices.filter(pl.col("total") > 0)
        .group_by("subscription_id")
        .agg(pl.col("period_start").min())
    )
    history = dev["stripe_subscription_history"].filter("_fivetran_active")
    anchor = first_paid.join(history, left_on="subscription_id", right_on="id")
    with_trial = anchor.filter(pl.col("trial_end").is_not_null())
    assert (with_trial["period_start"] >= with_trial["trial_end"]).all()


def test_plan_changes_credit_unused_time_as_negative_prorations(dev):
    prorations = dev["stripe_invoice_line_item"].filter("proration")
    replaced = dev["app_subscriptions"].filter(pl.col("end_reason") == "plan_change").height
    assert prorations.height == replaced > 0
    assert (prorations["amount"] <= 0).all()
    assert (prorations["amount"] < 0).sum() > replaced * 0.8


def test_involuntary_churn_ends_with_an_uncollectible_invoice_after_failed_retries(dev):
    app = dev["app_subscriptions"]
    failed = app.filter(pl.col("end_reason") == "payment_failed")
    assert failed.height > 0
    uncollectible = dev["stripe_invoice"].filter(pl.col("status") == "uncollectible")
    assert uncollectible.height == failed.height
    charges = dev["stripe_charge"].join(
        uncollectible.select(invoice_id="id"), on="invoice_id", how="semi"
    )
    assert (charges["status"] == "failed").all()
    assert charges.group_by("invoice_id").len()["len"].min() > 1


def test_about_95_percent_of_invoices_are_paid_first_time_and_late_ones_retry(dev):
    chargeable = dev["stripe_invoice"].filter(pl.col("amount_due") > 0)
    first = chargeable.filter((pl.col("status") == "paid") & (pl.col("attempt_count") == 1))
    assert 0.90 <= first.height / chargeable.height <= 0.98
    late = chargeable.filter((pl.col("status") == "paid") & (pl.col("attempt_count") > 1))
    assert late.height > 0


def test_amount_paid_equals_succeeded_charges_and_refunds_never_exceed_them(dev):
    paid = (
        dev["stripe_charge"]
        .filter(pl.col("status") == "succeeded")
        .group_by("invoice_id")
        .agg(pl.col("amount").sum())
    )
    invoices = dev["stripe_invoice"].join(paid, left_on="id", right_on="invoice_id", how="left")
    assert (invoices["amount_paid"] == invoices["amount"].fill_null(0)).all()
    charges = dev["stripe_charge"]
    assert (charges["amount_refunded"] <= charges["amount"]).all()
    assert dev["stripe_refund"].height > 0


def test_events_are_chronological_unique_and_never_after_as_of(dev):
    events = dev["stripe_event"]
    assert events["id"].n_unique() == events.height
    assert events["created"].is_sorted()
    ctx = GenerationContext(seed=SEED, env="dev", as_of=AS_OF)
    assert events["created"].max() < ctx.horizon


def test_the_same_seed_gives_identical_stripe_data_and_another_seed_does_not(dev):
    again = stripe_frames()
    for name, frame in dev.items():
        assert frame.equals(again[name]), name
    other = stripe_frames(seed=SEED + 1)
    assert not other["stripe_invoice"]["id"].equals(dev["stripe_invoice"]["id"])


def _replay_with_cancellation_after_renewal(minutes_after_renewal: int):
    """The prod-only edge case, reproduced on dev: an involuntary churn that lands within the
    hour between a renewal invoice's creation and its finalisation."""
    from saas_datagen.generators.billing_periods import billing_periods
    from saas_datagen.generators.stripe import ledger as ledger_module

    ctx = GenerationContext(seed=SEED, env="dev", as_of=AS_OF)
    subs = ledger_module.subscriptions_to_replay(ctx)
    victim = subs.filter("involuntary").row(0, named=True)
    periods = billing_periods(
        subs.filter(pl.col("subscription_id") == victim["subscription_id"]),
        key="subscription_id",
        paid_from="paid_from",
        until="billed_until",
        months="months",
    )
    renewal = periods["period_start"].sort()[-1]
    ended = renewal + timedelta(minutes=minutes_after_renewal)
    edited = subs.with_columns(
        pl.when(pl.col("subscription_id") == victim["subscription_id"])
        .then(pl.lit(ended))
        .otherwise(pl.col(c))
        .alias(c)
        for c in ("ended_at", "billed_until")
    )
    return victim["subscription_id"], ledger_module.replay(ctx, edited)


def test_involuntary_churn_within_the_finalisation_hour_ends_canceled_after_its_attempts():
    sub_id, replayed = _replay_with_cancellation_after_renewal(minutes_after_renewal=20)
    current = replayed.versions.filter(
        pl.col("fivetran_active") & (pl.col("subscription_id") == sub_id)
    )
    assert current["status"].to_list() == ["canceled"]  # app status, so MRR agrees too
    charges = replayed.charges.filter(pl.col("subscription_id") == sub_id)
    last_invoice = charges.filter(pl.col("invoice_key") == charges["invoice_key"].max())
    assert last_invoice.height == 4 and last_invoice["outcome"].unique().to_list() == [
        "uncollectible"
    ]
    # A charge never precedes its payment intent (created at finalisation); every attempt
    # comes before the cancellation.
    assert (charges["charged_at"] >= charges["finalized"]).all()
    assert (last_invoice["charged_at"] < last_invoice["ended"]).all()


def test_recurring_add_ons_are_items_billed_every_period_beside_the_plan(dev):
    ctx = GenerationContext(seed=SEED, env="dev", as_of=AS_OF)
    add_ons = subscription_add_ons.build(ctx)
    assert add_ons.height > 0
    # An account decides once (one draw against each tier's share): an add-on it carries on a
    # tier it also carries on every subscription whose tier offers it more often.
    subs = dev["app_subscriptions"].select("subscription_id", "account_id", "plan_tier")
    for index, (_, _, shares) in enumerate(d.RECURRING_ADD_ONS):
        carried = set(add_ons.filter(pl.col("add_on_index") == index)["subscription_id"])
        share = subs.with_columns(
            share=pl.col("plan_tier").replace_strict(dict(shares), return_dtype=pl.Float64),
            carried=pl.col("subscription_id").is_in(list(carried)),
        )
        bounds = share.group_by("account_id").agg(
            lowest_carried=pl.col("share").filter("carried").min(),
            highest_not=pl.col("share").filter(~pl.col("carried")).max(),
        )
        assert (bounds["highest_not"] < bounds["lowest_carried"]).fill_null(True).all()
    # Stripe: one extra item per add-on, and a line for it on every invoice of its subscription.
    items = dev["stripe_subscription_item"]
    assert items.height == dev["stripe_subscription_history"]["id"].n_unique() + add_ons.height
    lines = dev["stripe_invoice_line_item"]
    plan_lines = lines.filter(~pl.col("proration") & (pl.col("type") == "subscription"))
    per_invoice = plan_lines.group_by("invoice_id").agg(
        subscription_id=pl.col("subscription_id").first(), n=pl.len()
    )
    per_sub = items.group_by("subscription_id").len()
    joined = per_invoice.join(per_sub, on="subscription_id")
    assert (joined["n"] == joined["len"]).all()
    # Each add-on line is its unit price times the locations (zero in the trial).
    add_on_lines = plan_lines.filter(pl.col("description").str.contains("analytics|POS"))
    assert add_on_lines.height > add_ons.height
    assert (
        add_on_lines["amount"]
        == add_on_lines["unit_amount_excluding_tax"] * add_on_lines["quantity"]
    ).all()
