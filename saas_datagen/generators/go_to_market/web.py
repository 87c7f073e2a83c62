"""Web analytics and marketing: google_analytics_sessions, attribution_touchpoints and
marketing_qualified_leads (Amplitude has its own module)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import go_to_market as g
from saas_datagen.generators.context import GenerationContext
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

SPECS = (SESSIONS, TOUCHPOINTS, MQLS)
