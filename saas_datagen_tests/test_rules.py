"""Quality rules pass on generated data and fail on deliberately broken data."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from saas_datagen.generators.context import GenerationContext
from saas_datagen.quality.rules import Scope, all_rules, rules_for
from saas_datagen.registry import TABLES
from saas_datagen.warehouse import server
from saas_datagen.warehouse.loader import load_table
from saas_datagen_tests.conftest import AS_OF, SEED

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def dev_url(server_url):
    url = server.ensure_database(server_url, "tapflow_test_rules")
    ctx = GenerationContext(seed=SEED, env="dev", as_of=AS_OF)
    for spec in TABLES:
        load_table(url, spec, spec.frames(ctx))
    return url


@pytest.fixture()
def dev_db(dev_url):
    """A connection whose changes are rolled back after each test (DDL included); rules name
    tables without a schema, as they do on a build's own raw schema."""
    with server.connect(dev_url, schema="raw") as conn:
        yield conn
        conn.rollback()


def outcome(conn, table: str, name: str):
    rule = next(r for r in rules_for(table) if r.name == name)
    return rule.probe(conn, Scope("dev", AS_OF))


def test_every_rule_passes_on_generated_dev_data(dev_db):
    failed = [
        (r.table, r.name) for r in all_rules() if not r.probe(dev_db, Scope("dev", AS_OF)).passed
    ]
    assert failed == []


def test_tier_rule_fails_when_tiers_collapse(dev_db):
    dev_db.execute("UPDATE raw.app_database_accounts SET account_tier = 'starter'")
    assert not outcome(dev_db, "app_database_accounts", "four_tiers_at_configured_shares").passed


def test_industry_rule_fails_with_a_missing_industry(dev_db):
    dev_db.execute(
        "UPDATE raw.app_database_accounts SET industry = 'bar' WHERE industry = 'brewery'"
    )
    assert not outcome(dev_db, "app_database_accounts", "five_industries").passed


def test_states_rule_fails_when_locations_concentrate(dev_db):
    dev_db.execute(
        "UPDATE raw.app_database_locations SET state = 'CA' WHERE location_id % 2 = 0"
        " OR state > 'M'"
    )
    assert not outcome(dev_db, "app_database_locations", "enough_states").passed


def test_orphan_rule_finds_a_dangling_foreign_key(dev_db):
    dev_db.execute(
        "ALTER TABLE raw.app_database_devices DROP CONSTRAINT app_database_devices_location_id_fkey"
    )
    dev_db.execute("UPDATE raw.app_database_devices SET location_id = 10000000 WHERE device_id = 1")
    result = outcome(dev_db, "app_database_devices", "no_orphans")
    assert not result.passed
    assert result.metadata["orphans.location_id"] == 1


def test_temporal_rule_finds_a_device_installed_before_its_location_opened(dev_db):
    dev_db.execute(
        "UPDATE raw.app_database_devices SET installed_at = '2000-01-01' WHERE device_id = 1"
    )
    assert not outcome(dev_db, "app_database_devices", "no_temporal_paradoxes").passed


def test_row_count_rule_fails_on_a_missing_row(dev_db):
    dev_db.execute(
        "DELETE FROM raw.app_database_subscriptions WHERE subscription_id = "
        "(SELECT max(subscription_id) FROM raw.app_database_subscriptions)"
    )
    assert not outcome(dev_db, "app_database_subscriptions", "row_count_contract").passed


def test_trial_rule_fails_when_no_subscription_is_trialing(dev_db):
    dev_db.execute(
        "UPDATE raw.app_database_subscriptions SET status = 'active' WHERE status = 'trialing'"
    )
    assert not outcome(
        dev_db, "app_database_subscriptions", "trials_share_of_new_subscriptions"
    ).passed


def test_tap_volume_rule_fails_below_a_million(dev_db):
    dev_db.execute("DELETE FROM raw.app_database_tap_events WHERE tap_event_id % 4 <> 0")
    assert not outcome(dev_db, "app_database_tap_events", "at_least_a_million_tap_events").passed


