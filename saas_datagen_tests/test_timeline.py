"""The timeline (docs/timeline.md): stories run to a fixed end and `as_of` only cuts them,
so what a table holds before a day is the same at every later cut-off."""

from __future__ import annotations

import dataclasses
import functools
from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

from saas_datagen.config.environments import size_for
from saas_datagen.generators import amplitude
from saas_datagen.generators.amplitude import APP_ID_BASE
from saas_datagen.generators.app_database import accounts
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext
from saas_datagen.generators.go_to_market.funnel import funnel
from saas_datagen.registry import BY_NAME, TABLES, TRUTH_TABLES
from saas_datagen.schema import TableSpec

SEED = 42
STORY_END = date(2026, 11, 22)
ANCHOR = STORY_END - timedelta(days=60)
EARLY = ANCHOR + timedelta(days=10)
LATER = STORY_END - timedelta(days=20)
# Activity shown at a cut-off began this long before it (product_usage.CUT_MARGIN_US).
MARGIN = pl.duration(seconds=2)
APP_TABLES = [spec for spec in TABLES if spec.source == "app_database"]
# Every table with a cut so far (docs/timeline.md: the rest are refused in a story with an end).
CUT_TABLES = [spec for spec in (*TABLES, *TRUTH_TABLES) if spec.cut is not None]


def _midnight(day: date) -> pl.Expr:
    return pl.datetime(day.year, day.month, day.day, time_zone="UTC")


@functools.cache
def _context(
    as_of: date, story_end: date | None, anchor: date | None, inject_anomalies: bool
) -> GenerationContext:
    """One context per configuration, so its stories are built once for every table (as in
    a build)."""
    return GenerationContext(
        seed=SEED,
        env="dev",
        as_of=as_of,
        story_end=story_end,
        anchor=anchor,
        inject_anomalies=inject_anomalies,
    )


def _table(
    spec: TableSpec,
    as_of: date,
    story_end: date | None,
    anchor: date | None = None,
    inject_anomalies: bool = False,
) -> pl.DataFrame:
    ctx = _context(as_of, story_end, anchor, inject_anomalies)
    frames = list(spec.frames(ctx))
    empty = pl.DataFrame(schema={column.name: column.polars_type for column in spec.columns})
    return pl.concat(frames) if frames else empty


@pytest.fixture(scope="module")
def cuts() -> dict[str, dict[date, pl.DataFrame]]:
    """Every table with a cut at the two cut-offs of one anchored story (with the labelled
    metric anomalies, so that their truth has rows)."""
    return {
        spec.name: {day: _table(spec, day, STORY_END, ANCHOR, True) for day in (EARLY, LATER)}
        for spec in CUT_TABLES
    }


# Which rows of a table at a later cut-off were settled by an earlier one `t`: nothing about
# them changes after `t`, so the earlier cut-off shows them whole.
SETTLED = {
    "app_database_accounts": lambda t: pl.col("updated_at") < t,
    "app_database_locations": lambda t: pl.col("opened_at") < t,
    "app_database_users": lambda t: (
        (pl.col("created_at") < t)
        & (pl.col("last_login_at").is_null() | (pl.col("last_login_at") < t - MARGIN))
        & (pl.col("deactivated_at").is_null() | (pl.col("deactivated_at") < t))
    ),
    "app_database_role_permissions": lambda t: pl.lit(True),
    # Online devices phone home every few minutes; the quiet ones stay as they went quiet.
    "app_database_devices": lambda t: pl.col("last_seen_at") < t,
    "app_database_subscriptions": lambda t: pl.col("updated_at") < t,
    "app_database_subscription_add_ons": lambda t: (
        (pl.col("started_at") < t) & (pl.col("ended_at").is_null() | (pl.col("ended_at") < t))
    ),
    "app_database_tap_events": lambda t: pl.col("tapped_at") < t,
    "app_database_device_telemetry": lambda t: pl.col("recorded_at") < t,
    "app_database_features": lambda t: pl.col("released_at") < t,
    # A session still open at a cut-off is shown cut there: settled once it ended.
    "app_database_user_sessions": lambda t: pl.col("ended_at") < t - pl.duration(seconds=1),
    "app_database_page_views": lambda t: pl.col("viewed_at") < t - MARGIN,
    "app_database_feature_usage": lambda t: pl.col("used_at") < t - MARGIN,
    "pipedrive_lead": lambda t: pl.col("update_time") < t,
    "pipedrive_deal": lambda t: pl.col("close_time") < t,
    "pipedrive_activity": lambda t: pl.col("due_time") < t,
    "marketing_qualified_leads": lambda t: pl.col("qualified_at") < t,
    "attribution_touchpoints": lambda t: pl.col("converted_at") < t,
    # A converting session converts at its form fill, up to 25 minutes after it began.
    "google_analytics_sessions": lambda t: pl.col("session_start") < t - pl.duration(minutes=25),
    # The app's behaviour in Amplitude is cut as the app's own rows are, a margin earlier.
    "amplitude_events": lambda t: (
        pl.col("event_time")
        < pl.when(pl.col("event_id") >= APP_ID_BASE).then(t - MARGIN).otherwise(t)
    ),
    # The truth: an account's latent variables stay, its state moves until it churns.
    "account_churn": lambda t: pl.col("churned_at") < t,
    "device_faults": lambda t: pl.col("fault_to") < t,
    "device_fault_days": lambda t: pl.col("fault_date").cast(UTC_DATETIME) < t,
    "injected_metric_anomalies": lambda t: pl.col("last_day").cast(UTC_DATETIME) < t,
    # A lead's true outcome is known from its creation: every row is settled once it exists.
    "lead_outcomes": lambda t: pl.lit(True),
}
UTC_DATETIME = pl.Datetime("us", "UTC")
# A connector's row is settled once synced: it changed before its sync.
SYNCED = lambda t: pl.col("_fivetran_synced") < t - pl.duration(minutes=1)  # noqa: E731


