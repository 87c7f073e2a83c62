"""raw.amplitude_events: what Amplitude records, for prospects, trials and customers.

Three parts share one table and one id space:
- the funnel's milestones (form fills, contact-sales clicks, trial conversions, purchases,
  expiries, trial logins), drawn from the funnel; lead ids point at their form fill;
- what trial users do after each login (pages, button clicks, searches, the upgrade click
  before a self-service conversion, logouts);
- customers' behaviour in the app since Amplitude went in (`AMPLITUDE_APP_TRACKING_DAYS`):
  every app page view and feature click of those days is an event (the same sessions as
  the app database's rows), plus searches, upgrade and contact-sales clicks and logouts.
  It streams a day at a time, each day seeded from (seed, table, day), like the app's usage.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.config import go_to_market as g
from saas_datagen.generators.app_database import product_usage, subscriptions, users
from saas_datagen.generators.app_database.product_usage import (
    BLOCK_ID_STRIDE,
    ID_STRIDE,
    ROLES,
    UsageProfile,
    usage_profile,
)
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.funnel import FUNNEL, campaign_names, funnel
from saas_datagen.generators.parallel import stream_chunks
from saas_datagen.schema import RowContract, TableSpec, columns

TABLE = "amplitude_events"
FORM_EVENT = {f[0]: f[2] for f in g.FORM_TYPES}
# event_id ranges: funnel milestones count from 1, trial behaviour and app behaviour above.
TRIAL_ID_BASE = 10**11
APP_ID_BASE = 10**12
MINUTE_US = 60_000_000
_TRIAL_PAGES = np.array([p[0] for p in d.PAGES])
_TRIAL_PAGE_P = np.array([max(p[1], 0.2) for p in d.PAGES]) / sum(max(p[1], 0.2) for p in d.PAGES)
_UPGRADE_ROLES = np.array([r in ("admin", "manager") for r in ROLES])
_TOP_TIER = len(d.TIERS) - 1
_BUSINESS_TIER = d.TIERS.index("business")


def amplitude_frame(ctx: GenerationContext) -> pl.DataFrame:
    """The funnel's milestones, one row each, keyed `event_key` in time order."""

    def build(ctx: GenerationContext) -> pl.DataFrame:
        fun = funnel(ctx)
        forms = fun.leads.filter(pl.col("form_type").is_not_null())
        converting = (
            fun.sessions.filter(pl.col("lead_key").is_not_null())
            .select("lead_key", "session_key", "visitor_key", session_us="started_us")
            .join(
                fun.sessions.filter(pl.col("lead_key").is_not_null())
                .join(
                    campaign_names(ctx).select("campaign_key", "campaign_name"),
                    on="campaign_key",
                    how="left",
                )
                .select("lead_key", "source", "medium", utm_campaign="campaign_name"),
                on="lead_key",
            )
        )
        base = forms.join(converting, on="lead_key", how="left")
        rng = ctx.rng(f"{FUNNEL}.amplitude")
        form = base.select(
            "lead_key",
            "visitor_key",
            "session_key",
            "email",
            "form_type",
            "trial_path",
            "source",
            "medium",
            "utm_campaign",
            event_type=pl.col("form_type").replace_strict(FORM_EVENT),
            event_us="created_us",
        )
        trials = base.filter(pl.col("form_type") == "trial_signup")
        sales = trials.filter(pl.col("trial_path") == "sales_assisted")
        clicked = sales.select(
            "lead_key",
            "visitor_key",
            "session_key",
            "email",
            "form_type",
            "trial_path",
            event_type=pl.lit("contact_sales_clicked"),
            event_us=pl.col("created_us")
            + pl.Series((rng.uniform(0.05, 2.0, sales.height) * MICROS_PER_DAY).astype(np.int64)),
        )
        converted = trials.filter(pl.col("outcome") == "converted").select(
            "lead_key",
            "visitor_key",
            "session_key",
            "email",
            "form_type",
            "trial_path",
            "account_id",
            event_type=pl.lit("trial_converted"),
            event_us="conversion_us",
        )
        first_sub = (
            subscriptions.build(ctx)
            .sort("started_at")
            .group_by("account_id", maintain_order=True)
            .first()
            .select("account_id", "plan_tier", "billing_interval", "amount_cents", "trial_end_at")
        )
        purchase = (
            converted.join(first_sub, on="account_id")
            .with_columns(
                event_type=pl.lit("purchase"),
                event_us=pl.col("trial_end_at").dt.epoch("us"),
                product_sku=pl.col("plan_tier").str.to_uppercase(),
                amount=pl.col("amount_cents") / 100,
            )
            .filter(pl.col("event_us") < ctx.horizon_us)
        )
        expired = trials.filter(pl.col("outcome") == "expired").select(
            "lead_key",
            "visitor_key",
            "session_key",
            "email",
            "form_type",
            "trial_path",
            event_type=pl.lit("trial_expired"),
            event_us=pl.col("created_us") + 14 * MICROS_PER_DAY,
        )
        # Logins during the trial (a few per trial user): the product's engagement signal.
        logins = (
            trials.filter(pl.col("outcome") != "expired")
            .select(
                "lead_key",
                "visitor_key",
                "email",
                "form_type",
                "trial_path",
                "created_us",
                n=pl.Series(
                    rng.integers(2, 7, trials.filter(pl.col("outcome") != "expired").height)
                ),
            )
            .with_columns(i=pl.int_ranges(0, "n"))
            .explode("i")
        )
        logins = logins.with_columns(
            event_type=pl.lit("login"),
            event_us=pl.col("created_us")
            + pl.Series((rng.uniform(0.02, 13.9, logins.height) * MICROS_PER_DAY).astype(np.int64)),
        ).drop("n", "i", "created_us")
        return (
            pl.concat(
                [
                    form,
                    clicked,
                    converted.drop("account_id"),
                    purchase.drop(
                        "account_id",
                        "plan_tier",
                        "billing_interval",
                        "amount_cents",
                        "trial_end_at",
                    ),
                    expired,
                    logins,
                ],
                how="diagonal_relaxed",
            )
            .filter(pl.col("event_us") < ctx.horizon_us)
            .sort("event_us", "lead_key", "event_type")
            .with_columns(event_key=pl.int_range(1, pl.len() + 1, dtype=pl.Int64))
        )

    return ctx.cached(f"{FUNNEL}.amplitude", build)


