"""Meta (Facebook) Ads, shaped like Fivetran's facebook_ads connector.

Campaign → ad set → ad → creative. Meta reports stats per ad and day only (`basic_ad`, from
the connector's pre-built report) with actions and action values beside them; the campaign
report rolls the ads up. Each ad's creative links to the theme's landing page with UTM tags.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import polars as pl

from saas_datagen.config import go_to_market as g
from saas_datagen.generators import timeline
from saas_datagen.generators.context import MICROS_PER_DAY, UTC_US, GenerationContext, synced_after
from saas_datagen.generators.go_to_market.ads import (
    ACCOUNT_ID,
    campaign_versions,
    daily_contract,
    device_cells,
    fivetran_id,
    platform_campaigns,
    synced_at,
    versions_contract,
)
from saas_datagen.generators.go_to_market.funnel import FUNNEL, funnel
from saas_datagen.schema import FIVETRAN_SYNCED, ForeignKey, RowContract, TableSpec, columns

PLATFORM = "facebook_ads"
ACCOUNT = ACCOUNT_ID[PLATFORM]
SHARE = g.PLATFORM_SHARES[PLATFORM]
ADS_PER_CAMPAIGN = g.FACEBOOK_AD_SETS_PER_CAMPAIGN * g.FACEBOOK_ADS_PER_AD_SET
# Meta's pixel reports a form fill as `lead` and as the pixel event the package counts as a
# conversion (facebook_ads__conversion_action_types includes offsite_conversion.fb_pixel_lead).
ACTIONS = {
    "link_click": "clicks",
    "landing_page_view": "sessions",
    "lead": "conversions",
    "offsite_conversion.fb_pixel_lead": "conversions",
}
VALUED_ACTIONS = ("offsite_conversion.fb_pixel_lead",)


def _ads(ctx: GenerationContext) -> pl.DataFrame:
    campaigns = platform_campaigns(ctx, PLATFORM)
    return (
        campaigns.with_columns(ad=pl.lit(list(range(ADS_PER_CAMPAIGN))))
        .explode("ad")
        .with_columns(
            ad_set_id=pl.col("campaign_id") * 10 + pl.col("ad") // g.FACEBOOK_ADS_PER_AD_SET,
            ad_id=pl.col("campaign_id") * 100 + pl.col("ad"),
            ad_set_name=pl.format(
                "{}-set{}", "campaign_name", pl.col("ad") // g.FACEBOOK_ADS_PER_AD_SET + 1
            ),
            ad_name=pl.format("{}-ad{}", "campaign_name", pl.col("ad") + 1),
        )
        .with_columns(creative_id=pl.col("ad_id") + 7)
    )


def accounts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    start = funnel(ctx).campaigns["start_us"].min() - 30 * MICROS_PER_DAY
    yield pl.DataFrame(
        {
            "id": [ACCOUNT] * 2,
            "_fivetran_synced": [start, start + 500 * MICROS_PER_DAY],
            "name": ["TapFlow Ads", "TapFlow Ads"],
            "account_status": ["ACTIVE"] * 2,
            "currency": ["USD"] * 2,
            "timezone_name": ["America/Los_Angeles", "America/New_York"],
            "timezone_offset_hours_utc": [-8.0, -5.0],
            "business_country_code": ["US"] * 2,
            "business_state": ["CA", "NY"],
            "min_daily_budget": [100, 100],
            "created_time": [start] * 2,
        }
    ).with_columns(pl.col("_fivetran_synced", "created_time").cast(UTC_US))


def campaigns(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    objective = {"acquisition": "OUTCOME_LEADS", "reengagement": "OUTCOME_ENGAGEMENT"}
    yield (
        campaign_versions(ctx, PLATFORM)
        .select(
            id="campaign_id",
            updated_time="updated_at",
            account_id=pl.lit(ACCOUNT),
            name="campaign_name",
            status=pl.when(pl.col("status") == "ENDED")
            .then(pl.lit("PAUSED"))
            .otherwise(pl.lit("ACTIVE")),
            objective=pl.col("objective").replace_strict(objective),
            daily_budget=(pl.col("daily_budget") * 100).cast(pl.Int64),
            lifetime_budget=pl.lit(None, pl.Int64),
            budget_remaining=(pl.col("daily_budget") * 100).cast(pl.Float64),
            start_time=pl.col("start_date").cast(UTC_US),
            stop_time=pl.when(~pl.col("running")).then(pl.col("end_date").cast(UTC_US)),
            created_time=pl.col("start_date").cast(UTC_US),
        )
        .with_columns(synced_at(ctx, "updated_time"))
    )


def ad_sets(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    ads = _ads(ctx).unique("ad_set_id", maintain_order=True)
    budget = platform_daily_budget_cents(ctx).with_columns(
        pl.col("budget_cents") // g.FACEBOOK_AD_SETS_PER_CAMPAIGN
    )
    yield (
        ads.join(budget, on="campaign_id", how="left")
        .select(
            id="ad_set_id",
            updated_time=pl.col("start_us").cast(UTC_US),
            campaign_id="campaign_id",
            account_id=pl.lit(ACCOUNT),
            name="ad_set_name",
            status=pl.when(pl.col("running")).then(pl.lit("ACTIVE")).otherwise(pl.lit("PAUSED")),
            optimization_goal=pl.lit("LEAD_GENERATION"),
            bid_strategy=pl.lit("LOWEST_COST_WITHOUT_CAP"),
            daily_budget="budget_cents",
            budget_remaining="budget_cents",
            targeting_audience="audience",
            start_time=pl.col("start_us").cast(UTC_US),
            end_time=pl.when(~pl.col("running")).then(pl.col("end_us").cast(UTC_US)),
        )
        .with_columns(synced_at(ctx, "updated_time"))
    )


def platform_daily_budget_cents(ctx: GenerationContext) -> pl.DataFrame:
    """Each campaign's first daily budget in cents (ad sets share it)."""
    return (
        campaign_versions(ctx, PLATFORM)
        .group_by("campaign_id")
        .agg(budget_cents=(pl.col("daily_budget").first() * 100).cast(pl.Int64))
    )


