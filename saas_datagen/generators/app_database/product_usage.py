"""raw.app_database_features, _user_sessions, _page_views and _feature_usage: how customers
use the TapFlow app.

Activity is generated per day of the usage window, each day seeded from (seed, table, day),
so any batching gives the same rows and big environments stream. A user's sessions follow
their role (admins daily, staff less), their account's engagement (trialing accounts
explore, past-due ones drift away, churning ones fade out over the last weeks) and stop at
the user's last login, which is the last session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.errors import UserFacingError
from saas_datagen.generators import anomalies, timeline
from saas_datagen.generators.app_database import users
from saas_datagen.generators.app_database.account_plan import account_plan
from saas_datagen.generators.context import (
    MICROS_PER_DAY,
    GenerationContext,
    micros_to_timestamp,
)
from saas_datagen.schema import (
    ForeignKey,
    RowContract,
    TableSpec,
    TemporalRule,
    UnitStream,
    columns,
)

PROFILE = "app_database_usage_profile"
SESSIONS = "app_database_user_sessions"
PAGE_VIEWS = "app_database_page_views"
FEATURE_USAGE = "app_database_feature_usage"
# Ids are day * ID_STRIDE + position. A decimal stride on purpose: with a power of two,
# PostgreSQL's int8 hash (low word XOR high word) gave 50k dev session ids only 6k distinct
# hashes, and a hash aggregate over them (dbt's unique test) ran 20 s instead of 20 ms.
ID_STRIDE = 10**8
# App activity is generated in units of (day, block of USERS_PER_BLOCK users). Every size up to
# prod has one block a day (prod: 120k users), its data as it always was; `export --scale`
# splits a day's users into blocks, so a unit, and a worker's memory, stays a prod day's size.
USERS_PER_BLOCK = 250_000
# A block's ids are day * ID_STRIDE + block * BLOCK_ID_STRIDE + position: ten blocks a day.
BLOCK_ID_STRIDE = 10**7
HOUR_US = 3_600_000_000
ROLES = tuple(d.SESSION_RATE_BY_ROLE)
DEVICES = ("desktop", "mobile", "tablet")
_HOUR_CDF = np.cumsum(d.SESSION_HOUR_WEIGHTS) / sum(d.SESSION_HOUR_WEIGHTS)
_PAGES = np.array([p[0] for p in d.PAGES[1:]])
_PAGE_CDF = np.cumsum([p[1] for p in d.PAGES[1:]]) / sum(p[1] for p in d.PAGES[1:])
_TIER_RANK = {t: i for i, t in enumerate(d.TIERS)}


@dataclass(frozen=True)
class UsageProfile:
    user_id: np.ndarray
    account_id: np.ndarray
    role: np.ndarray  # index into ROLES
    tier: np.ndarray  # tier rank
    created_us: np.ndarray
    last_login_us: np.ndarray  # -1 if never logged in
    rate: np.ndarray  # sessions per weekday (users.py: role x engagement x the env's scale)
    churn_us: np.ndarray  # the account's churn date, past or still ahead (usage fades to it)
    window_start_us: int


def usage_profile(ctx: GenerationContext) -> UsageProfile:
    return ctx.cached(PROFILE, _profile)


def _profile(ctx: GenerationContext) -> UsageProfile:
    frame = users.build(ctx).join(
        account_plan(ctx).select("account_id", "tier", "latent_churn_us"), on="account_id"
    )
    role = np.array([ROLES.index(r) for r in frame["role"].to_list()])
    return UsageProfile(
        user_id=frame["user_id"].to_numpy(),
        account_id=frame["account_id"].to_numpy(),
        role=role,
        tier=np.array([_TIER_RANK[t] for t in frame["tier"].to_list()]),
        created_us=frame["created_at"].dt.epoch("us").to_numpy(),
        last_login_us=frame["last_login_at"].dt.epoch("us").fill_null(-1).to_numpy(),
        rate=frame["_session_rate"].to_numpy(),
        # Usage fades towards the account's churn, also one still ahead of the horizon: the
        # people of an account about to leave already use the app less.
        churn_us=frame["latent_churn_us"].to_numpy(),
        window_start_us=ctx.window_start_us(ctx.size.usage_history_days),
    )


def user_blocks(ctx: GenerationContext) -> int:
    """How many blocks of users a day of app activity is generated in."""
    blocks = -(-ctx.size.users // USERS_PER_BLOCK)
    if blocks > ID_STRIDE // BLOCK_ID_STRIDE:
        raise UserFacingError(
            f"{ctx.size.users:,} users are more than app usage ids allow "
            f"({ID_STRIDE // BLOCK_ID_STRIDE * USERS_PER_BLOCK:,}): choose a smaller --scale"
        )
    return blocks


def _unit_rng(ctx: GenerationContext, stream: str, day: int, block: int) -> np.random.Generator:
    # block 0 keeps the stream a day always had, so one-block sizes keep their data
    return ctx.rng(stream if block == 0 else f"{stream}.block{block}", day)


def _unit_ids(day: int, block: int, n: int) -> np.ndarray:
    return day * ID_STRIDE + block * BLOCK_ID_STRIDE + np.arange(n, dtype=np.int64)


def day_sessions(
    ctx: GenerationContext, profile: UsageProfile, day: int, block: int = 0
) -> pl.DataFrame:
    """All sessions of one day of the window by one block of users (the unit every usage
    table derives from)."""
    rng = _unit_rng(ctx, SESSIONS, day, block)
    block_rows = slice(block * USERS_PER_BLOCK, (block + 1) * USERS_PER_BLOCK)
    first = block_rows.start
    created_us, last_login_us = profile.created_us[block_rows], profile.last_login_us[block_rows]
    churn_us = profile.churn_us[block_rows]
    start = profile.window_start_us + day * MICROS_PER_DAY
    end = start + MICROS_PER_DAY
    weekday = ((start // MICROS_PER_DAY) + 3) % 7  # 1970-01-01 was a Thursday
    weekend = d.WEEKEND_USAGE_FACTOR if weekday >= 5 else 1.0
    fade_span = d.CHURN_FADE_DAYS * MICROS_PER_DAY
    fade = np.where(
        churn_us > 0,
        np.clip((churn_us - start) / fade_span, d.CHURN_FADE_FLOOR, 1.0),
        1.0,
    )
    active = (created_us < end) & (last_login_us >= start)
    injected = anomalies.multiplier(ctx, "sessions", day)
    rate = profile.rate[block_rows] * fade * weekend * injected
    counts = rng.poisson(np.where(active, rate, 0.0))
    who = first + np.repeat(np.arange(len(counts)), counts)
    hour = np.searchsorted(_HOUR_CDF, rng.random(len(who)), side="right")
    started = start + hour * HOUR_US + (rng.random(len(who)) * HOUR_US).astype(np.int64)
    # Nothing before the user existed or after their last login; the last login is a session.
    keep = (started >= profile.created_us[who]) & (started < profile.last_login_us[who])
    anchors = first + np.flatnonzero((last_login_us >= start) & (last_login_us < end))
    who = np.concatenate([who[keep], anchors])
    started = np.concatenate([started[keep], profile.last_login_us[anchors]])
    order = np.lexsort((who, started))
    who, started = who[order], started[order]
    n = len(who)
    role = profile.role[who]
    device_cdf = np.cumsum(
        [[d.DEVICE_TYPE_BY_ROLE[r][dev] for dev in DEVICES] for r in ROLES], axis=1
    )
    device = (rng.random(n)[:, None] > device_cdf[role]).sum(axis=1)
    median = np.array(list(d.SESSION_MINUTES_MEDIAN_BY_ROLE.values()))[role]
    seconds = np.maximum(median * 60 * rng.lognormal(0, 0.7, n), 20).astype(np.int64)
    # A session still open at the horizon is cut there: nothing happens after as_of.
    seconds = np.maximum(np.minimum(seconds, (ctx.horizon_us - started) // 1_000_000 - 1), 1)
    return pl.DataFrame(
        {
            "session_id": _unit_ids(day, block, n),
            "user_id": profile.user_id[who],
            "account_id": profile.account_id[who],
            "user_row": who,
            "started_us": started,
            "duration_seconds": seconds,
            "device_type": np.array(DEVICES)[device],
            "pages": 1 + rng.poisson(d.PAGES_PER_SESSION_EXTRA_MEAN, n),
            "features": rng.poisson(d.FEATURES_PER_SESSION_MEAN, n),
        }
    )


def usage_units(ctx: GenerationContext) -> list[tuple[int, int]]:
    """(day, block of users) for every day of the window."""
    blocks = user_blocks(ctx)
    start_us = ctx.window_start_us(ctx.size.usage_history_days)
    days = timeline.days_begun(ctx, start_us, ctx.window_days(ctx.size.usage_history_days))
    return [(day, block) for day in range(days) for block in range(blocks)]


# A chunk of `units_per_chunk` units holds about this many rows (a tap-event unit's size).
ROWS_PER_UNIT = 25_000


def usage_unit_day_us(ctx: GenerationContext, unit: tuple[int, int]) -> int:
    """Midnight UTC starting a usage unit's day."""
    return ctx.window_start_us(ctx.size.usage_history_days) + unit[0] * MICROS_PER_DAY


