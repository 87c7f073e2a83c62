"""raw.google_analytics_sessions: every website visit of the funnel, as GA4 reports it."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.generators import timeline
from saas_datagen.generators.context import GenerationContext
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.funnel import (
    FUNNEL,
    campaign_names,
    funnel,
)
from saas_datagen.schema import RowContract, TableSpec, columns

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
    names = campaign_names(ctx)
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


def _filled_after_cutoff(ctx: GenerationContext) -> pl.Series:
    """`session_key` of the converting sessions whose form fill came after the cut-off."""
    story = funnel(ctx)
    return (
        story.sessions.filter(pl.col("lead_key").is_not_null())
        .join(story.leads.select("lead_key", "created_us"), on="lead_key")
        .filter(pl.col("created_us") >= ctx.cutoff_us)["session_key"]
    )


def _cut(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The sessions begun before the cut-off; one whose form fill (minutes after it began)
    came after the cut-off has not converted yet, as its lead is not there yet. The table
    is cut slice by slice: the sessions filled later are found once per context."""
    filled_later = ctx.cached(f"{FUNNEL}.ga_filled_after_cutoff", _filled_after_cutoff)
    return frame.filter(pl.col("session_start") < timeline.cutoff(ctx)).with_columns(
        converted=pl.col("converted") & ~pl.col("session_id").is_in(filled_later.implode())
    )


SPEC = TableSpec(
    source="google_analytics",
    table="sessions",
    description="Web sessions (GA4-style): source/medium/campaign, landing page, bounce.",
    primary_key="session_id",
    generate=ga_sessions,
    cut=_cut,
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
        converted boolean Ended in a form fill (once it happened).
        """
    ),
)