def _settled(spec: TableSpec):
    if spec.name in SETTLED:
        return SETTLED[spec.name]
    assert "_fivetran_synced" in spec.column_names, f"{spec.name} needs a settled rule"
    return SYNCED


# Dates a table plans ahead (a billing period's end, a trial's end, a feature's GA): they may
# lie after the cut-off. Every other time in a table at a cut-off comes before it.
PLANNED = {
    "current_period_end",
    "trial_end_at",
    "generally_available_at",
    "stop_time",  # a Meta campaign's scheduled end
    "end_time",  # a Meta ad set's scheduled end
    "_fivetran_end",  # history mode: the far future while a version is current
    "end",  # a Stripe discount's end, its coupon's months on
    "period_end",  # a Stripe invoice's (and line's) billing period
    "available_on",  # a Stripe balance movement's funds
    "arrival_date",  # a Stripe payout's arrival at the bank
    "billing_cycle_anchor",  # a Stripe subscription's first paid day (its trial's end)
    "trial_end",
    "due_time",  # a Pipedrive activity planned ahead
    "latent_churn_at",  # the truth: the churn an account is heading for
    "usage_fade_from",
}
# Fivetran's history mode flags an entity's latest version and ends it when the next one
# arrives: those columns are compared apart (the cut sets them from the versions it shows).
FLAGS = ["_fivetran_active", "_fivetran_end"]
# A link a row gains when its parent appears (an activity moves onto its lead's deal once the
# deal is added): the row is settled only once the parent was there too.
LINKS = {"pipedrive_activity": ("deal_id", "pipedrive_deal", "add_time")}
# Tables whose rows never change once they exist (and say nothing of when they appeared).
EXISTING_ONLY = {"lead_outcomes"}
# Tables a connector refreshes every day (HubSpot reprocesses its lists): nothing settles.
REFRESHED = {"hubspot_contact_list"}
# The app keeps a week of telemetry: a later cut-off has dropped the oldest readings.
RETAINED = {"app_database_device_telemetry"}


def test_every_app_table_has_a_cut_and_every_cut_table_a_settled_rule():
    assert all(spec.cut is not None for spec in APP_TABLES)
    assert set(SETTLED) <= {spec.name for spec in CUT_TABLES}
    for spec in CUT_TABLES:
        _settled(spec)


@pytest.mark.parametrize("spec", CUT_TABLES, ids=lambda spec: spec.name)
def test_a_table_cut_at_the_story_end_is_the_uncut_story(spec: TableSpec):
    assert _table(spec, STORY_END, STORY_END).equals(_table(spec, STORY_END, None))


@pytest.mark.parametrize("spec", CUT_TABLES, ids=lambda spec: spec.name)
def test_a_table_shows_nothing_after_its_cutoff(spec: TableSpec, cuts):
    early = cuts[spec.name][EARLY]
    times = [
        name
        for name, dtype in early.schema.items()
        if isinstance(dtype, pl.Datetime) and name not in PLANNED
    ]
    for column in times:
        assert early.filter(pl.col(column) > _midnight(EARLY)).is_empty(), column
    days = [name for name, dtype in early.schema.items() if dtype == pl.Date]
    for column in days:
        assert early.filter(pl.col(column) >= EARLY).is_empty(), column