def units_per_usage_chunk(ctx: GenerationContext) -> int:
    """Usage units per chunk: a prod day is ~555k page views, so eight of them (two chunks in
    flight) held 2 GB; chunks keep to the tap events' size."""
    units = ctx.window_days(ctx.size.usage_history_days) * user_blocks(ctx)
    page_views_per_unit = ctx.size.page_views / units
    return max(1, round(ctx.units_per_chunk * ROWS_PER_UNIT / page_views_per_unit))


def _by_unit(build_unit) -> Callable[[GenerationContext, list[tuple[int, int]]], pl.DataFrame]:
    """A chunk of usage: the units' rows, each built by `build_unit`."""

    def build(ctx: GenerationContext, units: list[tuple[int, int]]) -> pl.DataFrame:
        profile = usage_profile(ctx)
        return pl.concat([build_unit(ctx, profile, day, block) for day, block in units])

    return build


# A cut-off shows the app activity that began at least this long before it: a session still
# open at the cut-off has then lasted at least a second when it is cut there, as a last login
# keeps this margin before the story's end.
CUT_MARGIN_US = users.LAST_LOGIN_MARGIN_US


def shown_before_us(ctx: GenerationContext) -> int:
    """App activity at a cut-off is what began before this instant."""
    return ctx.cutoff_us - CUT_MARGIN_US


