"""Per-device IoT behaviour (not loaded itself): when a device can pour, how busy it is,
whether it is faulty, and its local clock. Tap events and telemetry both read it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from saas_datagen.config import distributions as d
from saas_datagen.generators.app_database import devices, locations
from saas_datagen.generators.app_database.account_plan import account_plan
from saas_datagen.generators.context import MICROS_PER_DAY, MICROS_PER_HOUR, GenerationContext

PROFILE = "device_profile"
# Devices are grouped in fixed blocks: the unit of generation. Keeping it fixed is what makes
# the data independent of how blocks are batched into chunks or spread over workers.
DEVICE_BLOCK = 256
# Cumulative share of a venue type's pours by local hour (row per d.INDUSTRIES entry).
HOUR_CDF = np.cumsum(np.array([d.HOURLY_WEIGHTS[v] for v in d.INDUSTRIES], dtype=float), axis=1)
HOUR_CDF /= HOUR_CDF[:, -1:]


@dataclass(frozen=True)
class DeviceProfile:
    device_id: np.ndarray
    location_id: np.ndarray
    account_id: np.ndarray
    venue: np.ndarray  # index into d.INDUSTRIES
    utc_offset_h: np.ndarray
    observes_dst: np.ndarray
    daily_rate: np.ndarray
    faulty: np.ndarray
    anomaly_share: np.ndarray  # chance that a pour or reading is anomalous
    maintenance: np.ndarray
    active_from_us: np.ndarray
    active_to_us: np.ndarray  # last moment the device can pour
    heartbeat_to_us: np.ndarray  # last moment it reports telemetry
    last_seen_us: np.ndarray
    # Its account's churn date, past or still ahead: a venue about to leave pours less
    # through TapFlow (lines switched, taps unplugged), fading like its app usage.
    churn_us: np.ndarray

    @property
    def blocks(self) -> int:
        return -(-len(self.device_id) // DEVICE_BLOCK)

    def block_slice(self, block: int) -> slice:
        return slice(block * DEVICE_BLOCK, min((block + 1) * DEVICE_BLOCK, len(self.device_id)))


def device_profile(ctx: GenerationContext) -> DeviceProfile:
    return ctx.cached(PROFILE, _build)


def _build(ctx: GenerationContext) -> DeviceProfile:
    devs = devices.build(ctx)
    locs = locations.build(ctx)
    rng = ctx.rng(PROFILE)
    location_row = devs["location_id"].to_numpy() - 1
    venue_names = locs["venue_type"].to_numpy()
    venue_of_location = np.array([d.INDUSTRIES.index(v) for v in venue_names.tolist()])
    low = np.array([d.TAPS_PER_LOCATION_DAY[v][0] for v in venue_names.tolist()], dtype=float)
    high = np.array([d.TAPS_PER_LOCATION_DAY[v][1] for v in venue_names.tolist()], dtype=float)
    location_rate = low + rng.random(locs.height) * (high - low)

    # A location's pours are shared by its devices, some taps being busier than others.
    weight = rng.lognormal(0.0, 0.35, devs.height)
    weight_per_location = np.bincount(location_row, weights=weight, minlength=locs.height)
    daily_rate = location_rate[location_row] * weight / weight_per_location[location_row]

    status = devs["device_status"].to_numpy()
    troubled = status != "online"
    faulty_p = np.where(troubled, d.FAULTY_SHARE_OF_OFFLINE_OR_MAINTENANCE, d.FAULTY_DEVICE_SHARE)
    faulty = rng.random(devs.height) < faulty_p

    tz = locs["timezone"].to_numpy()[location_row]
    last_seen = devs["last_seen_at"].dt.epoch("us").to_numpy()
    plan = account_plan(ctx)
    account_row = devs["account_id"].to_numpy() - 1
    account_end = np.where(plan["churned"].to_numpy(), plan["churn_us"].to_numpy(), ctx.horizon_us)[
        account_row
    ]
    active_from = devs["installed_at"].dt.epoch("us").to_numpy()
    # Pours stop at the last heartbeat, at churn, or at the horizon, whichever is first.
    active_to = np.minimum(np.minimum(last_seen, account_end), ctx.horizon_us - 1)
    utc_offset_h = np.array([d.UTC_OFFSET_HOURS[z] for z in tz.tolist()])
    observes_dst = ~np.isin(tz, d.NO_DST_TIMEZONES)
    churn_us = plan["latent_churn_us"].to_numpy()[account_row]
    expected = expected_events(
        ctx,
        daily_rate,
        faulty,
        venue_of_location[location_row],
        (active_from, active_to),
        (utc_offset_h, observes_dst),
        churn_us,
    )
    # With a few hundred devices, which venues and install dates a seed draws moves the total
    # by ±20%; scaling every rate by one factor keeps the table at its size for every seed
    # (at qa and prod the factor is within a percent or two of 1).
    daily_rate = daily_rate * (ctx.size.tap_events_target / expected.sum())
    return DeviceProfile(
        device_id=devs["device_id"].to_numpy(),
        location_id=devs["location_id"].to_numpy(),
        account_id=devs["account_id"].to_numpy(),
        venue=venue_of_location[location_row],
        utc_offset_h=utc_offset_h,
        observes_dst=observes_dst,
        daily_rate=daily_rate,
        faulty=faulty,
        anomaly_share=np.where(faulty, d.FAULTY_ANOMALY_SHARE, d.HEALTHY_ANOMALY_SHARE),
        maintenance=status == "maintenance",
        active_from_us=active_from,
        active_to_us=active_to,
        heartbeat_to_us=np.minimum(last_seen, ctx.horizon_us - 1),
        last_seen_us=last_seen,
        churn_us=churn_us,
    )


def churn_fade(profile: DeviceProfile, rows: slice | np.ndarray, day_us: int) -> np.ndarray:
    """How much of its usual rate each device pours on the day starting `day_us`: 1 until
    CHURN_FADE_DAYS before its account's churn, then down linearly to CHURN_FADE_FLOOR."""
    return _fade(profile.churn_us[rows], day_us)


