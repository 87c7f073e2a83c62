"""raw.app_database_devices: TapFlow IoT tap monitors installed at locations."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators.app_database import locations
from saas_datagen.generators.app_database.account_plan import account_plan
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext, to_datetime
from saas_datagen.generators.sampling import (
    allocate,
    skewed_between,
    stratified_choice,
    uniform_between,
)
from saas_datagen.schema import ForeignKey, RowContract, TableSpec, TemporalRule, columns

TABLE = "app_database_devices"
# Share of a location's devices that arrive with the first install, the rest come later.
INITIAL_INSTALL_SHARE = 0.8
HOUR = 3_600_000_000


def build(ctx: GenerationContext) -> pl.DataFrame:
    return ctx.cached(TABLE, _build)


def _status(rng: np.random.Generator, churned: np.ndarray) -> np.ndarray:
    """A churned account's devices are decommissioned (offline). The devices of live
    accounts get exact online/offline/maintenance shares of 85/10/5."""
    status = np.full(len(churned), "offline", dtype=object)
    live = np.flatnonzero(~churned)
    status[live] = stratified_choice(rng, len(live), d.DEVICE_STATUS_SHARES)
    return status


def _build(ctx: GenerationContext) -> pl.DataFrame:
    plan = account_plan(ctx)
    locs = locations.build(ctx)
    rng = ctx.rng(TABLE)
    venue = locs["venue_type"].to_numpy()
    weight = np.array([d.DEVICE_WEIGHT_BY_INDUSTRY[v] for v in venue.tolist()])
    weight = weight * locs["seating_capacity"].to_numpy() ** 0.3
    per_location = allocate(rng, ctx.size.devices, weight)
    location_row = np.repeat(np.arange(locs.height), per_location)
    n = len(location_row)

    account_id = locs["account_id"].to_numpy()[location_row]
    account_row = account_id - 1
    churned = plan["churned"].to_numpy()[account_row]
    active_until = np.where(churned, plan["churn_us"].to_numpy()[account_row], ctx.horizon_us)
    opened = locs["opened_at"].dt.epoch("us").to_numpy()[location_row]
    initial = rng.random(n) < INITIAL_INSTALL_SHARE
    first_window = np.minimum(opened + d.INITIAL_INSTALL_WINDOW_DAYS * MICROS_PER_DAY, active_until)
    installed = np.where(
        initial,
        uniform_between(rng, opened, first_window),
        skewed_between(rng, opened, active_until, 1.5),
    )

    status = _status(rng, churned)
    minutes = (rng.random(n) * 15 * 60_000_000).astype(np.int64)
    hours = (rng.uniform(1, 72, n) * HOUR).astype(np.int64)
    days = (rng.uniform(2, 60, n) * MICROS_PER_DAY).astype(np.int64)
    since_seen = np.select([status == "online", status == "maintenance"], [minutes, hours], days)
    # Offline devices went dark when their account churned (or days ago); a device left
    # online after its account churned still sends heartbeats, it just stops pouring.
    seen_until = np.where(status == "offline", active_until, ctx.horizon_us)
    last_seen = np.maximum(seen_until - since_seen, installed)
    # A live account heading for churn unplugs its taps the same days before it leaves as a
    # churned one did: a device whose darkening date (its churn date less the same 2-60 days)
    # has passed is offline already. The world does not depend on where as_of cuts it.
    dark_at = plan["latent_churn_us"].to_numpy()[account_row] - days
    gone_dark = ~churned & (dark_at < ctx.horizon_us)
    status = np.where(gone_dark, "offline", status).astype(object)
    last_seen = np.where(gone_dark, np.maximum(dark_at, installed), last_seen)

    model_names = np.array(list(d.DEVICE_MODELS))
    model = model_names[
        np.searchsorted(
            np.cumsum(list(d.DEVICE_MODELS.values())), rng.random(n) * sum(d.DEVICE_MODELS.values())
        )
    ]
    firmware_draw = rng.exponential(0.6, n)
    firmware = _firmware(ctx.horizon_us - last_seen, firmware_draw)

    device_id = np.arange(1, n + 1, dtype=np.int64)
    serial = np.char.add("TF", np.char.zfill((device_id * 7919 + ctx.seed % 1000).astype(str), 9))
    return pl.DataFrame(
        {
            "device_id": device_id,
            "location_id": locs["location_id"].to_numpy()[location_row],
            "account_id": account_id,
            "serial_number": serial,
            "device_model": model,
            "firmware_version": firmware,
            "device_status": status,
            "installed_at": to_datetime(installed),
            "last_seen_at": to_datetime(last_seen),
            # The story behind the row at a cut-off (_cut): when the device stopped being
            # online (null: online at the story's end), how long before a cut-off an online
            # one last phoned home, and its firmware draw.
            "_quiet_us": np.where(status == "online", -1, last_seen),
            "_online_lag_us": minutes,
            "_firmware_draw": firmware_draw,
        }
    )


def _firmware(silent_us: np.ndarray, draw: np.ndarray) -> np.ndarray:
    """Devices that keep phoning home get firmware updates; stale ones lag behind."""
    versions = np.array(d.FIRMWARE_VERSIONS)
    age = silent_us / (365.25 * MICROS_PER_DAY)
    lag = np.clip(np.floor(age * 2 + draw), 0, len(versions) - 1).astype(int)
    return versions[len(versions) - 1 - lag]


def _cut(ctx: GenerationContext, devices: pl.DataFrame) -> pl.DataFrame:
    """The devices as of the cut-off: those installed before it; one that had gone quiet by
    then (unplugged, decommissioned, in maintenance) as the story leaves it, on the firmware
    it had then; every other one online, last seen its usual few minutes before the cut-off,
    on the firmware a device phoning home gets."""
    story = build(ctx)
    installed = story["installed_at"].dt.epoch("us").to_numpy()
    quiet = story["_quiet_us"].to_numpy()
    was_quiet = (quiet >= 0) & (quiet < ctx.cutoff_us)
    last_seen = np.where(
        was_quiet, quiet, np.maximum(ctx.cutoff_us - story["_online_lag_us"].to_numpy(), installed)
    )
    at_cut = pl.DataFrame(
        {
            "device_id": story["device_id"],
            "device_status": np.where(was_quiet, story["device_status"].to_numpy(), "online"),
            "last_seen_at": to_datetime(last_seen),
            "firmware_version": np.where(
                was_quiet,
                story["firmware_version"].to_numpy(),
                _firmware(ctx.cutoff_us - last_seen, story["_firmware_draw"].to_numpy()),
            ),
        }
    )
    return (
        devices.filter(pl.col("installed_at").dt.epoch("us") < ctx.cutoff_us)
        .drop("device_status", "last_seen_at", "firmware_version")
        .join(at_cut, on="device_id", how="left", maintain_order="left")
        .select(devices.columns)
    )


def generate(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield build(ctx).drop("_quiet_us", "_online_lag_us", "_firmware_draw")


SPEC = TableSpec(
    source="app_database",
    table="devices",
    description="IoT tap monitors (one per tap line) with their current status.",
    freshness_column="last_seen_at",
    primary_key="device_id",
    generate=generate,
    cut=_cut,
    contract=lambda size: RowContract(size.devices),
    foreign_keys=(
        ForeignKey("location_id", "app_database_locations", "location_id"),
        ForeignKey("account_id", "app_database_accounts", "account_id"),
    ),
    temporal_rules=(
        TemporalRule("installed_at", "location_id", "opened_at"),
        TemporalRule("installed_at", "account_id", "created_at"),
    ),
    columns=columns(
        """
        device_id bigint Primary key.
        location_id bigint Location the device is installed at.
        account_id bigint Account owning the location (denormalised).
        serial_number text Hardware serial.
        device_model text Hardware model.
        firmware_version text Installed firmware.
        device_status text online, offline or maintenance.
        installed_at timestamptz Installation time.
        last_seen_at timestamptz Last heartbeat received.
        """
    ),
)