def _cut_sessions(ctx: GenerationContext, sessions: pl.DataFrame) -> pl.DataFrame:
    """The sessions begun before the cut-off, one still open there cut at it (as the story
    cuts a session open at its end)."""
    started_us = pl.col("started_at").dt.epoch("us")
    seconds = pl.min_horizontal(
        "duration_seconds", (ctx.cutoff_us - started_us) // 1_000_000 - 1
    ).cast(pl.Int64)
    return sessions.filter(started_us < shown_before_us(ctx)).with_columns(
        duration_seconds=seconds,
        ended_at=micros_to_timestamp(started_us + seconds * 1_000_000),
    )


def _cut_at(column: str) -> timeline.Cut:
    """The page views or feature actions of the sessions a cut-off shows: those begun before
    the margin (a session's first page opens with it, later ones after it)."""

    def cut(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(pl.col(column).dt.epoch("us") < shown_before_us(ctx))

    return cut


def last_sessions_before(ctx: GenerationContext, before_us: int) -> np.ndarray:
    """Each user's (profile row's) last session begun before `before_us`, -1 if none in the
    usage window before it: its days read backwards from `before_us`, only as far as a user
    still needs one (the last login at a cut-off, app_database_users)."""
    profile = usage_profile(ctx)
    last = np.full(len(profile.user_id), -1, dtype=np.int64)
    pending = (profile.last_login_us >= before_us) & (profile.created_us < before_us)
    day = (before_us - 1 - profile.window_start_us) // MICROS_PER_DAY
    while pending.any() and day >= 0:
        for block in range(user_blocks(ctx)):
            sessions = day_sessions(ctx, profile, int(day), block)
            sessions = sessions.filter(pl.col("started_us") < before_us)
            latest = sessions.group_by("user_row").agg(pl.col("started_us").max())
            rows = latest["user_row"].to_numpy()
            found = rows[pending[rows]]
            last[found] = latest["started_us"].to_numpy()[pending[rows]]
            pending[found] = False
        day -= 1
    return last


def _sessions_table(
    ctx: GenerationContext, profile: UsageProfile, day: int, block: int
) -> pl.DataFrame:
    sessions = day_sessions(ctx, profile, day, block)
    return sessions.select(
        "session_id",
        "user_id",
        "account_id",
        started_at=pl.col("started_us").cast(pl.Datetime("us", "UTC")),
        ended_at=(pl.col("started_us") + pl.col("duration_seconds") * 1_000_000).cast(
            pl.Datetime("us", "UTC")
        ),
        duration_seconds="duration_seconds",
        device_type="device_type",
        page_views="pages",
        features_used="features",
    )


def day_page_views(
    ctx: GenerationContext, profile: UsageProfile, day: int, block: int = 0
) -> pl.DataFrame:
    sessions = day_sessions(ctx, profile, day, block)
    rng = _unit_rng(ctx, PAGE_VIEWS, day, block)
    rows = (
        sessions.select(
            "session_id", "user_id", "account_id", "started_us", "duration_seconds", "pages"
        )
        .with_columns(seq=pl.int_ranges(0, "pages"))
        .explode("seq")
    )
    n = rows.height
    page = np.where(
        rows["seq"].to_numpy() == 0,
        d.PAGES[0][0],
        _PAGES[np.searchsorted(_PAGE_CDF, rng.random(n), side="right").clip(0, len(_PAGES) - 1)],
    )
    share = rng.exponential(1.0, n)
    return (
        rows.with_columns(page_path=pl.Series(page), share=pl.Series(share))
        .with_columns(
            time_on_page_seconds=(
                pl.col("share")
                / pl.col("share").sum().over("session_id")
                * pl.col("duration_seconds")
            ).round(1)
        )
        .with_columns(
            offset=(
                pl.col("time_on_page_seconds").cum_sum().over("session_id")
                - pl.col("time_on_page_seconds")
            )
        )
        .select(
            page_view_id=day * ID_STRIDE
            + block * BLOCK_ID_STRIDE
            + pl.int_range(0, pl.len(), dtype=pl.Int64),
            session_id="session_id",
            user_id="user_id",
            account_id="account_id",
            page_path="page_path",
            viewed_at=(pl.col("started_us") + (pl.col("offset") * 1_000_000).cast(pl.Int64)).cast(
                pl.Datetime("us", "UTC")
            ),
            sequence_number=pl.col("seq") + 1,
            time_on_page_seconds="time_on_page_seconds",
            is_entrance=pl.col("seq") == 0,
            is_exit=pl.col("seq") == pl.col("pages") - 1,
        )
    )


def feature_catalog(ctx: GenerationContext) -> pl.DataFrame:
    start = ctx.days_before_horizon_us(d.HISTORY_YEARS * 365.25)
    rows = [
        (i + 1, key, name, category, tier, start + days * MICROS_PER_DAY, beta, popularity, error)
        for i, (key, name, category, tier, days, beta, popularity, error) in enumerate(d.FEATURES)
    ]
    frame = pl.DataFrame(
        rows,
        schema=[
            "feature_id",
            "feature_key",
            "feature_name",
            "category",
            "minimum_tier",
            "released_us",
            "beta_days",
            "popularity",
            "error_rate",
        ],
        orient="row",
    )
    return frame.with_columns(ga_us=pl.col("released_us") + pl.col("beta_days") * MICROS_PER_DAY)


def day_feature_usage(
    ctx: GenerationContext, profile: UsageProfile, day: int, block: int = 0
) -> pl.DataFrame:
    sessions = day_sessions(ctx, profile, day, block)
    rng = _unit_rng(ctx, FEATURE_USAGE, day, block)
    catalog = feature_catalog(ctx)
    rows = sessions.with_columns(i=pl.int_ranges(0, "features")).explode("i").drop_nulls("i")
    n = rows.height
    if n == 0:
        return _empty_usage()
    tier = profile.tier[rows["user_row"].to_numpy()]
    day_us = profile.window_start_us + day * MICROS_PER_DAY
    released = catalog["released_us"].to_numpy()
    since = (day_us - released) / MICROS_PER_DAY
    adoption = np.where(
        since >= 0,
        1 / (1 + np.exp(-(since - d.ADOPTION_MIDPOINT_DAYS) / d.ADOPTION_SCALE_DAYS)),
        0.0,
    )
    weight = catalog["popularity"].to_numpy() * adoption
    minimum = np.array([_TIER_RANK[t] for t in catalog["minimum_tier"].to_list()])
    allowed = tier[:, None] >= minimum[None, :]
    # Higher tiers lean on the advanced features they pay for.
    lean = 1 + 0.5 * (minimum[None, :] > 0) * tier[:, None]
    w = allowed * weight[None, :] * lean
    cdf = np.cumsum(w, axis=1)
    total = cdf[:, -1:]
    pick = (rng.random(n)[:, None] * total > cdf).sum(axis=1).clip(0, len(catalog) - 1)
    error = catalog["error_rate"].to_numpy()[pick] * np.where(
        day_us < catalog["ga_us"].to_numpy()[pick], 2.0, 1.0
    )
    failed = rng.random(n) < error
    offset = (rng.random(n) * rows["duration_seconds"].to_numpy() * 1_000_000).astype(np.int64)
    return (
        pl.DataFrame(
            {
                "usage_id": _unit_ids(day, block, n),
                "session_id": rows["session_id"].to_numpy(),
                "user_id": rows["user_id"].to_numpy(),
                "account_id": rows["account_id"].to_numpy(),
                "feature_id": catalog["feature_id"].to_numpy()[pick],
                "used_at": rows["started_us"].to_numpy() + offset,
                "duration_ms": (rng.lognormal(7.5, 0.8, n)).astype(np.int64),
                "outcome": np.where(failed, "error", "success"),
                "error_code": rng.choice(["timeout", "validation", "sync_failed"], n),
            }
        )
        .filter(pl.Series(total[:, 0] > 0))
        .with_columns(
            pl.col("used_at").cast(pl.Datetime("us", "UTC")),
            error_code=pl.when(pl.col("outcome") == "error").then("error_code"),
        )
    )


def _empty_usage() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "usage_id": pl.Int64,
            "session_id": pl.Int64,
            "user_id": pl.Int64,
            "account_id": pl.Int64,
            "feature_id": pl.Int64,
            "used_at": pl.Datetime("us", "UTC"),
            "duration_ms": pl.Int64,
            "outcome": pl.String,
            "error_code": pl.String,
        }
    )