def _fade(churn_us: np.ndarray, day_us: int) -> np.ndarray:
    left = (churn_us - day_us) / (d.CHURN_FADE_DAYS * MICROS_PER_DAY)
    return np.clip(left, d.CHURN_FADE_FLOOR, 1.0)


def tap_days_us(ctx: GenerationContext) -> np.ndarray:
    """Start (UTC) of each day of tap history, oldest first."""
    first = ctx.window_start_us(ctx.size.tap_history_days)
    days = ctx.window_days(ctx.size.tap_history_days)
    return first + np.arange(days, dtype=np.int64) * MICROS_PER_DAY


def expected_events(
    ctx: GenerationContext,
    daily_rate: np.ndarray,
    faulty: np.ndarray,
    venue: np.ndarray,
    active: tuple[np.ndarray, np.ndarray],
    clock: tuple[np.ndarray, np.ndarray],
    churn_us: np.ndarray,
) -> np.ndarray:
    """Expected pours per device over the tap history before the anchor: its rate times each
    day's factor,
    times the share of that local day's pours (by the venue's hourly profile) falling while
    it was active, faded towards its account's churn, less a faulty device's gap days.
    `active` is (from, to) in UTC microseconds, `clock` the (UTC offset hours, observes DST)
    of its location, `churn_us` its account's churn date."""
    active_from_us, active_to_us = active
    with_zero = np.hstack([np.zeros((len(HOUR_CDF), 1)), HOUR_CDF])[venue]
    rows = np.arange(len(daily_rate))

    def share_before(local_us: np.ndarray) -> np.ndarray:
        hours = np.clip(local_us / MICROS_PER_HOUR, 0.0, 24.0)
        whole = np.minimum(hours.astype(np.int64), 23)
        low, high = with_zero[rows, whole], with_zero[rows, whole + 1]
        return low + (hours - whole) * (high - low)

    total = np.zeros(len(daily_rate))
    # The environment's target holds over the window's days before the anchor (all of it when
    # the anchor is the story's end); days after it pour at the same rates.
    days = tap_days_us(ctx)
    for day_us in days[days < ctx.anchor_us].tolist():
        local_start = day_us - local_offset_us(*clock, day_us)
        share = share_before(active_to_us - local_start) - share_before(
            active_from_us - local_start
        )
        fade = _fade(churn_us, day_us)
        total += day_factors(day_us) * np.clip(share, 0.0, 1.0) * fade
    return daily_rate * total * np.where(faulty, 1.0 - d.FAULTY_GAP_DAY_SHARE, 1.0)


def local_offset_us(
    profile_offset_h: np.ndarray, observes_dst: np.ndarray, day_us: int
) -> np.ndarray:
    """UTC offset of each device's local clock on the day starting at `day_us` (UTC)."""
    day_of_year = (
        np.datetime64(day_us, "us").astype("datetime64[D]")
        - np.datetime64(day_us, "us").astype("datetime64[Y]")
    ).astype(int)
    dst = observes_dst & (d.DST_DAY_OF_YEAR[0] <= day_of_year < d.DST_DAY_OF_YEAR[1])
    return ((profile_offset_h + dst) * 3600 * 1_000_000).astype(np.int64)


def day_factors(day_us: int) -> float:
    day = np.datetime64(day_us, "us").astype("datetime64[D]")
    weekday = (day.astype(int) + 3) % 7  # 1970-01-01 was a Thursday
    month = day.astype("datetime64[M]").astype(int) % 12
    return d.WEEKDAY_FACTOR[weekday] * d.MONTH_FACTOR[month]