@pytest.mark.parametrize("spec", CUT_TABLES, ids=lambda spec: spec.name)
def test_rows_settled_before_a_cutoff_are_the_same_at_every_later_cutoff(spec: TableSpec, cuts):
    early, later = cuts[spec.name][EARLY], cuts[spec.name][LATER]
    keys = list(spec.key_columns)
    settled = later.filter(_settled(spec)(_midnight(EARLY)))
    if spec.name in EXISTING_ONLY:
        settled = settled.join(early.select(keys), on=keys, how="semi")
    if spec.name in LINKS:
        column, parent, appeared = LINKS[spec.name]
        after = cuts[parent][LATER].filter(pl.col(appeared) >= _midnight(EARLY))
        settled = settled.join(after.select(pl.col("id").alias(column)), on=column, how="anti")
    if spec.name in RETAINED:
        early = early.filter(pl.col("recorded_at") >= _midnight(LATER) - pl.duration(days=7))
    elif "_fivetran_synced" not in keys:
        # The later cut-off keeps every row the earlier one showed.
        assert early.join(later, on=keys, how="anti").is_empty()
    assert not settled.is_empty() or spec.name in RETAINED | REFRESHED
    shown_early = early.join(settled.select(keys), on=keys, how="semi").sort(keys)
    flags = [column for column in FLAGS if column in early.columns]
    assert settled.sort(keys).drop(flags).equals(shown_early.drop(flags))
    if "_fivetran_active" in flags:
        version = spec.key_columns[1]
        latest = pl.col(version) == pl.col(version).max().over(spec.key_columns[0])
        assert early["_fivetran_active"].equals(early.select(latest)[version])


@pytest.mark.parametrize("spec", CUT_TABLES, ids=lambda spec: spec.name)
def test_a_table_at_a_cutoff_refers_only_to_rows_there(spec: TableSpec, cuts):
    """Foreign keys and temporal rules hold inside one cut-off, as a build checks them."""
    child = cuts[spec.name][EARLY]
    for fk in spec.foreign_keys:
        assert fk.parent in cuts, f"{spec.name} is cut before its parent {fk.parent}"
        parent = cuts[fk.parent][EARLY].select(pl.col(fk.parent_column).alias(fk.column))
        orphans = child.drop_nulls(fk.column).join(parent, on=fk.column, how="anti")
        assert orphans.is_empty(), f"{fk.column} -> {fk.parent}"
    for rule in spec.temporal_rules:
        fk = spec.foreign_key_for(rule.via)
        parent = cuts[fk.parent][EARLY].select(
            pl.col(fk.parent_column).alias(rule.via), pl.col(rule.parent_column).alias("_parent")
        )
        early = child.join(parent, on=rule.via).filter(pl.col(rule.column) < pl.col("_parent"))
        assert early.is_empty(), f"{rule.column} before {fk.parent}.{rule.parent_column}"


def test_a_users_last_login_at_a_cutoff_is_their_last_session_before_it(cuts):
    sessions = cuts["app_database_user_sessions"][EARLY]
    users = cuts["app_database_users"][EARLY]
    last = sessions.group_by("user_id").agg(pl.col("started_at").max())
    joined = last.join(users, on="user_id")
    assert joined.height == last.height > 0
    assert (joined["started_at"] == joined["last_login_at"]).all()


def test_amplitude_at_a_cutoff_records_only_page_views_the_app_shows(cuts):
    pages = cuts["amplitude_events"][EARLY].filter(
        (pl.col("event_id") >= APP_ID_BASE) & (pl.col("event_type") == "page_view")
    )
    app = cuts["app_database_page_views"][EARLY].select("session_id", event_time="viewed_at")
    assert pages.height > 0
    assert pages.join(app, on=["session_id", "event_time"], how="anti").is_empty()


