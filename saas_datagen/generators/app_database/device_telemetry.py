"""raw.app_database_device_telemetry: periodic heartbeats with line temperature, pressure
and flow, over the trailing days. Offline devices fall silent at their last heartbeat;
devices in maintenance keep reporting a maintenance state; faulty devices report anomalies.
Generated per fixed 256-device block, seeded from (seed, table, block)."""

from __future__ import annotations

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators.app_database.device_profile import (
    DeviceProfile,
    device_profile,
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

TABLE = "app_database_device_telemetry"
HOUR_US = 3_600_000_000
SLOTS_PER_DAY = 24 // d.TELEMETRY_INTERVAL_HOURS
SLOTS = d.TELEMETRY_DAYS * SLOTS_PER_DAY


def slots(ctx: GenerationContext) -> int:
    """Reading slots per device: the retained days before the anchor, and on to the story's
    end. A reading's id is device x slots + slot, so one build configuration's ids are stable."""
    return ctx.window_days(d.TELEMETRY_DAYS) * SLOTS_PER_DAY


def _cut(ctx: GenerationContext, readings: pl.DataFrame) -> pl.DataFrame:
    """The app keeps TELEMETRY_DAYS of readings: at a cut-off, those of the days before it."""
    first = ctx.cutoff_us - d.TELEMETRY_DAYS * MICROS_PER_DAY
    recorded = pl.col("recorded_at").dt.epoch("us")
    return readings.filter((recorded >= first) & (recorded < ctx.cutoff_us))


BASE_TEMP_C, BASE_PSI, BASE_FLOW = 3.5, 12.5, 68.0


def generate_block(ctx: GenerationContext, profile: DeviceProfile, block: int) -> pl.DataFrame:
    rng = ctx.rng(TABLE, block)
    rows = profile.block_slice(block)
    devices = np.arange(rows.start, rows.stop)
    per_device = slots(ctx)
    device = np.repeat(devices, per_device)
    slot = np.tile(np.arange(per_device), len(devices))
    n = len(device)
    start = ctx.window_start_us(d.TELEMETRY_DAYS)
    jitter = (rng.random(n) * 120e6).astype(np.int64)
    recorded = start + slot * d.TELEMETRY_INTERVAL_HOURS * HOUR_US + jitter

    in_maintenance = profile.maintenance[device] & (recorded > profile.last_seen_us[device])
    reporting = (
        (recorded >= profile.active_from_us[device])
        & ((recorded <= profile.heartbeat_to_us[device]) | in_maintenance)
        & (recorded < ctx.horizon_us)
    )
    anomaly = (rng.random(n) < profile.anomaly_share[device]) & ~in_maintenance
    temperature = rng.normal(BASE_TEMP_C, 0.5, n) + anomaly * rng.uniform(5.0, 10.0, n)
    pressure = rng.normal(BASE_PSI, 0.7, n) * np.where(anomaly, rng.uniform(0.3, 0.6, n), 1.0)
    flow = np.where(in_maintenance, np.nan, rng.normal(BASE_FLOW, 4.0, n))
    state = np.select([in_maintenance, anomaly], ["maintenance", "anomaly"], "normal")

    keep = reporting
    return pl.DataFrame(
        {
            "reading_id": (profile.device_id[device] * per_device + slot)[keep],
            "device_id": profile.device_id[device][keep],
            "recorded_at": recorded[keep],
            "device_state": state[keep],
            "temperature_c": np.round(temperature[keep], 2),
            "pressure_psi": np.round(pressure[keep], 2),
            "flow_rate_ml_s": np.round(flow[keep], 1),
            "heartbeat_ok": ~in_maintenance[keep],
        }
    ).with_columns(
        pl.col("recorded_at").cast(pl.Datetime("us", "UTC")),
        pl.col("flow_rate_ml_s").fill_nan(None),
    )


def _blocks(ctx: GenerationContext) -> range:
    return range(device_profile(ctx).blocks)


def _chunk(ctx: GenerationContext, blocks: list[int]) -> pl.DataFrame:
    profile = device_profile(ctx)
    return pl.concat([generate_block(ctx, profile, b) for b in blocks])


def expected_rows(devices: int) -> RowContract:
    # Live devices report every slot; churned (decommissioned) and offline ones are silent.
    # Which accounts churned decides the live share: with 100 accounts in dev it moves the
    # total by up to ±13% between seeds, hence the same band as the tap events.
    return RowContract(int(devices * SLOTS * 0.73), tolerance=0.15)


SPEC = TableSpec(
    source="app_database",
    table="device_telemetry",
    description="Heartbeat readings every few hours: line temperature, pressure, flow and "
    "device state (normal, anomaly, maintenance).",
    primary_key="reading_id",
    stream=UnitStream(_blocks, _chunk),
    cut=_cut,
    contract=lambda size: expected_rows(size.devices),
    foreign_keys=(ForeignKey("device_id", "app_database_devices", "device_id"),),
    temporal_rules=(TemporalRule("recorded_at", "device_id", "installed_at"),),
    freshness_column="recorded_at",
    day_partitioned=True,
    index_foreign_keys=False,
    columns=columns(
        """
        reading_id bigint Primary key (device and reading slot).
        device_id bigint Reporting device.
        recorded_at timestamptz When the reading was taken.
        device_state text normal, anomaly or maintenance.
        temperature_c double_precision Line temperature.
        pressure_psi double_precision Line pressure.
        flow_rate_ml_s double_precision? Flow rate; null in maintenance.
        heartbeat_ok boolean False while the device is in maintenance.
        """
    ),
)