def ad_history(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        _ads(ctx)
        .select(
            id="ad_id",
            updated_time=pl.col("start_us").cast(UTC_US),
            ad_set_id="ad_set_id",
            campaign_id="campaign_id",
            account_id=pl.lit(ACCOUNT),
            name="ad_name",
            status=pl.when(pl.col("running")).then(pl.lit("ACTIVE")).otherwise(pl.lit("PAUSED")),
            creative_id="creative_id",
            conversion_domain=pl.lit("tapflow.io"),
        )
        .with_columns(synced_at(ctx, "updated_time"))
    )


def _url_tags(campaign: str, ad: str) -> str:
    tags = {
        "utm_source": "facebook",
        "utm_medium": "paid_social",
        "utm_campaign": campaign,
        "utm_content": ad,
    }
    return json.dumps([{"key": k, "value": v, "type": "AD"} for k, v in tags.items()])


def creatives(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """One creative per ad: the theme's landing page, UTM tags as Meta stores them."""
    ads = _ads(ctx)
    link = pl.lit(g.SITE) + pl.col("theme").replace_strict(dict(g.THEME_LANDING_PATHS))
    yield (
        ads.select(
            id="creative_id",
            _fivetran_synced=pl.col("start_us").cast(UTC_US),
            account_id=pl.lit(ACCOUNT),
            name=pl.format("{} creative", "ad_name"),
            page_link=link,
            template_page_link=pl.lit(None, pl.String),
            url_tags=pl.struct("campaign_name", "ad_name").map_elements(
                lambda r: _url_tags(r["campaign_name"], r["ad_name"]), return_dtype=pl.String
            ),
            object_story_link_data_link=link,
            object_story_link_data_message=pl.lit("Know every pour. Stop losing beer."),
            object_story_link_data_caption=pl.lit("tapflow.io"),
            object_story_link_data_description=pl.lit(
                "IoT tap monitoring for bars and restaurants"
            ),
            object_story_link_data_child_attachments=pl.lit(None, pl.String),
            asset_feed_spec_link_urls=pl.lit(None, pl.String),
            template_app_link_spec_android=pl.lit(None, pl.String),
            template_app_link_spec_ios=pl.lit(None, pl.String),
            template_app_link_spec_ipad=pl.lit(None, pl.String),
            template_app_link_spec_iphone=pl.lit(None, pl.String),
        ).with_columns(
            synced_after(ctx, pl.col("_fivetran_synced"), pl.duration(minutes=7)),
            fivetran_id("id"),
        )
    )


def _cells(ctx: GenerationContext) -> pl.DataFrame:
    def build(ctx: GenerationContext) -> pl.DataFrame:
        shares = [0.4, 0.3, 0.2, 0.1][:ADS_PER_CAMPAIGN]
        cells = device_cells(ctx, PLATFORM, "facebook", shares, {})
        return cells.with_columns(ad_id=pl.col("campaign_id") * 100 + pl.col("cell")).join(
            _ads(ctx).select("ad_id", "ad_name", "ad_set_name"), on="ad_id"
        )

    return ctx.cached(f"{FUNNEL}.facebook_cells", build)


def _stats_synced(ctx: GenerationContext) -> pl.Expr:
    return synced_after(ctx, pl.col("date"), pl.duration(days=1, hours=2))


def basic_ad(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    cells = _cells(ctx).filter(pl.col("impressions") > 0)
    reach = (pl.col("impressions") / 1.3).ceil().cast(pl.Int64)
    yield cells.select(
        ad_id="ad_id",
        date="date",
        account_id=pl.lit(ACCOUNT),
        ad_name="ad_name",
        adset_name="ad_set_name",
        impressions="impressions",
        inline_link_clicks="clicks",
        spend="cost",
        reach=reach,
        frequency=(pl.col("impressions") / reach).round(3),
        _fivetran_synced=_stats_synced(ctx),
    )


def _actions(ctx: GenerationContext, actions: dict[str, pl.Expr]) -> pl.DataFrame:
    cells = _cells(ctx)
    return (
        pl.concat(
            cells.select("ad_id", "date", action_type=pl.lit(name), value=value)
            for name, value in actions.items()
        )
        .filter(pl.col("value") > 0)
        .sort("date", "ad_id", "action_type")
        .with_columns(
            index=pl.lit(0),
            _fivetran_synced=_stats_synced(ctx),
        )
        .with_columns(fivetran_id("ad_id", "date", "action_type"))
    )


def basic_ad_actions(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _actions(ctx, {name: pl.col(column).cast(pl.Float64) for name, column in ACTIONS.items()})


def basic_ad_action_values(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """What the pixel's conversions are worth (the value the account assigns a form fill)."""
    yield _actions(
        ctx,
        {
            name: (pl.col(ACTIONS[name]) * g.CONVERSION_VALUE_USD).cast(pl.Float64)
            for name in VALUED_ACTIONS
        },
    )


ACTION_COLUMNS = f"""
ad_id bigint Ad.
date date Day.
action_type text {", ".join(ACTIONS)}.
index integer Position in the report's action list.
_fivetran_id text Fivetran's key for a row without a primary key.
{FIVETRAN_SYNCED}
"""

SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        source=PLATFORM,
        table="account_history",
        description="Meta ad account versions.",
        generate=accounts,
        cut=timeline.fivetran_static,
        primary_key=("id", "_fivetran_synced"),
        contract=lambda size: RowContract(2),
        columns=columns("""
        id bigint Ad account id.
        _fivetran_synced timestamptz Version time (history by sync).
        name text Account name.
        account_status text ACTIVE.
        currency text Currency.
        timezone_name text Time zone.
        timezone_offset_hours_utc double_precision UTC offset of the time zone.
        business_country_code text Country.
        business_state text State.
        min_daily_budget integer Smallest daily budget allowed (cents).
        created_time timestamptz Creation.
        """),
        imitates="facebook_ads.account_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="campaign_history",
        description="Meta campaign versions.",
        generate=campaigns,
        cut=timeline.fivetran_versions("updated_time"),
        primary_key=("id", "updated_time"),
        contract=versions_contract(SHARE),
        columns=columns(f"""
        id bigint Campaign id.
        updated_time timestamptz When this version was recorded.
        account_id bigint Ad account.
        name text UTM-style campaign name.
        status text ACTIVE or PAUSED.
        objective text OUTCOME_LEADS or OUTCOME_ENGAGEMENT.
        daily_budget bigint Daily budget in cents.
        lifetime_budget bigint? Lifetime budget in cents (daily budgets only here).
        budget_remaining double_precision Budget left today, in cents.
        start_time timestamptz Start.
        stop_time timestamptz? End.
        created_time timestamptz Creation.
        {FIVETRAN_SYNCED}
        """),
        imitates="facebook_ads.campaign_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="ad_set_history",
        description="Meta ad sets (two per campaign).",
        generate=ad_sets,
        cut=timeline.fivetran_versions("updated_time"),
        primary_key=("id", "updated_time"),
        contract=lambda size: RowContract(
            round(size.campaigns * SHARE * g.FACEBOOK_AD_SETS_PER_CAMPAIGN), tolerance=0.1
        ),
        columns=columns(f"""
        id bigint Ad set id.
        updated_time timestamptz When this version was recorded.
        campaign_id bigint Campaign.
        account_id bigint Ad account.
        name text Ad set name.
        status text ACTIVE or PAUSED.
        optimization_goal text LEAD_GENERATION.
        bid_strategy text LOWEST_COST_WITHOUT_CAP.
        daily_budget bigint The ad set's share of the campaign budget, in cents.
        budget_remaining bigint Budget left today, in cents.
        targeting_audience text Audience segment.
        start_time timestamptz Start.
        end_time timestamptz? End.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("campaign_id", "facebook_ads_campaign_history", "id"),),
        imitates="facebook_ads.ad_set_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="ad_history",
        description="Meta ads (two per ad set).",
        generate=ad_history,
        cut=timeline.fivetran_versions("updated_time"),
        primary_key=("id", "updated_time"),
        contract=lambda size: RowContract(
            round(size.campaigns * SHARE * ADS_PER_CAMPAIGN), tolerance=0.1
        ),
        columns=columns(f"""
        id bigint Ad id.
        updated_time timestamptz When this version was recorded.
        ad_set_id bigint Ad set.
        campaign_id bigint Campaign.
        account_id bigint Ad account.
        name text Ad name.
        status text ACTIVE or PAUSED.
        creative_id bigint Creative.
        conversion_domain text Domain the pixel reports conversions for.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("ad_set_id", "facebook_ads_ad_set_history", "id"),
            ForeignKey("campaign_id", "facebook_ads_campaign_history", "id"),
        ),
        imitates="facebook_ads.ad_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="creative_history",
        description="Meta ad creatives: landing link and UTM url tags (one per ad).",
        generate=creatives,
        cut=timeline.fivetran_static,
        primary_key=("_fivetran_id", "id"),
        contract=lambda size: RowContract(
            round(size.campaigns * SHARE * ADS_PER_CAMPAIGN), tolerance=0.1
        ),
        columns=columns(f"""
        id bigint Creative id.
        _fivetran_id text Fivetran's key for the version.
        account_id bigint Ad account.
        name text Creative name.
        page_link text Landing page.
        template_page_link text? Dynamic-template landing page (none).
        url_tags text UTM tags as a JSON list of key/value/type.
        object_story_link_data_link text Link of the post.
        object_story_link_data_message text Post text.
        object_story_link_data_caption text Link caption.
        object_story_link_data_description text Link description.
        object_story_link_data_child_attachments text? Carousel cards (none).
        asset_feed_spec_link_urls text? Dynamic-creative URLs (none).
        template_app_link_spec_android text? App link (none).
        template_app_link_spec_ios text? App link (none).
        template_app_link_spec_ipad text? App link (none).
        template_app_link_spec_iphone text? App link (none).
        {FIVETRAN_SYNCED}
        """),
        imitates="facebook_ads.creative_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="basic_ad",
        description="Daily Meta stats per ad (Meta has no campaign-level stats).",
        generate=basic_ad,
        cut=timeline.fivetran_facts("date"),
        primary_key=("ad_id", "date"),
        contract=daily_contract(SHARE, 4.0, tolerance=0.5),
        columns=columns(f"""
        ad_id bigint Ad.
        date date Day.
        account_id bigint Ad account.
        ad_name text Ad name.
        adset_name text Ad set name.
        impressions bigint Impressions.
        inline_link_clicks bigint Link clicks.
        spend double_precision Spend in USD.
        reach bigint People reached.
        frequency double_precision Impressions per person.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("ad_id", "facebook_ads_ad_history", "id"),),
        depends_on=("google_ads_campaign_stats", "linkedin_ads_ad_analytics_by_campaign"),
        imitates="facebook_ads.basic_ad",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="basic_ad_actions",
        description="Daily Meta actions per ad (link clicks, landing views, leads and pixel "
        "leads).",
        generate=basic_ad_actions,
        cut=timeline.fivetran_facts("date"),
        primary_key=("ad_id", "date", "action_type"),
        contract=daily_contract(SHARE, 3.2, tolerance=0.7),
        columns=columns(f"""
        {ACTION_COLUMNS}
        value double_precision Count.
        """),
        foreign_keys=(ForeignKey("ad_id", "facebook_ads_ad_history", "id"),),
        imitates="facebook_ads.basic_ad_actions",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="basic_ad_action_values",
        description="Daily value of Meta pixel conversions per ad (USD).",
        generate=basic_ad_action_values,
        cut=timeline.fivetran_facts("date"),
        primary_key=("ad_id", "date", "action_type"),
        contract=daily_contract(SHARE, 0.04, tolerance=0.9),
        columns=columns(f"""
        {ACTION_COLUMNS}
        value double_precision Value in USD.
        """),
        foreign_keys=(ForeignKey("ad_id", "facebook_ads_ad_history", "id"),),
        imitates="facebook_ads.basic_ad_action_values",
        freshness_column="_fivetran_synced",
    ),
)