def form_submission_ids(events: pl.DataFrame) -> pl.DataFrame:
    """The amplitude event that is each lead's form fill."""
    form_events = list(FORM_EVENT.values())
    return events.filter(
        pl.col("event_type").is_in(form_events)
        & (pl.col("event_type") == pl.col("form_type").replace_strict(FORM_EVENT))
    ).select("lead_key", form_submission_id=pl.format("ins-{}", "event_key"))


def _json(**fields: pl.Expr) -> pl.Expr:
    """A flat JSON object of text values (null values become empty strings)."""
    parts: list[pl.Expr] = [pl.lit("{")]
    for i, (name, value) in enumerate(fields.items()):
        parts += [pl.lit(("," if i else "") + f'"{name}":"'), value.cast(pl.String).fill_null("")]
        parts.append(pl.lit('"'))
    return pl.concat_str([*parts, pl.lit("}")])


def _behaviour_properties(button_key: str) -> pl.Expr:
    """A behavioural event's properties from its `detail`: the page viewed, the button (trials)
    or feature (customers) clicked, the search query, the plan an upgrade or contact-sales
    click came from."""
    kind, detail = pl.col("event_type"), pl.col("detail")
    return (
        pl.when(kind == "page_view")
        .then(_json(page_path=detail))
        .when(kind == "button_click")
        .then(_json(**{button_key: detail}))
        .when(kind == "search")
        .then(_json(query=detail))
        .when(kind.is_in(["upgrade_button_clicked", "contact_sales_clicked"]))
        .then(_json(current_plan=detail))
        .otherwise(pl.lit("{}"))
    )


