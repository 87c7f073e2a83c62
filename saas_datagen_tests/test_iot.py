"""Tap events and telemetry: chunking-independent, consistent with devices, realistic."""

from __future__ import annotations

import hashlib
from datetime import date

import numpy as np
import polars as pl
import pytest

from saas_datagen.config import distributions as d
from saas_datagen.generators.app_database import devices, locations
from saas_datagen.generators.app_database.account_plan import account_plan
from saas_datagen.generators.context import GenerationContext
from saas_datagen.registry import BY_NAME
from saas_datagen_tests.conftest import AS_OF, SEED


def generate(table: str, env: str = "test", **batching) -> pl.DataFrame:
    ctx = GenerationContext(seed=SEED, env=env, as_of=AS_OF, **batching)
    return pl.concat(list(BY_NAME[table].frames(ctx)))


def content_hash(frame: pl.DataFrame) -> str:
    """Order-independent: hash every row, sort the hashes, hash the result."""
    return hashlib.sha256(frame.hash_rows(seed=0).sort().to_numpy().tobytes()).hexdigest()


@pytest.fixture(scope="module")
def dev_taps() -> pl.DataFrame:
    return generate("app_database_tap_events", "dev")


@pytest.fixture(scope="module")
def dev_context() -> GenerationContext:
    return GenerationContext(seed=SEED, env="dev", as_of=AS_OF)


@pytest.mark.parametrize("table", ["app_database_tap_events", "app_database_device_telemetry"])
def test_chunk_size_and_worker_count_do_not_change_the_data(table):
    hashes = {
        content_hash(generate(table, units_per_chunk=units, workers=workers))
        for units, workers in [(1, 1), (7, 2), (1000, 1), (3, 4)]
    }
    assert len(hashes) == 1


def test_a_different_seed_changes_the_taps():
    ctx = GenerationContext(seed=SEED + 1, env="test", as_of=AS_OF)
    other = pl.concat(list(BY_NAME["app_database_tap_events"].frames(ctx)))
    assert content_hash(other) != content_hash(generate("app_database_tap_events"))


def test_dev_has_at_least_a_million_taps_with_unique_ids(dev_taps):
    assert dev_taps.height >= 1_000_000
    assert dev_taps["tap_event_id"].n_unique() == dev_taps.height


def test_every_tap_matches_its_device_and_happens_while_it_can_pour(dev_taps, dev_context):
    devs = devices.build(dev_context).select(
        "device_id",
        pl.col("location_id").alias("dev_location"),
        pl.col("account_id").alias("dev_account"),
        "installed_at",
        "last_seen_at",
    )
    plan = account_plan(dev_context).select(
        pl.col("account_id").alias("dev_account"), "churned", "churn_us"
    )
    joined = dev_taps.join(devs, on="device_id", how="left").join(plan, on="dev_account")
    assert joined["dev_location"].null_count() == 0
    assert (joined["location_id"] == joined["dev_location"]).all()
    assert (joined["account_id"] == joined["dev_account"]).all()
    assert (joined["tapped_at"] >= joined["installed_at"]).all()
    assert (joined["tapped_at"] <= joined["last_seen_at"]).all()
    assert (joined["tapped_at"] < dev_context.horizon).all()
    churned = joined.filter(pl.col("churned"))
    assert (churned["tapped_at"].dt.epoch("us") <= churned["churn_us"]).all()


def test_online_devices_nearly_all_pour(dev_taps, dev_context):
    online = devices.build(dev_context).filter(pl.col("device_status") == "online")
    covered = online["device_id"].is_in(dev_taps["device_id"].unique().implode()).mean()
    assert covered >= 0.95


def local_hours(taps: pl.DataFrame, ctx: GenerationContext) -> np.ndarray:
    zones = locations.build(ctx).select("location_id", "timezone")
    hours = []
    for (zone,), part in taps.join(zones, on="location_id").group_by("timezone"):
        hours.append(part["tapped_at"].dt.convert_time_zone(zone).dt.hour().to_numpy())
    return np.concatenate(hours)


def test_evening_18_to_22_is_the_busiest_window(dev_taps, dev_context):
    per_hour = np.bincount(local_hours(dev_taps, dev_context), minlength=24)
    windows = [per_hour[np.arange(h, h + 4) % 24].sum() for h in range(24)]
    assert int(np.argmax(windows)) == d.PEAK_HOURS[0]


def test_bars_pour_more_per_location_than_restaurants(dev_taps, dev_context):
    venues = locations.build(dev_context).select("location_id", "venue_type")
    per_location = (
        dev_taps.group_by("location_id")
        .len()
        .join(venues, on="location_id")
        .group_by("venue_type")
        .agg(pl.col("len").median())
    )
    median = dict(zip(per_location["venue_type"], per_location["len"], strict=True))
    assert median["bar"] > median["restaurant"]


def test_weekends_are_busier_than_mondays(dev_taps):
    weekday = dev_taps["tapped_at"].dt.weekday().value_counts()
    counts = dict(zip(weekday["tapped_at"], weekday["count"], strict=True))
    assert counts[6] > counts[1]  # Saturday vs Monday


def test_faulty_devices_show_temperature_or_pressure_anomalies(dev_taps, dev_context):
    from saas_datagen.generators.app_database.device_profile import device_profile

    profile = device_profile(dev_context)
    faulty_ids = profile.device_id[profile.faulty]
    norms = dev_taps.group_by("product_type").agg(
        pl.col("temperature_c").mean().alias("t0"), pl.col("pressure_psi").mean().alias("p0")
    )
    flagged = dev_taps.join(norms, on="product_type").with_columns(
        anomaly=(pl.col("temperature_c") > pl.col("t0") + 4)
        | (pl.col("pressure_psi") < 0.7 * pl.col("p0")),
        faulty=pl.col("device_id").is_in(pl.Series(faulty_ids).implode()),
    )
    rates = flagged.group_by("faulty").agg(pl.col("anomaly").mean())
    rate = dict(zip(rates["faulty"], rates["anomaly"], strict=True))
    assert rate[True] > 10 * rate[False]


def test_telemetry_stops_at_the_last_heartbeat_except_in_maintenance(dev_context):
    readings = generate("app_database_device_telemetry", "dev")
    devs = devices.build(dev_context).select("device_id", "device_status", "last_seen_at")
    joined = readings.join(devs, on="device_id")
    late = joined.filter(pl.col("recorded_at") > pl.col("last_seen_at"))
    assert set(late["device_status"].unique()) <= {"maintenance"}
    assert (late["device_state"] == "maintenance").all()
    assert (joined["recorded_at"] < dev_context.horizon).all()


def test_tap_events_stay_flat_in_memory_per_chunk(dev_context):
    """Chunks are bounded by the fixed unit size, not by the environment size."""
    sizes = [frame.height for frame in BY_NAME["app_database_tap_events"].frames(dev_context)]
    qa = GenerationContext(seed=SEED, env="qa", as_of=date(2026, 11, 22))
    first_qa = next(iter(BY_NAME["app_database_tap_events"].frames(qa)))
    assert first_qa.height < 3 * max(sizes)
