"""LinkedIn Ads, shaped like Fivetran's linkedin_ads connector (fivetran/linkedin reads it).

Account → campaign group → campaign → creative, versioned by `last_modified_time`. Daily
analytics per campaign and per creative (an exact split of the campaign's), and LinkedIn's
monthly demographic reports by member country and region with the `geo` lookup they key on.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.config import go_to_market as g
from saas_datagen.generators import timeline
from saas_datagen.generators.context import MICROS_PER_DAY, UTC_US, GenerationContext, synced_after
from saas_datagen.generators.go_to_market.ads import (
    ACCOUNT_ID,
    ID_BASE,
    campaign_versions,
    daily_contract,
    explode_children,
    platform_campaigns,
    platform_days,
    split_stats,
    synced_at,
    versions_contract,
)
from saas_datagen.generators.go_to_market.funnel import FUNNEL, funnel
from saas_datagen.schema import FIVETRAN_SYNCED, ForeignKey, RowContract, TableSpec, columns

PLATFORM = "linkedin_ads"
ACCOUNT = ACCOUNT_ID[PLATFORM]
SHARE = g.PLATFORM_SHARES[PLATFORM]
GROUPS = ("Acquisition", "Re-engagement", "Brand")
CREATIVES = {"single-image": 0.5, "carousel": 0.3, "video": 0.2}
# LinkedIn geo URNs: the United States, and a region id per state (LinkedIn reports member
# regions at state level for US audiences here).
US_GEO_ID = 103_644_278
STATE_GEO_BASE = 104_000_000
CAMPAIGNS_PER_CHUNK = 40


def _group_id(theme: pl.Expr) -> pl.Expr:
    return (
        pl.when(theme.str.starts_with("reeng"))
        .then(2)
        .when(theme == "acq-brand-awareness")
        .then(3)
        .otherwise(1)
        + ID_BASE[PLATFORM] // 1000
    )


def accounts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    start = funnel(ctx).campaigns["start_us"].min() - 30 * MICROS_PER_DAY
    yield pl.DataFrame(
        {
            "id": [ACCOUNT],
            "last_modified_time": [start],
            "name": ["TapFlow"],
            "currency": ["USD"],
            "status": ["ACTIVE"],
            "type": ["BUSINESS"],
            "created_time": [start],
            "version_tag": ["1"],
        }
    ).with_columns(
        pl.col("last_modified_time", "created_time").cast(UTC_US),
        synced_at(ctx, "last_modified_time"),
    )


def campaign_groups(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    start = funnel(ctx).campaigns["start_us"].min() - 20 * MICROS_PER_DAY
    n = len(GROUPS)
    yield pl.DataFrame(
        {
            "id": [ID_BASE[PLATFORM] // 1000 + i for i in range(1, n + 1)],
            "last_modified_time": [start] * n,
            "account_id": [ACCOUNT] * n,
            "name": list(GROUPS),
            "status": ["ACTIVE"] * n,
            "created_time": [start] * n,
            "run_schedule_start": [start] * n,
            "run_schedule_end": [None] * n,
            "backfilled": [False] * n,
        }
    ).with_columns(
        pl.col("last_modified_time", "created_time", "run_schedule_start", "run_schedule_end")
        .cast(pl.Int64)
        .cast(UTC_US),
        synced_at(ctx, "last_modified_time"),
    )


def campaigns(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    themes = platform_campaigns(ctx, PLATFORM).select("campaign_key", "theme")
    objective = pl.when(pl.col("theme").is_in(["acq-trial-signup", "acq-demo-request"]))
    yield (
        campaign_versions(ctx, PLATFORM)
        .join(themes, on="campaign_key")
        .select(
            id="campaign_id",
            last_modified_time="updated_at",
            account_id=pl.lit(ACCOUNT),
            campaign_group_id=_group_id(pl.col("theme")),
            name="campaign_name",
            status=pl.when(pl.col("status") == "ENDED")
            .then(pl.lit("COMPLETED"))
            .otherwise(pl.lit("ACTIVE")),
            type=pl.lit("SPONSORED_UPDATES"),
            format=pl.lit("STANDARD_UPDATE"),
            objective_type=objective.then(pl.lit("LEAD_GENERATION")).otherwise(
                pl.lit("WEBSITE_VISIT")
            ),
            optimization_target_type=objective.then(pl.lit("MAX_LEAD")).otherwise(
                pl.lit("MAX_CLICK")
            ),
            cost_type=pl.lit("CPC"),
            creative_selection=pl.lit("OPTIMIZED"),
            audience_expansion_enabled=pl.lit(False),
            offsite_delivery_enabled=pl.lit(False),
            daily_budget_amount="daily_budget",
            daily_budget_currency_code=pl.lit("USD"),
            unit_cost_amount=pl.lit(g.PLATFORM_METRICS[PLATFORM]["cpc"]),
            unit_cost_currency_code=pl.lit("USD"),
            locale_country=pl.lit("US"),
            locale_language=pl.lit("en"),
            run_schedule_start=pl.col("start_date").cast(UTC_US),
            run_schedule_end=pl.when(~pl.col("running")).then(pl.col("end_date").cast(UTC_US)),
            created_time=pl.col("start_date").cast(UTC_US),
            version_tag=pl.int_range(1, pl.len() + 1).over("campaign_id").cast(pl.String),
        )
        .with_columns(synced_at(ctx, "last_modified_time"))
    )


def creatives(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """Three creatives per campaign, each clicking through to the theme's landing page."""
    kinds = list(CREATIVES)
    frame = (
        platform_campaigns(ctx, PLATFORM)
        .with_columns(k=pl.lit(list(range(len(kinds))), dtype=pl.List(pl.Int64)))
        .explode("k")
        .with_columns(creative_id=pl.col("campaign_id") * 10 + pl.col("k") + 1)
    )
    created = pl.col("start_us").cast(UTC_US)
    modified = pl.when(pl.col("running")).then(created).otherwise(pl.col("end_us").cast(UTC_US))
    yield frame.select(
        id="creative_id",
        last_modified_time=modified,
        campaign_id="campaign_id",
        intended_status=pl.when(pl.col("running"))
        .then(pl.lit("ACTIVE"))
        .otherwise(pl.lit("PAUSED")),
        status=pl.when(pl.col("running")).then(pl.lit("ACTIVE")).otherwise(pl.lit("PAUSED")),
        click_uri=pl.format(
            "{}{}?utm_source=linkedin&utm_medium=paid_social&utm_campaign={}&utm_content={}",
            pl.lit(g.SITE),
            pl.col("theme").replace_strict(dict(g.THEME_LANDING_PATHS)),
            "campaign_name",
            pl.col("k").replace_strict(dict(enumerate(kinds))),
        ),
        text_ad_landing_page=pl.lit(None, pl.String),
        spotlight_landing_page=pl.lit(None, pl.String),
        created_time=created,
        created_at=created,
        last_modified_at=modified,
    ).with_columns(synced_at(ctx, "last_modified_time"))