def test_coverage_rule_fails_when_online_devices_go_quiet(dev_db):
    dev_db.execute("DELETE FROM raw.app_database_tap_events WHERE device_id % 10 = 0")
    result = outcome(dev_db, "app_database_tap_events", "taps_on_online_devices")
    assert not result.passed
    assert result.metadata["share"] < 0.95


def test_peak_rule_fails_when_pours_move_to_the_morning(dev_db):
    # Every pour to 12:xx UTC of its own day (04:00-08:00 in the venues' US time zones); the
    # day stays, so does the row's day partition.
    dev_db.execute(
        "UPDATE raw.app_database_tap_events SET tapped_at = date_trunc('day', tapped_at, 'UTC') "
        "+ interval '12 hours' + (tapped_at - date_trunc('hour', tapped_at))"
    )
    assert not outcome(dev_db, "app_database_tap_events", "evening_peak_is_busiest").passed


# --- billing: each rule fails on deliberately broken Stripe data -----------------------------


def test_stripe_trial_share_fails_when_trials_convert_early(dev_db):
    dev_db.execute(
        "UPDATE raw.stripe_subscription_history SET status = 'active' WHERE status = 'trialing'"
    )
    assert not outcome(
        dev_db, "stripe_subscription_history", "stripe_trials_share_of_new_subscriptions"
    ).passed


def test_mrr_rule_fails_when_stripe_quantity_drifts_by_one(dev_db):
    dev_db.execute(
        "UPDATE raw.stripe_subscription_item SET quantity = quantity + 1 "
        "WHERE id = (SELECT i.id FROM raw.stripe_subscription_item i "
        "JOIN raw.stripe_subscription_history s ON s.id = i.subscription_id "
        "WHERE s._fivetran_active AND s.status = 'active' LIMIT 1)"
    )
    assert not outcome(dev_db, "stripe_subscription_item", "app_mrr_equals_stripe_mrr").passed
    assert not outcome(
        dev_db, "stripe_subscription_item", "app_and_stripe_subscriptions_agree"
    ).passed


def test_mrr_rule_fails_on_a_one_cent_price_difference(dev_db):
    dev_db.execute(
        "UPDATE raw.stripe_price SET unit_amount = unit_amount + 1 "
        "WHERE lookup_key = 'starter_monthly'"
    )
    assert not outcome(dev_db, "stripe_subscription_item", "app_mrr_equals_stripe_mrr").passed


def test_subscriptions_agree_fails_when_stripe_status_differs(dev_db):
    dev_db.execute(
        "UPDATE raw.stripe_subscription_history SET status = 'canceled' "
        "WHERE _fivetran_active AND status = 'past_due'"
    )
    result = outcome(dev_db, "stripe_subscription_item", "app_and_stripe_subscriptions_agree")
    assert not result.passed
    assert result.metadata["status_differs"] > 0


def test_active_customers_without_mrr_are_caught(dev_db):
    dev_db.execute("UPDATE raw.stripe_subscription_item SET quantity = 0")
    assert not outcome(dev_db, "stripe_subscription_item", "active_customers_have_mrr").passed


def test_invoice_coverage_fails_when_a_period_is_not_invoiced(dev_db):
    dev_db.execute(
        "DELETE FROM raw.stripe_invoice_line_item WHERE invoice_id IN (SELECT i.id FROM "
        "raw.stripe_invoice i JOIN raw.stripe_subscription_history s ON s.id = i.subscription_id "
        "AND s._fivetran_active AND s.status = 'active' "
        "AND i.period_start = s.current_period_start LIMIT 1)"
    )
    for child in ("stripe_charge", "stripe_payment_intent"):
        dev_db.execute(f"ALTER TABLE raw.{child} DROP CONSTRAINT {child}_invoice_id_fkey")
    dev_db.execute(
        "DELETE FROM raw.stripe_invoice WHERE id IN (SELECT i.id FROM raw.stripe_invoice i "
        "JOIN raw.stripe_subscription_history s ON s.id = i.subscription_id "
        "AND s._fivetran_active AND s.status = 'active' "
        "AND i.period_start = s.current_period_start LIMIT 1)"
    )
    result = outcome(dev_db, "stripe_invoice", "invoices_cover_active_periods")
    assert not result.passed
    assert result.metadata["without_current_invoice"] == 1