def test_a_web_session_at_a_cutoff_converted_only_if_its_lead_is_there():
    """A converting session begun minutes before a midnight whose form fill came after it:
    cut at that midnight, the session is there, not converted, and has no lead yet."""
    story = funnel(_context(STORY_END, STORY_END, None, False))
    fills = story.sessions.join(story.leads.select("lead_key", "created_us"), on="lead_key")
    midnight = pl.col("created_us") - pl.col("created_us") % MICROS_PER_DAY
    straddling = fills.filter(pl.col("started_us") < midnight).sort("session_key")
    assert straddling.height > 0
    session = straddling.row(0, named=True)
    day = datetime.fromtimestamp(session["created_us"] // 1_000_000, UTC).date()
    cut = {
        name: _table(BY_NAME[name], day, STORY_END)
        for name in ("google_analytics_sessions", "pipedrive_lead")
    }
    shown = cut["google_analytics_sessions"].filter(pl.col("session_id") == session["session_key"])
    assert shown["converted"].to_list() == [False]
    leads = cut["pipedrive_lead"].filter(pl.col("form_type").is_not_null())
    assert cut["google_analytics_sessions"]["converted"].sum() == leads.height


def test_amplitude_cuts_the_apps_behaviour_a_margin_before_the_cutoff_and_milestones_at_it():
    ctx = _context(EARLY, STORY_END, ANCHOR, False)
    cutoff = datetime(EARLY.year, EARLY.month, EARLY.day, tzinfo=UTC)
    second_before = cutoff - timedelta(seconds=1)
    frame = pl.DataFrame(
        {"event_id": [7, APP_ID_BASE + 7], "event_time": [second_before, second_before]},
        schema={"event_id": pl.Int64, "event_time": UTC_DATETIME},
    )
    assert amplitude.SPEC.cut(ctx, frame)["event_id"].to_list() == [7]


def test_the_event_windows_hold_their_days_before_the_anchor_at_any_later_cutoff(cuts):
    size = size_for("dev")
    first_pour = cuts["app_database_tap_events"][EARLY]["tapped_at"].min()
    first_session = cuts["app_database_user_sessions"][EARLY]["started_at"].min()
    # The window's first day is the same at both cut-offs, so the later one adds days.
    assert first_pour == cuts["app_database_tap_events"][LATER]["tapped_at"].min()
    anchor = datetime(ANCHOR.year, ANCHOR.month, ANCHOR.day, tzinfo=UTC)
    assert first_pour < anchor - timedelta(days=size.tap_history_days - 1)
    assert first_session < anchor - timedelta(days=size.usage_history_days - 1)


def test_accounts_at_a_cutoff_are_in_trial_only_while_their_trial_runs(cuts):
    early = cuts["app_database_accounts"][EARLY]
    trial_started = pl.col("created_at") > _midnight(EARLY) - pl.duration(days=14)
    assert early.filter(trial_started).equals(early.filter(pl.col("account_status") == "trialing"))
    assert early.filter(pl.col("account_status") == "churned")["churned_at"].is_not_null().all()
    assert early.filter(pl.col("account_status") != "churned")["churned_at"].is_null().all()


def test_the_company_grows_between_cutoffs_and_accounts_move_on(cuts):
    early, later = (cuts["app_database_accounts"][day] for day in (EARLY, LATER))
    assert later.height > early.height
    moved = later.filter(pl.col("updated_at") >= _midnight(EARLY)).select(
        "account_id", "account_status"
    )
    before = early.join(moved, on="account_id", suffix="_later")
    assert (before["account_status"] != "churned").all()
    assert before.filter(pl.col("account_status_later") == "churned").height > 0


def test_a_table_without_a_cut_is_refused_in_a_story_with_an_end():
    uncut = dataclasses.replace(accounts.SPEC, table="uncut", cut=None)
    ctx = GenerationContext(seed=SEED, env="dev", as_of=EARLY, story_end=STORY_END)
    with pytest.raises(NotImplementedError, match="app_database_uncut has no timeline cut"):
        next(uncut.frames(ctx))


def test_every_table_has_a_cut():
    assert [spec.name for spec in (*TABLES, *TRUTH_TABLES) if spec.cut is None] == []


def test_an_as_of_after_the_story_end_is_refused():
    with pytest.raises(ValueError, match="after the story's end"):
        GenerationContext(seed=SEED, env="dev", as_of=STORY_END, story_end=EARLY)


def test_an_anchor_after_the_as_of_is_refused():
    with pytest.raises(ValueError, match="must fall on or before as_of"):
        GenerationContext(seed=SEED, env="dev", as_of=ANCHOR, story_end=STORY_END, anchor=EARLY)


def test_the_accounts_cut_is_declared_on_the_accounts_table():
    assert accounts.SPEC.cut is accounts.cut