def generate_features(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield feature_catalog(ctx).select(
        "feature_id",
        "feature_key",
        "feature_name",
        "category",
        "minimum_tier",
        released_at=pl.col("released_us").cast(pl.Datetime("us", "UTC")),
        generally_available_at=pl.col("ga_us").cast(pl.Datetime("us", "UTC")),
    )


USER_FKS = (
    ForeignKey("user_id", "app_database_users", "user_id"),
    ForeignKey("account_id", "app_database_accounts", "account_id"),
)

FEATURES = TableSpec(
    source="app_database",
    table="features",
    description="The product's features: category, minimum tier, release and GA dates.",
    primary_key="feature_id",
    generate=generate_features,
    # A feature appears in the catalogue when it is released (beta); its GA date is planned.
    cut=timeline.before_cutoff("released_at"),
    contract=lambda size: RowContract(len(d.FEATURES)),
    freshness_column=None,
    columns=columns(
        """
        feature_id bigint Primary key.
        feature_key text Stable key used in code.
        feature_name text Display name.
        category text monitoring, inventory, reporting, maintenance, integrations, analytics…
        minimum_tier text Lowest tier that has it.
        released_at timestamptz Released (beta).
        generally_available_at timestamptz Out of beta.
        """
    ),
)

USER_SESSIONS = TableSpec(
    source="app_database",
    table="user_sessions",
    description="App sessions: who logged in, when, from which device, for how long.",
    primary_key="session_id",
    stream=UnitStream(
        usage_units, _by_unit(_sessions_table), units_per_usage_chunk, usage_unit_day_us
    ),
    cut=_cut_sessions,
    contract=lambda size: RowContract(size.user_sessions, tolerance=0.1),
    foreign_keys=USER_FKS,
    temporal_rules=(TemporalRule("started_at", "user_id", "created_at"),),
    freshness_column="started_at",
    day_partitioned=True,
    index_foreign_keys=False,
    columns=columns(
        """
        session_id bigint Primary key (grows with the day).
        user_id bigint User.
        account_id bigint Account (denormalised).
        started_at timestamptz Login.
        ended_at timestamptz Last activity.
        duration_seconds integer Session length.
        device_type text desktop, mobile or tablet.
        page_views integer Pages viewed in the session.
        features_used integer Feature actions in the session.
        """
    ),
)

PAGE_VIEW_TABLE = TableSpec(
    source="app_database",
    table="page_views",
    description="Page views within app sessions: page flow, time on page, entrances and exits.",
    primary_key="page_view_id",
    stream=UnitStream(
        usage_units, _by_unit(day_page_views), units_per_usage_chunk, usage_unit_day_us
    ),
    cut=_cut_at("viewed_at"),
    contract=lambda size: RowContract(size.page_views, tolerance=0.1),
    foreign_keys=(ForeignKey("session_id", "app_database_user_sessions", "session_id"), *USER_FKS),
    temporal_rules=(TemporalRule("viewed_at", "session_id", "started_at"),),
    freshness_column="viewed_at",
    day_partitioned=True,
    index_foreign_keys=False,
    columns=columns(
        """
        page_view_id bigint Primary key.
        session_id bigint Session.
        user_id bigint User.
        account_id bigint Account.
        page_path text Page.
        viewed_at timestamptz When the page opened.
        sequence_number integer Position in the session (1 = entrance).
        time_on_page_seconds double_precision Time on the page.
        is_entrance boolean First page of the session.
        is_exit boolean Last page of the session.
        """
    ),
)

FEATURE_USAGE_TABLE = TableSpec(
    source="app_database",
    table="feature_usage",
    description="Feature actions: adoption after release, more advanced features on higher "
    "tiers, success or error.",
    primary_key="usage_id",
    stream=UnitStream(
        usage_units, _by_unit(day_feature_usage), units_per_usage_chunk, usage_unit_day_us
    ),
    cut=_cut_at("used_at"),
    contract=lambda size: RowContract(size.feature_usage, tolerance=0.1),
    foreign_keys=(
        ForeignKey("session_id", "app_database_user_sessions", "session_id"),
        ForeignKey("feature_id", "app_database_features", "feature_id"),
        *USER_FKS,
    ),
    temporal_rules=(
        TemporalRule("used_at", "session_id", "started_at"),
        TemporalRule("used_at", "feature_id", "released_at"),
    ),
    freshness_column="used_at",
    day_partitioned=True,
    index_foreign_keys=False,
    columns=columns(
        """
        usage_id bigint Primary key.
        session_id bigint Session.
        user_id bigint User.
        account_id bigint Account.
        feature_id bigint Feature.
        used_at timestamptz When.
        duration_ms bigint How long the action took.
        outcome text success or error.
        error_code text? timeout, validation or sync_failed.
        """
    ),
)

SPECS = (FEATURES, USER_SESSIONS, PAGE_VIEW_TABLE, FEATURE_USAGE_TABLE)