# --- analytics ------------------------------------------------------------------------------


def _campaign_days(ctx: GenerationContext) -> pl.DataFrame:
    return (
        platform_days(ctx, PLATFORM)
        .filter(pl.col("impressions") > 0)
        .select(
            "campaign_key",
            "campaign_id",
            "date",
            "impressions",
            "clicks",
            "sessions",
            "conversions",
            cost_micros=(pl.col("cost_usd") * 1_000_000).round().cast(pl.Int64),
        )
    )


def _analytics(frame: pl.DataFrame, id_column: str, ctx: GenerationContext) -> pl.DataFrame:
    cost = pl.col("cost_micros") / 1_000_000
    return frame.select(
        id_column,
        day="date",
        impressions="impressions",
        clicks="clicks",
        landing_page_clicks="sessions",
        external_website_conversions="conversions",
        one_click_leads=pl.lit(0),
        conversion_value_in_local_currency=pl.col("conversions") * g.CONVERSION_VALUE_USD,
        cost_in_usd=cost,
        cost_in_local_currency=cost,
        _fivetran_synced=synced_after(ctx, pl.col("date"), pl.duration(days=1, hours=4)),
    )


def analytics_by_campaign(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _analytics(_campaign_days(ctx), "campaign_id", ctx)


def analytics_by_creative(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    days = _campaign_days(ctx)
    keys = days["campaign_key"].unique().sort()
    for chunk, start in enumerate(range(0, keys.len(), CAMPAIGNS_PER_CHUNK)):
        part = days.filter(
            pl.col("campaign_key").is_in(keys.slice(start, CAMPAIGNS_PER_CHUNK).implode())
        )
        rng = ctx.rng(f"{FUNNEL}.linkedin.creatives", chunk)
        split = split_stats(rng, part, np.array(list(CREATIVES.values())))
        cells = explode_children(part, split).with_columns(
            creative_id=pl.col("campaign_id") * 10 + pl.col("child") + 1
        )
        yield _analytics(cells, "creative_id", ctx)


def geo(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    states = [s[0] for s in d.STATES]
    yield pl.DataFrame(
        {
            "id": [US_GEO_ID] + [STATE_GEO_BASE + i for i in range(len(states))],
            "value": ["United States"] + [f"{d.STATE_NAMES[s]}, United States" for s in states],
        }
    ).with_columns(_fivetran_synced=pl.lit(funnel(ctx).campaigns["start_us"].min()).cast(UTC_US))


def _monthly(ctx: GenerationContext, running_on: date | None = None) -> pl.DataFrame:
    """Each campaign's months; with `running_on`, only that day's month, so far."""
    days = _campaign_days(ctx)
    if running_on is not None:
        days = days.filter(pl.col("date").is_between(running_on.replace(day=1), running_on, "left"))
    return (
        days.with_columns(month=pl.col("date").dt.truncate("1mo"))
        .group_by("campaign_id", "month")
        .agg(pl.col("impressions", "clicks", "sessions", "conversions", "cost_micros").sum())
        .sort("campaign_id", "month")
    )


def _monthly_report(frame: pl.DataFrame, member: str, ctx: GenerationContext) -> pl.DataFrame:
    cost = pl.col("cost_micros") / 1_000_000
    return frame.select(
        "campaign_id",
        member,
        # LinkedIn's report gives the month as "YYYY-M".
        month=pl.format("{}-{}", pl.col("month").dt.year(), pl.col("month").dt.month()),
        impressions="impressions",
        clicks="clicks",
        landing_page_clicks="sessions",
        external_website_conversions="conversions",
        one_click_leads=pl.lit(0),
        conversion_value_in_local_currency=pl.col("conversions") * g.CONVERSION_VALUE_USD,
        cost_in_usd=cost,
        cost_in_local_currency=cost,
        _fivetran_synced=synced_after(
            ctx, pl.col("month").dt.offset_by("1mo"), pl.duration(days=2)
        ),
    )


def _by_country(ctx: GenerationContext, monthly: pl.DataFrame, stream: str) -> pl.DataFrame:
    """Campaigns target the United States: every member is there."""
    monthly = monthly.with_columns(member_country=pl.lit(US_GEO_ID))
    return _monthly_report(monthly, "member_country", ctx)


def _by_region(ctx: GenerationContext, monthly: pl.DataFrame, stream: str) -> pl.DataFrame:
    """Members by state, in proportion to population."""
    weights = np.array([s[1] for s in d.STATES])
    split = split_stats(ctx.rng(stream), monthly, weights / weights.sum())
    regions = explode_children(monthly, split).with_columns(
        member_region=STATE_GEO_BASE + pl.col("child")
    )
    return _monthly_report(regions, "member_region", ctx)


REGIONS = f"{FUNNEL}.linkedin.regions"


def monthly_by_country(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _by_country(ctx, _monthly(ctx), REGIONS)


def monthly_by_region(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _by_region(ctx, _monthly(ctx), REGIONS)


def _cut_monthly(report) -> timeline.Cut:
    """A monthly report at a cut-off: the story's months that ended before it, and the month
    running at it so far (its region split drawn for that cut-off; at the story's end the
    story's own)."""

    def cut(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
        if ctx.at_story_end:
            return frame
        year_month = pl.col("month").str.split("-").cast(pl.List(pl.Int32))
        index = year_month.list.get(0) * 12 + year_month.list.get(1)
        ended = frame.filter(index < ctx.as_of.year * 12 + ctx.as_of.month)
        running = report(ctx, _monthly(ctx, running_on=ctx.as_of), f"{REGIONS}.{ctx.as_of}")
        return pl.concat([ended, running]).with_columns(timeline.synced_by_cutoff(ctx))

    return cut


ANALYTICS = f"""
impressions bigint Impressions.
clicks bigint Clicks.
landing_page_clicks bigint Clicks that landed on the site.
external_website_conversions bigint Form fills (website conversions).
one_click_leads bigint Lead Gen Form fills (none: forms are on the website).
conversion_value_in_local_currency double_precision Conversion value.
cost_in_usd double_precision Spend in USD.
cost_in_local_currency double_precision Spend in account currency.
{FIVETRAN_SYNCED}
"""
MONTHS_PER_CAMPAIGN = 11


def _monthly_contract(rows_per_month: float):
    """A row per campaign, month it ran and member segment."""
    return lambda size: RowContract(
        round(size.campaigns * SHARE * MONTHS_PER_CAMPAIGN * rows_per_month), tolerance=0.6
    )


SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        source=PLATFORM,
        table="account_history",
        description="LinkedIn ad account versions.",
        generate=accounts,
        cut=timeline.fivetran_versions("last_modified_time"),
        primary_key=("id", "last_modified_time"),
        contract=lambda size: RowContract(1),
        columns=columns(f"""
        id bigint Ad account id.
        last_modified_time timestamptz Version time.
        name text Name.
        currency text Currency.
        status text ACTIVE.
        type text BUSINESS.
        created_time timestamptz Creation.
        version_tag text Version number of the account record.
        {FIVETRAN_SYNCED}
        """),
        imitates="linkedin_ads.account_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="campaign_group_history",
        description="LinkedIn campaign groups.",
        generate=campaign_groups,
        cut=timeline.fivetran_versions("last_modified_time"),
        primary_key=("id", "last_modified_time"),
        contract=lambda size: RowContract(len(GROUPS)),
        columns=columns(f"""
        id bigint Campaign group id.
        last_modified_time timestamptz Version time.
        account_id bigint Ad account.
        name text Acquisition, Re-engagement or Brand.
        status text ACTIVE.
        created_time timestamptz Creation.
        run_schedule_start timestamptz Start.
        run_schedule_end timestamptz? End (open-ended).
        backfilled boolean Whether LinkedIn created it for older campaigns.
        {FIVETRAN_SYNCED}
        """),
        imitates="linkedin_ads.campaign_group_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="campaign_history",
        description="LinkedIn campaign versions.",
        generate=campaigns,
        cut=timeline.fivetran_versions("last_modified_time"),
        primary_key=("id", "last_modified_time"),
        contract=versions_contract(SHARE),
        columns=columns(f"""
        id bigint Campaign id.
        last_modified_time timestamptz Version time.
        account_id bigint Ad account.
        campaign_group_id bigint Campaign group.
        name text UTM-style campaign name.
        status text ACTIVE or COMPLETED.
        type text SPONSORED_UPDATES.
        format text STANDARD_UPDATE.
        objective_type text LEAD_GENERATION or WEBSITE_VISIT.
        optimization_target_type text MAX_LEAD or MAX_CLICK.
        cost_type text CPC.
        creative_selection text OPTIMIZED.
        audience_expansion_enabled boolean Audience expansion.
        offsite_delivery_enabled boolean LinkedIn Audience Network delivery.
        daily_budget_amount double_precision Daily budget.
        daily_budget_currency_code text Currency.
        unit_cost_amount double_precision Bid (USD per click).
        unit_cost_currency_code text Currency.
        locale_country text US.
        locale_language text en.
        run_schedule_start timestamptz Start.
        run_schedule_end timestamptz? End.
        created_time timestamptz Creation.
        version_tag text Version number of the campaign record.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("campaign_group_id", "linkedin_ads_campaign_group_history", "id"),
        ),
        imitates="linkedin_ads.campaign_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="creative_history",
        description="LinkedIn creatives (three per campaign) and where they click through to.",
        generate=creatives,
        cut=timeline.fivetran_versions("last_modified_time"),
        primary_key=("id", "last_modified_time"),
        contract=lambda size: RowContract(
            round(size.campaigns * SHARE * len(CREATIVES)), tolerance=0.5
        ),
        columns=columns(f"""
        id bigint Creative id.
        last_modified_time timestamptz Version time.
        campaign_id bigint Campaign.
        intended_status text ACTIVE or PAUSED.
        status text ACTIVE or PAUSED.
        click_uri text Landing URL with UTM parameters.
        text_ad_landing_page text? Text-ad landing page (none: sponsored content).
        spotlight_landing_page text? Spotlight-ad landing page (none).
        created_time timestamptz Creation.
        created_at timestamptz Creation (newer API field).
        last_modified_at timestamptz Version time (newer API field).
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("campaign_id", "linkedin_ads_campaign_history", "id"),),
        imitates="linkedin_ads.creative_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="ad_analytics_by_campaign",
        description="Daily LinkedIn stats per campaign.",
        generate=analytics_by_campaign,
        cut=timeline.fivetran_facts("day"),
        primary_key=("campaign_id", "day"),
        contract=daily_contract(SHARE, 1.0),
        columns=columns(f"""
        campaign_id bigint Campaign.
        day date Day.
        {ANALYTICS}
        """),
        foreign_keys=(ForeignKey("campaign_id", "linkedin_ads_campaign_history", "id"),),
        imitates="linkedin_ads.ad_analytics_by_campaign",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="ad_analytics_by_creative",
        description="Daily LinkedIn stats per creative (an exact split of the campaign's).",
        generate=analytics_by_creative,
        cut=timeline.fivetran_facts("day"),
        primary_key=("creative_id", "day"),
        contract=daily_contract(SHARE, 2.5, tolerance=0.5),
        columns=columns(f"""
        creative_id bigint Creative.
        day date Day.
        {ANALYTICS}
        """),
        foreign_keys=(ForeignKey("creative_id", "linkedin_ads_creative_history", "id"),),
        imitates="linkedin_ads.ad_analytics_by_creative",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="geo",
        description="LinkedIn geo lookup: the country and the regions members are reported in.",
        generate=geo,
        cut=timeline.fivetran_static,
        primary_key="id",
        contract=lambda size: RowContract(len(d.STATES) + 1),
        columns=columns(f"""
        id bigint Geo URN id.
        value text Place name.
        {FIVETRAN_SYNCED}
        """),
        imitates="linkedin_ads.geo",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="monthly_ad_analytics_by_member_country",
        description="Monthly LinkedIn stats per campaign by member country.",
        generate=monthly_by_country,
        cut=_cut_monthly(_by_country),
        primary_key=("campaign_id", "month", "member_country"),
        contract=_monthly_contract(1.0),
        columns=columns(f"""
        campaign_id bigint Campaign.
        member_country bigint Country (geo id).
        month text Month as YYYY-M.
        {ANALYTICS}
        """),
        foreign_keys=(
            ForeignKey("campaign_id", "linkedin_ads_campaign_history", "id"),
            ForeignKey("member_country", "linkedin_ads_geo", "id"),
        ),
        imitates="linkedin_ads.monthly_ad_analytics_by_member_country",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="monthly_ad_analytics_by_member_region",
        description="Monthly LinkedIn stats per campaign by member region (state).",
        generate=monthly_by_region,
        cut=_cut_monthly(_by_region),
        primary_key=("campaign_id", "month", "member_region"),
        contract=_monthly_contract(len(d.STATES) * 0.95),
        columns=columns(f"""
        campaign_id bigint Campaign.
        member_region bigint Region (geo id).
        month text Month as YYYY-M.
        {ANALYTICS}
        """),
        foreign_keys=(
            ForeignKey("campaign_id", "linkedin_ads_campaign_history", "id"),
            ForeignKey("member_region", "linkedin_ads_geo", "id"),
        ),
        imitates="linkedin_ads.monthly_ad_analytics_by_member_region",
        freshness_column="_fivetran_synced",
    ),
)
