"""Quality rules pass on generated data and fail on deliberately broken data."""

from __future__ import annotations

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
    """A connection whose changes are rolled back after each test (DDL included)."""
    with server.connect(dev_url) as conn:
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
    dev_db.execute(
        "UPDATE raw.app_database_tap_events SET tapped_at = tapped_at - interval '10 hours'"
    )
    assert not outcome(dev_db, "app_database_tap_events", "evening_peak_is_busiest").passed
