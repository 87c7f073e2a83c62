"""Generators: size contracts, distributions, integrity and determinism, without a database."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date

import numpy as np
import polars as pl
import pytest

from saas_datagen.config import distributions as d
from saas_datagen.config.environments import size_for
from saas_datagen.generators.app_database.account_plan import trialing_count
from saas_datagen.generators.context import GenerationContext
from saas_datagen.registry import BY_NAME, TABLES
from saas_datagen_tests.conftest import AS_OF, SEED

# Streamed fact tables are too big to hold whole at qa size; they have their own tests.
STREAMED = {
    "app_database_tap_events",
    "app_database_device_telemetry",
    "app_database_user_sessions",
    "app_database_page_views",
    "app_database_feature_usage",
}


def generate_all(
    env: str, seed: int = SEED, as_of: date = AS_OF, streamed: bool = True
) -> dict[str, pl.DataFrame]:
    ctx = GenerationContext(seed=seed, env=env, as_of=as_of)
    return {
        spec.name: pl.concat(list(spec.frames(ctx)))
        for spec in TABLES
        if streamed or spec.name not in STREAMED
    }


def frame_hash(frame: pl.DataFrame) -> str:
    """Order-independent content hash."""
    row_hashes = frame.hash_rows(seed=0).sort()
    return hashlib.sha256(row_hashes.to_numpy().tobytes()).hexdigest()


# Seeds whose dev build missed a row-count band before the small-sample calibration (tap
# events -20%, campaign stats +54%, iterable events -73%, invoices -14%, telemetry +12%).
SEEDS_ONCE_OFF_CONTRACT = (1, 3, 4, 7, 11, 13)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS_ONCE_OFF_CONTRACT)
def test_every_seed_meets_the_dev_row_contracts(seed):
    ctx = GenerationContext(seed=seed, env="dev", as_of=AS_OF)
    missed = {}
    for spec in TABLES:
        rows = sum(frame.height for frame in spec.generate(ctx))
        contract = spec.contract(size_for("dev"))
        if not contract.accepts(rows):
            missed[spec.name] = f"{rows:,} vs {contract.describe()}"
    assert not missed


def test_tap_events_hit_their_target_within_a_percent_whatever_the_seed():
    for seed in (1, 3, 42):
        ctx = GenerationContext(seed=seed, env="test", as_of=AS_OF)
        rows = sum(f.height for f in BY_NAME["app_database_tap_events"].generate(ctx))
        assert abs(rows / ctx.size.tap_events_target - 1) < 0.01, (seed, rows)


@pytest.fixture(scope="module")
def dev() -> dict[str, pl.DataFrame]:
    return generate_all("dev")


@pytest.mark.parametrize("env", ["test", "dev", "qa"])
def test_every_table_meets_its_row_contract(env):
    frames = generate_all(env, streamed=env != "qa")
    for name, frame in frames.items():
        assert BY_NAME[name].contract(size_for(env)).accepts(frame.height), name


def test_tiers_are_size_based_at_the_configured_shares(dev):
    accounts = dev["app_database_accounts"]
    shares = accounts["account_tier"].value_counts(normalize=True)
    got = dict(zip(shares["account_tier"], shares["proportion"], strict=True))
    for tier, share in d.TIER_SHARES.items():
        assert got[tier] == pytest.approx(share, abs=0.01)
    sizes = accounts.group_by("account_tier").agg(pl.col("employee_count").median())
    median = dict(zip(sizes["account_tier"], sizes["employee_count"], strict=True))
    assert median["starter"] < median["professional"] < median["business"] < median["enterprise"]


def test_bigger_tiers_have_more_locations_users_and_devices():
    frames = generate_all("qa", streamed=False)
    accounts = frames["app_database_accounts"].select("account_id", "account_tier")
    per_account = accounts
    for table in ("app_database_locations", "app_database_users", "app_database_devices"):
        counts = frames[table].group_by("account_id").len(name=table)
        per_account = per_account.join(counts, on="account_id", how="left")
    means = per_account.group_by("account_tier").mean()
    by_tier = {row["account_tier"]: row for row in means.iter_rows(named=True)}
    for table in ("app_database_locations", "app_database_users", "app_database_devices"):
        assert by_tier["starter"][table] < by_tier["enterprise"][table]


def test_five_industries_and_at_least_25_states(dev):
    assert set(dev["app_database_accounts"]["industry"]) == set(d.INDUSTRIES)
    assert dev["app_database_locations"]["state"].n_unique() >= 25


def test_device_status_is_85_10_5_for_live_accounts_and_offline_after_churn(dev):
    devices = dev["app_database_devices"].join(
        dev["app_database_accounts"].select("account_id", "account_status"), on="account_id"
    )
    churned = devices.filter(pl.col("account_status") == "churned")
    assert (churned["device_status"] == "offline").all()
    live = devices.filter(pl.col("account_status") != "churned")
    shares = live["device_status"].value_counts(normalize=True)
    got = dict(zip(shares["device_status"], shares["proportion"], strict=True))
    for status, share in d.DEVICE_STATUS_SHARES.items():
        assert got[status] == pytest.approx(share, abs=0.01)


@pytest.mark.parametrize("env", ["dev", "qa", "prod"])
def test_trialing_subscriptions_are_10_to_15_percent_of_new_ones(env):
    ctx = GenerationContext(seed=SEED, env=env, as_of=AS_OF)
    subs = pl.concat(list(BY_NAME["app_database_subscriptions"].frames(ctx)))
    window_start = ctx.days_before_horizon_us(d.NEW_SUBSCRIPTION_WINDOW_DAYS)
    new = subs.filter(pl.col("started_at").dt.epoch("us") >= window_start)
    share = (new["status"] == "trialing").sum() / new.height
    assert 0.10 <= share <= 0.15


def test_trialing_count_prefers_the_target_inside_the_band():
    assert trialing_count(20) == 2
    assert trialing_count(100) == 12
    assert trialing_count(14) == 2


@pytest.mark.parametrize("env", ["test", "dev"])
def test_no_orphans_and_no_temporal_paradoxes_in_generated_frames(env):
    frames = generate_all(env)
    for spec in TABLES:
        child = frames[spec.name]
        for fk in spec.foreign_keys:
            parent_keys = frames[fk.parent][fk.parent_column]
            values = child[fk.column].drop_nulls()
            assert values.is_in(parent_keys.implode()).all(), f"{spec.name}.{fk.column}"
        for rule in spec.temporal_rules:
            fk = spec.foreign_key_for(rule.via)
            parent = frames[fk.parent].select(
                pl.col(fk.parent_column).alias(rule.via),
                pl.col(rule.parent_column).alias("_parent_time"),
            )
            joined = child.select(rule.via, rule.column).join(parent, on=rule.via)
            assert (joined[rule.column] >= joined["_parent_time"]).all(), f"{spec.name} {rule}"


# Dates a system schedules ahead of time (period and trial ends, payout availability, the
# open end of a history version or a discount) may lie after as_of.
SCHEDULED_COLUMNS = (
    "current_period_end",
    "trial_end_at",
    "trial_end",
    "period_end",
    "available_on",
    "arrival_date",  # a payout in transit lands in the bank after as_of
    "billing_cycle_anchor",
    "due_time",
    "generally_available_at",
    "property_hs_meeting_end_time",
    "_fivetran_end",
    "end",
)


def test_nothing_happens_after_as_of(dev):
    horizon = GenerationContext(seed=SEED, env="dev", as_of=AS_OF).horizon
    for name, frame in dev.items():
        for column, dtype in frame.schema.items():
            if isinstance(dtype, pl.Datetime) and column not in SCHEDULED_COLUMNS:
                latest = frame[column].max()
                assert latest is None or latest < horizon, f"{name}.{column}"


def test_same_seed_gives_identical_tables(dev):
    again = generate_all("dev")
    for name, frame in dev.items():
        assert frame.equals(again[name]), name


def test_a_different_seed_gives_different_tables(dev):
    other = generate_all("dev", seed=SEED + 1, streamed=False)
    assert frame_hash(dev["app_database_accounts"]) != frame_hash(other["app_database_accounts"])


def test_a_table_is_the_same_whatever_was_generated_before_it(dev):
    # Each table alone, in a fresh context, in reverse registry order.
    for spec in reversed(TABLES):
        ctx = GenerationContext(seed=SEED, env="dev", as_of=AS_OF)
        alone = pl.concat(list(spec.frames(ctx)))
        assert frame_hash(alone) == frame_hash(dev[spec.name]), spec.name


def test_subscriptions_form_a_history_per_account(dev):
    subs = dev["app_database_subscriptions"]
    accounts = dev["app_database_accounts"]
    latest = subs.sort("started_at").group_by("account_id").last()
    joined = latest.join(accounts, on="account_id")
    expected = joined["account_status"].replace({"churned": "canceled"})
    assert (joined["status"] == expected).all()
    replaced = subs.filter(pl.col("end_reason") == "plan_change")
    assert replaced.height == subs.height - accounts.height
    assert subs.filter(pl.col("previous_subscription_id").is_not_null()).height == replaced.height


def test_attribution_touchpoints_are_the_same_whatever_the_slice_size(monkeypatch):
    from saas_datagen.generators.go_to_market import funnel

    spec = BY_NAME["attribution_touchpoints"]
    whole = pl.concat(list(spec.frames(GenerationContext(seed=SEED, env="dev", as_of=AS_OF))))
    monkeypatch.setattr(funnel, "TOUCHES_PER_CHUNK", 97)
    sliced = list(spec.frames(GenerationContext(seed=SEED, env="dev", as_of=AS_OF)))
    assert len(sliced) > 10
    assert pl.concat(sliced).equals(whole)
    assert whole["touchpoint_id"].to_list() == list(range(1, whole.height + 1))


def test_ga_sessions_are_the_same_whatever_the_slice_size(monkeypatch):
    from saas_datagen.generators import google_analytics

    spec = BY_NAME["google_analytics_sessions"]
    whole = pl.concat(list(spec.frames(GenerationContext(seed=SEED, env="dev", as_of=AS_OF))))
    monkeypatch.setattr(google_analytics, "GA_SLICE_ROWS", 1_001)
    sliced = list(spec.frames(GenerationContext(seed=SEED, env="dev", as_of=AS_OF)))
    assert len(sliced) == 30
    assert pl.concat(sliced).equals(whole)
    assert whole["session_id"].is_sorted()


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("app_database_tap_events", "tap_event_id"),
        ("app_database_user_sessions", "session_id"),
        ("app_database_page_views", "page_view_id"),
        ("app_database_feature_usage", "usage_id"),
    ],
)
def test_generated_ids_stay_distinct_under_postgres_int8_hash_folding(table, column):
    # hashint8 hashes (low 32 bits XOR high 32 bits) for non-negative values: ids whose
    # folded words collide all land in one hash bucket (a 50k-row unique test took 20 s).
    ctx = GenerationContext(seed=SEED, env="dev", as_of=AS_OF)
    ids = np.concatenate([f[column].to_numpy() for f in BY_NAME[table].generate(ctx)])
    folded = (ids & 0xFFFFFFFF) ^ (ids >> 32)
    assert len(np.unique(folded)) / len(ids) > 0.99


@pytest.mark.parametrize("table", [s.name for s in TABLES if s.stream is not None])
def test_a_unit_stream_cut_into_chunk_ranges_composes_to_the_whole_table(table):
    """tpchgen's property, which the export's Dask tasks rely on: any cut of a stream table's
    chunks, generated apart (each range in a fresh context), is the table."""
    spec = BY_NAME[table]

    def fresh() -> GenerationContext:  # one unit per chunk: enough chunks to cut on dev
        return GenerationContext(seed=SEED, env="dev", as_of=AS_OF, units_per_chunk=1)

    whole = frame_hash(pl.concat(list(spec.frames(fresh()))))
    n = len(spec.stream.chunks(fresh()))
    assert n >= 2
    cuts = sorted({0, 1, n // 2, n})
    parts = [
        frame
        for first, stop in itertools.pairwise(cuts)
        for frame in spec.frames(fresh(), (first, stop))
    ]
    assert frame_hash(pl.concat(parts)) == whole