def test_invoice_coverage_allows_a_draft_for_a_period_renewed_in_the_cutoffs_last_hour(dev_db):
    """A period that began within the finalize delay of the cut-off is still a draft, not in
    the data: only then may a live subscription lack its current invoice."""
    current = (
        "SELECT i.id FROM raw.stripe_invoice i JOIN raw.stripe_subscription_history s "
        "ON s.id = i.subscription_id AND s._fivetran_active AND s.status = 'active' "
        "AND i.period_start = s.current_period_start ORDER BY i.id LIMIT 1"
    )
    invoice = dev_db.execute(current).fetchone()[0]
    for child in ("stripe_charge", "stripe_payment_intent"):
        dev_db.execute(f"ALTER TABLE raw.{child} DROP CONSTRAINT {child}_invoice_id_fkey")
    dev_db.execute("DELETE FROM raw.stripe_invoice_line_item WHERE invoice_id = %s", (invoice,))
    subscription = dev_db.execute(
        "DELETE FROM raw.stripe_invoice WHERE id = %s RETURNING subscription_id", (invoice,)
    ).fetchone()[0]
    renewed = datetime.combine(AS_OF, time(), UTC) - timedelta(minutes=30)
    dev_db.execute(
        "UPDATE raw.stripe_subscription_history SET current_period_start = %s "
        "WHERE id = %s AND _fivetran_active",
        (renewed, subscription),
    )
    result = outcome(dev_db, "stripe_invoice", "invoices_cover_active_periods")
    assert result.passed
    assert result.metadata["renewed_in_the_last_hour_still_draft"] == 1
    dev_db.execute(
        "UPDATE raw.stripe_subscription_history SET current_period_start = %s "
        "WHERE id = %s AND _fivetran_active",
        (renewed - timedelta(hours=1), subscription),
    )
    assert not outcome(dev_db, "stripe_invoice", "invoices_cover_active_periods").passed


def test_invoice_coverage_fails_on_a_gap_between_periods(dev_db):
    dev_db.execute(
        "UPDATE raw.stripe_invoice SET period_start = period_start + interval '1 day' "
        "WHERE id = (SELECT id FROM raw.stripe_invoice "
        "WHERE billing_reason = 'subscription_cycle' ORDER BY created LIMIT 1)"
    )
    assert outcome(dev_db, "stripe_invoice", "invoices_cover_active_periods").metadata["gaps"]


def test_charge_rule_fails_when_amount_paid_disagrees_with_charges(dev_db):
    dev_db.execute(
        "UPDATE raw.stripe_invoice SET amount_paid = amount_paid + 100 "
        "WHERE id = (SELECT id FROM raw.stripe_invoice WHERE amount_paid > 0 LIMIT 1)"
    )
    assert not outcome(dev_db, "stripe_charge", "charges_equal_amount_paid").passed


def test_charge_rule_fails_when_a_charge_succeeds_twice(dev_db):
    dev_db.execute(
        "UPDATE raw.stripe_charge SET status = 'succeeded' WHERE status = 'failed' "
        "AND invoice_id IN (SELECT id FROM raw.stripe_invoice WHERE status = 'paid')"
    )
    assert not outcome(dev_db, "stripe_charge", "charges_equal_amount_paid").passed