def _milestones(ctx: GenerationContext) -> pl.DataFrame:
    events = amplitude_frame(ctx)
    return events.select(
        event_id="event_key",
        event_type="event_type",
        event_us="event_us",
        user_id="email",
        device_id=pl.format("dev-{}", "visitor_key"),
        session_id=pl.col("session_key"),
        event_properties=_json(
            form_type=pl.col("form_type"),
            trial_path=pl.col("trial_path"),
            utm_source=pl.col("source"),
            utm_medium=pl.col("medium"),
            utm_campaign=pl.col("utm_campaign"),
            product_sku=pl.col("product_sku"),
            amount=pl.col("amount"),
        ),
        platform=pl.lit("Web"),
    )


def _trial_behaviour(ctx: GenerationContext) -> pl.DataFrame:
    """What each trial login leads to: pages, clicks, a search, the logout; and the upgrade
    click minutes before a self-service trial converts."""
    events = amplitude_frame(ctx)
    rng = ctx.rng(f"{TABLE}.trials")
    logins = events.filter(pl.col("event_type") == "login").sort("event_key")
    n = logins.height
    minutes = g.AMPLITUDE_TRIAL_SESSION_MINUTES * rng.lognormal(0.0, 0.6, n)
    length_us = np.maximum(minutes * MINUTE_US, MINUTE_US).astype(np.int64)
    kinds = {
        "page_view": 1 + rng.poisson(g.AMPLITUDE_TRIAL_EXTRA_PAGES_MEAN, n),
        "button_click": rng.poisson(g.AMPLITUDE_TRIAL_CLICKS_MEAN, n),
        "search": (rng.random(n) < g.AMPLITUDE_SEARCH_SHARE).astype(np.int64),
        "logout": (rng.random(n) < g.AMPLITUDE_LOGOUT_SHARE).astype(np.int64),
    }
    parts = []
    for kind, counts in kinds.items():
        row = np.repeat(np.arange(n), counts)
        offset = (
            length_us[row]
            if kind == "logout"
            else (rng.random(len(row)) * length_us[row]).astype(np.int64)
        )
        parts.append(
            pl.DataFrame(
                {"row": row, "event_type": np.full(len(row), kind), "offset_us": offset},
                schema={"row": pl.Int64, "event_type": pl.String, "offset_us": pl.Int64},
            )
        )
    acts = pl.concat(parts)
    m = acts.height
    detail = np.where(
        acts["event_type"].to_numpy() == "page_view",
        rng.choice(_TRIAL_PAGES, m, p=_TRIAL_PAGE_P),
        np.where(
            acts["event_type"].to_numpy() == "button_click",
            rng.choice(np.array(g.AMPLITUDE_TRIAL_BUTTONS), m),
            rng.choice(np.array(g.AMPLITUDE_SEARCH_TERMS), m),
        ),
    )
    behaviour = (
        acts.with_columns(detail=pl.Series(detail))
        .join(
            logins.select("lead_key", "visitor_key", "email", "event_us")
            .with_row_index("row", offset=0)
            .with_columns(pl.col("row").cast(pl.Int64)),
            on="row",
        )
        .with_columns(event_us=pl.col("event_us") + pl.col("offset_us"))
    )
    self_service = funnel(ctx).leads.filter(
        (pl.col("outcome") == "converted") & (pl.col("trial_path") == "self_service")
    )
    upgrades = self_service.select(
        "lead_key",
        "email",
        event_type=pl.lit("upgrade_button_clicked"),
        event_us=pl.col("conversion_us")
        - pl.Series(rng.integers(2, 30, self_service.height) * MINUTE_US),
        detail=pl.lit("trial"),
    ).join(
        events.filter(pl.col("event_type") == "trial_converted").select("lead_key", "visitor_key"),
        on="lead_key",
    )
    both = pl.concat([behaviour.drop("row", "offset_us"), upgrades], how="diagonal_relaxed").filter(
        pl.col("event_us") < ctx.horizon_us
    )
    kind = pl.col("event_type")
    return both.sort("event_us", "lead_key", "event_type", "detail").select(
        event_id=TRIAL_ID_BASE + pl.int_range(1, pl.len() + 1, dtype=pl.Int64),
        event_type=kind,
        event_us="event_us",
        user_id="email",
        device_id=pl.format("dev-{}", "visitor_key"),
        session_id=pl.lit(None, pl.Int64),
        event_properties=_behaviour_properties(button_key="button"),
        platform=pl.lit("Web"),
    )


