"""Web and product analytics: google_analytics_sessions, amplitude_events,
attribution_touchpoints and marketing_qualified_leads."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import go_to_market as g
from saas_datagen.generators.app_database import subscriptions
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.funnel import FUNNEL, funnel, touchpoints
from saas_datagen.schema import ForeignKey, RowContract, TableSpec, TemporalRule, columns

FORM_EVENT = {f[0]: f[2] for f in g.FORM_TYPES}
LIFECYCLE = {f[0]: f[3] for f in g.FORM_TYPES}


def _campaign_names(ctx: GenerationContext) -> pl.DataFrame:
    return funnel(ctx).campaigns.select("campaign_key", "campaign_name", "platform", "objective")


# GA sessions are written in slices of the funnel's sessions: the whole 6M-row prod table as
# one frame (strings and all) was the build's peak, 1.1 GB above the cached stories.
GA_SLICE_ROWS = 500_000
GA_DEVICES = np.array(["desktop", "mobile", "tablet"])
GA_PATHS = {
    "home": "/",
    "pricing": "/pricing",
    "product": "/product/tap-monitoring",
    "blog": "/blog/draft-beer-line-cleaning",
    "demo": "/demo",
    "signup": "/signup",
}


def ga_sessions(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    sessions = funnel(ctx).sessions
    names = _campaign_names(ctx)
    rng = ctx.rng(f"{FUNNEL}.ga")
    # one draw per session in session-key order, whatever the slicing
    device = rng.choice(len(GA_DEVICES), sessions.height, p=[0.52, 0.42, 0.06])
    order = sessions["session_key"].arg_sort()
    for start in range(0, sessions.height, GA_SLICE_ROWS):
        rows = slice(start, start + GA_SLICE_ROWS)
        part = sessions[order[rows]].join(
            names, on="campaign_key", how="left", maintain_order="left"
        )
        yield part.select(
            session_id="session_key",
            user_pseudo_id=pl.format(
                "{}.{}", "visitor_key", pl.col("visitor_key") * 7919 % 1_000_003
            ),
            session_start=_ts("started_us"),
            session_date="date",
            source="source",
            medium="medium",
            campaign=pl.coalesce("campaign_name", pl.lit("(not set)")),
            landing_page_type="landing_page_type",
            landing_page_path=pl.col("landing_page_type").replace_strict(GA_PATHS),
            device_category=pl.Series(GA_DEVICES[device[rows]]),
            country=pl.lit("United States"),
            is_new_user="is_new_visitor",
            bounced="bounced",
            pageviews="pageviews",
            engagement_time_seconds="duration_seconds",
            converted=pl.col("lead_key").is_not_null(),
        )


def amplitude_frame(ctx: GenerationContext) -> pl.DataFrame:
    def build(ctx: GenerationContext) -> pl.DataFrame:
        fun = funnel(ctx)
        forms = fun.leads.filter(pl.col("form_type").is_not_null())
        converting = (
            fun.sessions.filter(pl.col("lead_key").is_not_null())
            .select("lead_key", "session_key", "visitor_key", session_us="started_us")
            .join(
                fun.sessions.filter(pl.col("lead_key").is_not_null())
                .join(_campaign_names(ctx), on="campaign_key", how="left")
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
        events = (
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
        return events

    return ctx.cached(f"{FUNNEL}.amplitude", build)


def form_submission_ids(events: pl.DataFrame) -> pl.DataFrame:
    """The amplitude event that is each lead's form fill."""
    form_events = list(FORM_EVENT.values())
    return events.filter(
        pl.col("event_type").is_in(form_events)
        & (pl.col("event_type") == pl.col("form_type").replace_strict(FORM_EVENT))
    ).select("lead_key", form_submission_id=pl.format("ins-{}", "event_key"))