def test_first_attempt_rule_fails_when_every_invoice_is_paid_first_time(dev_db):
    dev_db.execute("UPDATE raw.stripe_invoice SET attempt_count = 1, status = 'paid'")
    assert not outcome(dev_db, "stripe_charge", "most_invoices_paid_first_attempt").passed


def test_event_rule_fails_when_an_event_is_shifted_in_time(dev_db):
    dev_db.execute(
        "UPDATE raw.stripe_event SET created = created + interval '1 hour' "
        "WHERE id = (SELECT id FROM raw.stripe_event WHERE type = 'charge.succeeded' LIMIT 1)"
    )
    assert not outcome(dev_db, "stripe_event", "events_follow_their_objects").passed


def test_event_rule_fails_when_an_invoice_has_no_events(dev_db):
    dev_db.execute(
        "DELETE FROM raw.stripe_event WHERE object_id = "
        "(SELECT id FROM raw.stripe_invoice ORDER BY created DESC LIMIT 1)"
    )
    assert not outcome(dev_db, "stripe_event", "events_follow_their_objects").passed


def test_orphan_rule_covers_history_foreign_keys(dev_db):
    """invoice.subscription_id points at a history table PostgreSQL cannot enforce."""
    dev_db.execute(
        "UPDATE raw.stripe_invoice SET subscription_id = 'sub_doesnotexist' "
        "WHERE id = (SELECT id FROM raw.stripe_invoice LIMIT 1)"
    )
    result = outcome(dev_db, "stripe_invoice", "no_orphans")
    assert result.metadata["orphans.subscription_id"] == 1


# --- go-to-market: each rule fails on deliberately broken data -------------------------------


def test_campaign_rule_fails_when_platforms_collapse(dev_db):
    for table in ("facebook_ads_campaign_history", "linkedin_ads_campaign_history"):
        dev_db.execute(f"TRUNCATE raw.{table} CASCADE")
    dev_db.execute("TRUNCATE raw.iterable_campaign CASCADE")
    assert not outcome(
        dev_db, "google_analytics_sessions", "enough_campaigns_across_platforms"
    ).passed


def test_reengagement_rule_fails_when_a_new_user_is_reached(dev_db):
    dev_db.execute(
        "UPDATE raw.google_analytics_sessions SET is_new_user = true WHERE session_id = "
        "(SELECT session_id FROM raw.google_analytics_sessions "
        "WHERE campaign LIKE 'reeng-%' LIMIT 1)"
    )
    assert not outcome(
        dev_db, "google_analytics_sessions", "reengagement_only_reaches_returning_users"
    ).passed


def test_attribution_rule_fails_when_a_weight_is_off(dev_db):
    dev_db.execute(
        "UPDATE raw.attribution_touchpoints SET weight = weight + 0.01 WHERE touchpoint_id = 1"
    )
    assert not outcome(dev_db, "attribution_touchpoints", "attribution_weights_sum_to_one").passed


def test_form_fill_rule_fails_when_a_lead_is_missing(dev_db):
    dev_db.execute(
        "UPDATE raw.pipedrive_lead SET form_submission_id = NULL WHERE id = "
        "(SELECT id FROM raw.pipedrive_lead WHERE form_type = 'demo_request' LIMIT 1)"
    )
    assert not outcome(dev_db, "pipedrive_lead", "every_form_fill_has_a_lead").passed


def test_form_mix_rule_fails_when_one_form_dominates(dev_db):
    dev_db.execute(
        "UPDATE raw.pipedrive_lead SET form_type = 'newsletter_signup' "
        "WHERE form_type = 'contact_us'"
    )
    assert not outcome(dev_db, "pipedrive_lead", "form_mix").passed


def test_conversion_rule_fails_when_expired_trials_disappear(dev_db):
    dev_db.execute(
        "UPDATE raw.pipedrive_lead SET form_type = 'contact_us' WHERE form_type = 'trial_signup' "
        "AND tapflow_account_id IS NULL AND trial_path = 'self_service'"
    )
    assert not outcome(dev_db, "pipedrive_lead", "trial_conversion_by_path").passed


