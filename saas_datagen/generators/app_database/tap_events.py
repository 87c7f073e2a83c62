"""raw.app_database_tap_events: every pour measured by a TapFlow device (200M rows in prod).

Generated in fixed units of (256-device block, local day), each seeded from
(seed, table, unit index): any batching of units into chunks, and any number of workers,
gives the same rows. Chunks stream to the loader, so memory stays flat as size grows.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators import anomalies, timeline
from saas_datagen.generators.app_database.device_profile import (
    HOUR_CDF,
    DeviceProfile,
    churn_fade,
    day_factors,
    device_profile,
    local_offset_us,
    tap_days_us,
)
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext
from saas_datagen.schema import (
    ForeignKey,
    RowContract,
    TableSpec,
    TemporalRule,
    UnitStream,
    columns,
)

TABLE = "app_database_tap_events"
# Event ids are unit_index * ID_STRIDE + position: unique, deterministic, time-ordered by day.
# Decimal, not a power of two: PostgreSQL hashes an int8 as low word XOR high word, which
# folds power-of-two strides onto few hash values (see product_usage.ID_STRIDE).
ID_STRIDE = 10**7
HOUR_US = 3_600_000_000

_PRODUCTS = np.array([p[0] for p in d.PRODUCTS])
_PRODUCT_CDF = np.cumsum([p[1] for p in d.PRODUCTS]) / sum(p[1] for p in d.PRODUCTS)
_ML_MEAN, _ML_SD, _FLOW, _TEMP, _PSI = (np.array([p[i] for p in d.PRODUCTS]) for i in range(2, 7))


def units(ctx: GenerationContext) -> list[tuple[int, int]]:
    """(day, block) pairs in id order."""
    blocks = device_profile(ctx).blocks
    # A local day's pours can spill into the next UTC day: the day before a cut-off counts.
    first_us = int(tap_days_us(ctx)[0]) - MICROS_PER_DAY
    days = timeline.days_begun(ctx, first_us, len(tap_days_us(ctx)))
    return [(day, block) for day in range(days) for block in range(blocks)]


def tap_unit_day_us(ctx: GenerationContext, unit: tuple[int, int]) -> int:
    """Midnight UTC starting a unit's day (`tap_days_us(ctx)[day]`, without building the
    array for every unit)."""
    return ctx.window_start_us(ctx.size.tap_history_days) + unit[0] * MICROS_PER_DAY


def _gap_days(rng: np.random.Generator, profile: DeviceProfile, rows: slice) -> np.ndarray:
    """Which devices of the unit's block pour nothing that day (a faulty device's silent gap):
    the unit's first draw."""
    return profile.faulty[rows] & (rng.random(rows.stop - rows.start) < d.FAULTY_GAP_DAY_SHARE)


def silent_gap_days(
    ctx: GenerationContext, profile: DeviceProfile, day: int, block: int
) -> np.ndarray:
    """The gap days of one unit, without generating its pours (truth.device_fault_days)."""
    return _gap_days(
        ctx.rng(TABLE, day * profile.blocks + block), profile, profile.block_slice(block)
    )


def generate_unit(
    ctx: GenerationContext, profile: DeviceProfile, day: int, block: int
) -> dict[str, np.ndarray]:
    unit_index = day * profile.blocks + block
    rng = ctx.rng(TABLE, unit_index)
    rows = profile.block_slice(block)
    day_us = int(tap_days_us(ctx)[day])

    expected = (
        profile.daily_rate[rows]
        * day_factors(day_us)
        * churn_fade(profile, rows, day_us)
        * anomalies.multiplier(ctx, "pours", day)
    )
    gap_day = _gap_days(rng, profile, rows)
    counts = rng.poisson(np.where(gap_day, 0.0, expected))
    device = np.repeat(np.arange(rows.start, rows.stop), counts)
    n = len(device)

    venue = profile.venue[device]
    hour = (rng.random(n)[:, None] > HOUR_CDF[venue]).sum(axis=1)
    local_us = hour * HOUR_US + (rng.random(n) * HOUR_US).astype(np.int64)
    offset = local_offset_us(profile.utc_offset_h[device], profile.observes_dst[device], day_us)
    tapped = day_us + local_us - offset

    product = np.searchsorted(_PRODUCT_CDF, rng.random(n), side="right").clip(0, len(_PRODUCTS) - 1)
    volume = np.maximum(rng.normal(_ML_MEAN[product], _ML_SD[product]), 30.0)
    duration = volume / (_FLOW[product] * rng.lognormal(0.0, 0.08, n))
    temperature = rng.normal(_TEMP[product], 0.4)
    pressure = rng.normal(_PSI[product], 0.6)
    anomaly = rng.random(n) < profile.anomaly_share[device]
    warm = anomaly & (rng.random(n) < 0.5)
    temperature = np.where(warm, temperature + rng.uniform(5.0, 10.0, n), temperature)
    pressure = np.where(anomaly & ~warm, pressure * rng.uniform(0.25, 0.5, n), pressure)

    keep = (tapped >= profile.active_from_us[device]) & (tapped <= profile.active_to_us[device])
    return {
        "tap_event_id": (unit_index * ID_STRIDE + np.arange(n, dtype=np.int64))[keep],
        "device_id": profile.device_id[device][keep],
        "location_id": profile.location_id[device][keep],
        "account_id": profile.account_id[device][keep],
        "tapped_at": tapped[keep],
        "product_type": _PRODUCTS[product][keep],
        "volume_ml": np.round(volume[keep], 1),
        "duration_seconds": np.round(duration[keep], 2),
        "temperature_c": np.round(temperature[keep], 2),
        "pressure_psi": np.round(pressure[keep], 2),
    }


def _chunk(ctx: GenerationContext, chunk: list[tuple[int, int]]) -> pl.DataFrame:
    profile = device_profile(ctx)
    parts = [generate_unit(ctx, profile, day, block) for day, block in chunk]
    columns = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    frame = pl.DataFrame(columns)
    return frame.with_columns(pl.col("tapped_at").cast(pl.Datetime("us", "UTC")))


SPEC = TableSpec(
    source="app_database",
    table="tap_events",
    description="Every pour measured by a device: product, volume, duration, temperature "
    "and line pressure.",
    primary_key="tap_event_id",
    stream=UnitStream(units, _chunk, unit_day_us=tap_unit_day_us),
    cut=timeline.before_cutoff("tapped_at"),
    contract=lambda size: RowContract(size.tap_events_target, tolerance=0.15),
    foreign_keys=(
        ForeignKey("device_id", "app_database_devices", "device_id"),
        ForeignKey("location_id", "app_database_locations", "location_id"),
        ForeignKey("account_id", "app_database_accounts", "account_id"),
    ),
    temporal_rules=(TemporalRule("tapped_at", "device_id", "installed_at"),),
    freshness_column="tapped_at",
    day_partitioned=True,
    index_foreign_keys=False,
    # int_devices__tap_activity and the daily entities group pours by device and day.
    group_statistics=(("device_id", "tapped_at::date"),),
    columns=columns(
        """
        tap_event_id bigint Primary key; grows with the day of the pour.
        device_id bigint Device that measured the pour.
        location_id bigint Location of the device (denormalised).
        account_id bigint Account of the location (denormalised).
        tapped_at timestamptz When the pour started.
        product_type text lager, ipa, stout, wheat, cider, wine or cold_brew.
        volume_ml double_precision Poured volume in millilitres.
        duration_seconds double_precision Pour duration.
        temperature_c double_precision Line temperature during the pour.
        pressure_psi double_precision Line pressure during the pour.
        """
    ),
)