def tracked_units(ctx: GenerationContext) -> list[tuple[int, int]]:
    """The app-usage units (day, block of users) of the days Amplitude saw (the window's last
    AMPLITUDE_APP_TRACKING_DAYS)."""
    history = ctx.size.usage_history_days
    first = max(0, history - g.AMPLITUDE_APP_TRACKING_DAYS)
    return [(day, block) for day, block in product_usage.usage_units(ctx) if day >= first]


def _app_unit(
    ctx: GenerationContext, profile: UsageProfile, emails: pl.DataFrame, day: int, block: int
) -> pl.DataFrame:
    """One day of one block of customers' app behaviour as Amplitude events."""
    sessions = product_usage.day_sessions(ctx, profile, day, block)
    rng = ctx.rng(TABLE if block == 0 else f"{TABLE}.block{block}", day)
    n = sessions.height
    who = sessions["user_row"].to_numpy()
    tier, role = profile.tier[who], profile.role[who]
    length_us = sessions["duration_seconds"].to_numpy() * 1_000_000
    extras = {
        "search": rng.random(n) < g.AMPLITUDE_SEARCH_SHARE,
        "upgrade_button_clicked": (rng.random(n) < g.AMPLITUDE_UPGRADE_CLICK_SHARE)
        & (tier < _TOP_TIER)
        & _UPGRADE_ROLES[role],
        "contact_sales_clicked": (rng.random(n) < g.AMPLITUDE_CONTACT_SALES_SHARE)
        & (tier == _BUSINESS_TIER)
        & (role == ROLES.index("admin")),
        "logout": rng.random(n) < g.AMPLITUDE_LOGOUT_SHARE,
    }
    at = (rng.random((len(extras), n)) * length_us).astype(np.int64)
    extra = pl.concat(
        [
            sessions.filter(pl.Series(happened)).select(
                "session_id",
                event_type=pl.lit(kind),
                event_us=pl.col("started_us")
                + pl.Series(length_us[happened] if kind == "logout" else at[i][happened]),
                detail=pl.Series(
                    rng.choice(np.array(g.AMPLITUDE_SEARCH_TERMS), int(happened.sum()))
                    if kind == "search"
                    else np.array(d.TIERS)[tier[happened]]
                ),
            )
            for i, (kind, happened) in enumerate(extras.items())
        ]
    )
    pages = product_usage.day_page_views(ctx, profile, day, block).select(
        "session_id",
        event_type=pl.lit("page_view"),
        event_us=pl.col("viewed_at").dt.epoch("us"),
        detail="page_path",
    )
    keys = product_usage.feature_catalog(ctx).select("feature_id", "feature_key")
    clicks = (
        product_usage.day_feature_usage(ctx, profile, day, block)
        .join(keys, on="feature_id", how="left")
        .select(
            "session_id",
            event_type=pl.lit("button_click"),
            event_us=pl.col("used_at").dt.epoch("us"),
            detail="feature_key",
        )
    )
    kind = pl.col("event_type")
    return (
        pl.concat([pages, clicks, extra])
        .filter(pl.col("event_us") < ctx.horizon_us)
        .join(sessions.select("session_id", "user_id", "device_type"), on="session_id", how="left")
        .join(emails, on="user_id", how="left")
        .sort("event_us", "session_id", "event_type", "detail")
        .select(
            event_id=APP_ID_BASE
            + day * ID_STRIDE
            + block * BLOCK_ID_STRIDE
            + pl.int_range(0, pl.len(), dtype=pl.Int64),
            event_type=kind,
            event_us="event_us",
            user_id="email",
            device_id=pl.format("app-{}-{}", "user_id", "device_type"),
            session_id="session_id",
            event_properties=_behaviour_properties(button_key="feature"),
            platform=pl.col("device_type").replace_strict(dict(g.AMPLITUDE_PLATFORM)),
        )
    )


