"""The truth schema tells what the raw tables really came from (generation only, no database)."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from saas_datagen.config import distributions as d
from saas_datagen.generators import anomalies
from saas_datagen.generators.app_database.device_profile import device_profile
from saas_datagen.generators.context import GenerationContext
from saas_datagen.registry import BY_NAME, TRUTH_TABLES

AS_OF = date(2026, 11, 22)


@pytest.fixture(scope="module")
def ctx() -> GenerationContext:
    return GenerationContext(seed=7, env="test", as_of=AS_OF)


def _table(ctx: GenerationContext, name: str) -> pl.DataFrame:
    spec = BY_NAME[name]
    frames = list(spec.frames(ctx))
    empty = pl.DataFrame(schema={c.name: c.polars_type for c in spec.columns})
    return pl.concat(frames) if frames else empty


def test_every_truth_table_meets_its_contract_and_key(ctx):
    for spec in TRUTH_TABLES:
        frame = _table(ctx, spec.name)
        assert spec.contract(ctx.size).accepts(frame.height), spec.name
        assert frame.select(spec.key_columns).is_duplicated().sum() == 0, spec.name


def test_account_truth_matches_the_accounts_the_app_shows(ctx):
    truth = _table(ctx, "account_churn")
    accounts = _table(ctx, "app_database_accounts")
    joined = truth.join(accounts.select("account_id", "account_status"), on="account_id")
    assert joined.height == truth.height
    assert (joined["churned"] == (joined["account_status"] == "churned")).all()
    churned = joined.filter("churned")
    assert (churned["churned_at"] == churned["latent_churn_at"]).all()
    live = joined.filter(~pl.col("churned"))
    horizon = pl.lit(AS_OF).cast(pl.Datetime("us", "UTC"))
    assert live.select((pl.col("latent_churn_at") >= horizon - pl.duration(days=1)).all()).item()
    assert set(churned["churn_reason"]) <= {"payment_failed", "customer_churn"}


def test_silent_gap_days_are_days_a_faulty_device_poured_nothing(ctx):
    gaps = _table(ctx, "device_fault_days")
    taps = _table(ctx, "app_database_tap_events")
    profile = device_profile(ctx)
    offset_h = dict(zip(profile.device_id.tolist(), profile.utc_offset_h.tolist(), strict=True))
    # a pour's venue-local day, within the DST hour (the unit's day is the local one)
    local = taps.select(
        "device_id",
        day=(
            pl.col("tapped_at")
            + pl.duration(hours=pl.col("device_id").replace_strict(offset_h, return_dtype=pl.Int64))
        ).dt.date(),
    ).unique()
    silent = gaps.filter("silent_gap").rename({"fault_date": "day"})
    poured_anyway = silent.join(local, on=["device_id", "day"], how="inner")
    # DST moves a local day's edge by an hour: a pour at 23:xx may land on the silent day
    assert poured_anyway.height <= 0.02 * silent.height
    assert silent.height > 0
    share = gaps["silent_gap"].mean()
    assert abs(share - d.FAULTY_GAP_DAY_SHARE) < 0.08


def test_pours_fade_before_a_churn_that_lies_after_as_of():
    ctx = GenerationContext(seed=7, env="dev", as_of=AS_OF)  # test's 40 accounts: too few
    truth = _table(ctx, "account_churn")
    days_left = (
        truth["latent_churn_at"] - pl.lit(AS_OF).cast(pl.Datetime("us", "UTC"))
    ).dt.total_days()
    soon = truth.filter((days_left > 0) & (days_left <= 45) & ~pl.col("churned"))["account_id"]
    later = truth.filter((days_left > 120) & ~pl.col("churned"))["account_id"]
    assert soon.len() >= 1 and later.len() >= 10
    taps = _table(ctx, "app_database_tap_events").with_columns(day=pl.col("tapped_at").dt.date())
    first, last = taps["day"].min(), taps["day"].max()

    def trend(accounts: pl.Series) -> float:
        mine = taps.filter(pl.col("account_id").is_in(accounts.implode()))
        early = mine.filter(pl.col("day") <= first + (last - first) / 3).height
        late = mine.filter(pl.col("day") >= last - (last - first) / 3).height
        return late / max(early, 1)

    assert trend(soon) < 0.8 * trend(later)


def test_injected_anomalies_are_off_by_default_and_listed_when_on():
    off = GenerationContext(seed=7, env="dev", as_of=AS_OF)
    assert _table(off, "injected_metric_anomalies").height == 0
    assert anomalies.multipliers(off, "sessions").tolist() == [1.0] * off.size.usage_history_days
    on = GenerationContext(seed=7, env="dev", as_of=AS_OF, inject_anomalies=True)
    listed = _table(on, "injected_metric_anomalies")
    assert set(listed["kind"]) == {"spike", "drop", "level_shift"}
    sessions = anomalies.multipliers(on, "sessions")
    assert sorted(set(np.round(sessions, 3))) == [0.4, 0.8, 1.0, 2.0]
    assert all(day < AS_OF for day in listed["first_day"].to_list())


def test_a_live_account_about_to_churn_has_unplugged_most_of_its_taps_already():
    ctx = GenerationContext(seed=7, env="qa", as_of=AS_OF)  # enough accounts a week from churn
    from saas_datagen.generators.app_database import devices
    from saas_datagen.generators.app_database.account_plan import account_plan

    plan = account_plan(ctx).with_columns(
        days_left=(pl.col("latent_churn_us") - ctx.horizon_us) / 86_400_000_000
    )
    imminent = plan.filter(
        ~pl.col("churned") & (pl.col("days_left") > 0) & (pl.col("days_left") <= 10)
    )
    far = plan.filter(~pl.col("churned") & (pl.col("days_left") > 120))
    fleet = devices.build(ctx)

    def offline_share(accounts: pl.DataFrame) -> float:
        mine = fleet.filter(pl.col("account_id").is_in(accounts["account_id"].implode()))
        return (mine["device_status"] == "offline").mean()

    assert imminent.height >= 20
    assert offline_share(imminent) >= 0.75
    assert offline_share(far) <= 0.12