def test_trials_are_accounts_rule_fails_when_paths_disagree(dev_db):
    dev_db.execute(
        "UPDATE raw.pipedrive_lead SET trial_path = 'sales_assisted' "
        "WHERE id = (SELECT id FROM raw.pipedrive_lead WHERE trial_path = 'self_service' "
        "AND tapflow_account_id IS NOT NULL LIMIT 1)"
    )
    assert not outcome(dev_db, "pipedrive_lead", "converted_trials_are_the_accounts").passed


def test_deal_rule_fails_when_a_won_deal_is_mispriced(dev_db):
    dev_db.execute(
        "UPDATE raw.pipedrive_deal SET value = value + 1 "
        "WHERE id = (SELECT id FROM raw.pipedrive_deal WHERE status = 'won' LIMIT 1)"
    )
    assert not outcome(dev_db, "pipedrive_deal", "deal_win_rate_and_stripe_value").passed


def _trialing_again(conn, trial_path: str) -> None:
    """Put back in trial the account of one won deal of `trial_path`."""
    conn.execute(
        "UPDATE raw.app_database_accounts SET account_status = 'trialing' WHERE account_id = "
        "(SELECT tapflow_account_id FROM raw.pipedrive_deal WHERE status = 'won' "
        "AND trial_path = %s ORDER BY id LIMIT 1)",
        (trial_path,),
    )


def test_deal_rule_allows_a_self_service_purchase_during_its_trial(dev_db):
    _trialing_again(dev_db, "self_service")
    result = outcome(dev_db, "pipedrive_deal", "deal_win_rate_and_stripe_value")
    assert result.passed
    assert result.metadata["won_self_service_still_in_trial"] == 1


def test_deal_rule_fails_when_a_sales_deal_is_won_before_its_trial_ends(dev_db):
    _trialing_again(dev_db, "sales_assisted")
    result = outcome(dev_db, "pipedrive_deal", "deal_win_rate_and_stripe_value")
    assert not result.passed
    assert result.metadata["won_without_converted_account"] == 1


def test_deal_rule_fails_when_everything_is_won(dev_db):
    dev_db.execute("UPDATE raw.pipedrive_deal SET status = 'won' WHERE status = 'lost'")
    assert not outcome(dev_db, "pipedrive_deal", "deal_win_rate_and_stripe_value").passed


def test_funnel_order_rule_fails_when_clicks_exceed_impressions(dev_db):
    dev_db.execute(
        "UPDATE raw.google_ads_campaign_stats SET clicks = impressions + 1 "
        "WHERE ctid = (SELECT ctid FROM raw.google_ads_campaign_stats LIMIT 1)"
    )
    assert not outcome(
        dev_db, "facebook_ads_basic_ad", "impressions_clicks_conversions_in_order"
    ).passed


def test_usage_rule_fails_when_a_session_runs_past_as_of(dev_db):
    dev_db.execute(
        "UPDATE raw.app_database_user_sessions SET ended_at = ended_at + interval '400 days' "
        "WHERE session_id = (SELECT max(session_id) FROM raw.app_database_user_sessions)"
    )
    result = outcome(dev_db, "app_database_user_sessions", "usage_follows_account_health")
    assert not result.passed and result.metadata["sessions_ending_after_as_of"] == 1


def test_usage_rule_fails_when_a_churned_account_keeps_logging_in(dev_db):
    dev_db.execute(
        "UPDATE raw.app_database_user_sessions s SET started_at = a.churned_at + interval '1 day' "
        "FROM raw.app_database_accounts a WHERE a.account_id = s.account_id "
        "AND a.churned_at IS NOT NULL AND s.session_id = (SELECT min(s2.session_id) "
        "FROM raw.app_database_user_sessions s2 WHERE s2.account_id = a.account_id)"
    )
    assert not outcome(dev_db, "app_database_user_sessions", "usage_follows_account_health").passed