def _published(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        insert_id=pl.format("ins-{}", "event_id"),
        event_id="event_id",
        event_type="event_type",
        event_time=_ts("event_us"),
        user_id="user_id",
        device_id="device_id",
        session_id="session_id",
        event_properties="event_properties",
        platform="platform",
        country=pl.lit("United States"),
    )


def generate(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _published(_milestones(ctx))
    yield _published(_trial_behaviour(ctx))
    profile = usage_profile(ctx)
    emails = users.build(ctx).select("user_id", "email")
    yield from stream_chunks(
        tracked_units(ctx),
        lambda units: _published(
            pl.concat([_app_unit(ctx, profile, emails, day, block) for day, block in units])
        ),
        product_usage.units_per_usage_chunk(ctx),
        ctx.workers,
    )


def _cut(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The events before the cut-off; the app's behaviour only as far as the app's own rows
    show it (begun a margin before the cut-off), so each event still mirrors one of them."""
    shown_before = pl.when(pl.col("event_id") >= APP_ID_BASE).then(
        product_usage.shown_before_us(ctx)
    )
    before_us = shown_before.otherwise(ctx.cutoff_us)
    return frame.filter(pl.col("event_time").dt.epoch("us") < before_us)


def _expected_rows(size, share: float = 1.0, past_anchor: int = 0) -> int:
    """Milestones and trial behaviour (~0.13 per GA session), plus the tracked share of the
    app's page views and feature uses and the extras of its sessions. At a cut-off: the
    growth model's `share` of the milestones, and the app's days tracked since the anchor's
    last AMPLITUDE_APP_TRACKING_DAYS (`past_anchor` days on)."""
    days = min(g.AMPLITUDE_APP_TRACKING_DAYS, size.usage_history_days)
    tracked = (days + past_anchor) / size.usage_history_days
    per_session = g.AMPLITUDE_SEARCH_SHARE + g.AMPLITUDE_LOGOUT_SHARE
    app = tracked * (size.page_views + size.feature_usage + size.user_sessions * per_session)
    return round(size.ga_sessions * 0.13 * share + app)


SPEC = TableSpec(
    source="amplitude",
    table="events",
    description="Product analytics events: the funnel's milestones, trial users' and "
    "customers' behaviour in the app (page views, clicks, searches, upgrade and "
    "contact-sales clicks, logouts).",
    primary_key="insert_id",
    generate=generate,
    cut=_cut,
    contract=lambda size: RowContract(_expected_rows(size), tolerance=0.3),
    contract_at_cut=lambda size, share, past_anchor: RowContract(
        _expected_rows(size, share, past_anchor), tolerance=0.3
    ),
    freshness_column="event_time",
    depends_on=(
        "google_analytics_sessions",
        "app_database_users",
        "app_database_page_views",
        "app_database_feature_usage",
    ),
    columns=columns(
        """
        insert_id text Deduplication id (ins-<event_id>).
        event_id bigint Event id: milestones from 1, trial behaviour 1e11+, app 1e12+.
        event_type text A funnel milestone (form fill, trial_converted, purchase, ...) or behaviour.
        event_time timestamptz When it happened.
        user_id text? User (email) once known: the lead's, or the app user's.
        device_id text dev-<visitor> on the website, app-<user>-<device> in the app.
        session_id bigint? Web session (milestones), app session (customers) or null (trials).
        event_properties text>jsonb JSON text: utm_*, form_type, ... (milestones); page_path, etc.
        platform text Web, iOS or Android.
        country text Country.
        """
    ),
)