def amplitude_events(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    events = amplitude_frame(ctx)
    props = pl.concat_str(
        pl.lit('{"form_type":"'),
        pl.col("form_type").fill_null(""),
        pl.lit('","trial_path":"'),
        pl.col("trial_path").fill_null(""),
        pl.lit('","utm_source":"'),
        pl.col("source").fill_null(""),
        pl.lit('","utm_medium":"'),
        pl.col("medium").fill_null(""),
        pl.lit('","utm_campaign":"'),
        pl.col("utm_campaign").fill_null(""),
        pl.lit('","product_sku":"'),
        pl.col("product_sku").fill_null(""),
        pl.lit('","amount":"'),
        pl.col("amount").cast(pl.String).fill_null(""),
        pl.lit('"}'),
    )
    yield events.select(
        insert_id=pl.format("ins-{}", "event_key"),
        event_id="event_key",
        event_type="event_type",
        event_time=_ts("event_us"),
        user_id="email",
        device_id=pl.format("dev-{}", "visitor_key"),
        session_id=pl.col("session_key"),
        event_properties=props,
        platform=pl.lit("Web"),
        country=pl.lit("United States"),
    )


def attribution(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    names = _campaign_names(ctx)
    written = 0
    for chunk in touchpoints(funnel(ctx)):
        touches = chunk.join(names, on="campaign_key", how="left", maintain_order="left")
        yield touches.with_row_index("touchpoint_id", offset=written + 1).select(
            pl.col("touchpoint_id").cast(pl.Int64),
            conversion_id="journey_lead_key",
            conversion_type="form_type",
            converted_at=_ts("converted_us"),
            session_id="session_key",
            touched_at=_ts("started_us"),
            source="source",
            medium="medium",
            campaign_name="campaign_name",
            campaign_platform="platform",
            touch_position=pl.col("position") + 1,
            journey_touches="touches",
            attribution_model="attribution_model",
            weight="weight",
        )
        written += touches.height


def mqls(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    leads = funnel(ctx).leads.filter("is_mql").sort("mql_us", "lead_key")
    last_touch = (
        funnel(ctx)
        .sessions.filter(pl.col("lead_key").is_not_null())
        .join(_campaign_names(ctx), on="campaign_key", how="left")
        .select("lead_key", "source", "medium", "campaign_name")
    )
    yield (
        leads.join(last_touch, on="lead_key", how="left")
        .with_row_index("mql_id", offset=1)
        .select(
            pl.col("mql_id").cast(pl.Int64),
            lead_id="lead_key",
            email="email",
            company_name="company_name",
            form_type="form_type",
            trial_path="trial_path",
            lifecycle_stage=pl.col("form_type").replace_strict(LIFECYCLE),
            source="source",
            medium="medium",
            campaign_name="campaign_name",
            lead_created_at=_ts("created_us"),
            qualified_at=_ts("mql_us"),
        )
    )


# --- iterable -------------------------------------------------------------------------------


SESSIONS = TableSpec(
    source="google_analytics",
    table="sessions",
    description="Web sessions (GA4-style): source/medium/campaign, landing page, bounce.",
    primary_key="session_id",
    generate=ga_sessions,
    contract=lambda size: RowContract(size.ga_sessions, tolerance=0.1),
    freshness_column="session_start",
    # Its checks compare session campaigns with every platform's campaigns.
    depends_on=(
        "google_ads_campaign_history",
        "facebook_ads_campaign_history",
        "linkedin_ads_campaign_history",
        "iterable_campaign",
    ),
    columns=columns(
        """
        session_id bigint Session key.
        user_pseudo_id text Anonymous visitor id (cookie).
        session_start timestamptz Session start.
        session_date date Day.
        source text utm_source or referrer.
        medium text cpc, paid_social, email, organic, referral or (none).
        campaign text utm_campaign ((not set) when unpaid).
        landing_page_type text home, pricing, product, blog, demo or signup.
        landing_page_path text Landing page path.
        device_category text desktop, mobile or tablet.
        country text Country.
        is_new_user boolean First session of this visitor.
        bounced boolean Single-page visit without engagement.
        pageviews integer Pages viewed.
        engagement_time_seconds integer Engaged time.
        converted boolean Ended in a form fill.
        """
    ),
)

AMPLITUDE = TableSpec(
    source="amplitude",
    table="events",
    description="Product analytics events: form fills, trial and conversion events, logins.",
    primary_key="insert_id",
    generate=amplitude_events,
    contract=lambda size: RowContract(round(size.ga_sessions * 0.1), tolerance=0.5),
    freshness_column="event_time",
    depends_on=("google_analytics_sessions",),
    columns=columns(
        """
        insert_id text Deduplication id (ins-...).
        event_id bigint Event sequence number.
        event_type text trial_started, demo_request_submit, ..., trial_converted, purchase, login.
        event_time timestamptz When it happened.
        user_id text? User (email) once known.
        device_id text Anonymous device id.
        session_id bigint? Web session it happened in.
        event_properties text JSON text: form_type, trial_path, utm_*, product_sku, amount.
        platform text Web.
        country text Country.
        """
    ),
)

TOUCHPOINTS = TableSpec(
    source="attribution",
    table="touchpoints",
    description="Multi-touch journeys: every session before a form fill, weighted per model.",
    primary_key="touchpoint_id",
    generate=attribution,
    # DESIGN.md sizes touchpoints 15k/750k/3M, i.e. half as fast as accounts from dev to qa;
    # journeys here follow the accounts (converted trials), so the contract scales with
    # accounts from the dev figure (150 rows per account).
    contract=lambda size: RowContract(
        round(size.touchpoints * size.accounts / 100 / (size.touchpoints / 15_000)), tolerance=0.15
    ),
    foreign_keys=(
        ForeignKey("session_id", "google_analytics_sessions", "session_id"),
        ForeignKey("conversion_id", "pipedrive_lead", "id"),
    ),
    temporal_rules=(TemporalRule("converted_at", "session_id", "session_start"),),
    columns=columns(
        """
        touchpoint_id bigint Row key.
        conversion_id bigint The converting lead (pipedrive_lead.id).
        conversion_type text Form type of the conversion.
        converted_at timestamptz Form fill time.
        session_id bigint The touch (a web session).
        touched_at timestamptz Session start.
        source text Touch source.
        medium text Touch medium.
        campaign_name text? Paid campaign of the touch.
        campaign_platform text? Ad platform of the touch.
        touch_position integer 1 = first touch.
        journey_touches integer Touches in the journey.
        attribution_model text first_touch, last_touch, linear, time_decay or position_based.
        weight double_precision Credit of this touch under the model (sums to 1 per conversion).
        """
    ),
)

MQLS = TableSpec(
    source="marketing",
    table="qualified_leads",
    description="Marketing-qualified leads: the most sales-ready form fills.",
    primary_key="mql_id",
    generate=mqls,
    contract=lambda size: RowContract(size.mqls, tolerance=0.1),
    foreign_keys=(ForeignKey("lead_id", "pipedrive_lead", "id"),),
    temporal_rules=(TemporalRule("qualified_at", "lead_id", "add_time"),),
    freshness_column="qualified_at",
    columns=columns(
        """
        mql_id bigint Row key.
        lead_id bigint Lead (pipedrive_lead.id).
        email text Contact email.
        company_name text Company.
        form_type text Form that qualified them.
        trial_path text? Trial path for trial sign-ups.
        lifecycle_stage text Stage implied by the form.
        source text? Last-touch source.
        medium text? Last-touch medium.
        campaign_name text? Last-touch campaign.
        lead_created_at timestamptz Lead creation.
        qualified_at timestamptz When marketing qualified it.
        """
    ),
)

SPECS = (SESSIONS, AMPLITUDE, TOUCHPOINTS, MQLS)
