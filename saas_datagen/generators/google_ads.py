"""Google Ads, shaped like Fivetran's google_ads connector (fivetran/google_ads reads it).

Campaign → ad group → ad, and ad group → keyword (criterion) → search term. Entities are
`*_history` tables versioned by `updated_at` (`_fivetran_active` marks the current
version); stats are daily by network and device. Every level's stats are an exact split of
the level above, so the account, campaign, ad group, ad, keyword and search-term reports all
add up to the campaign-day stats the funnel drew from the web sessions.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.config import go_to_market as g
from saas_datagen.generators import timeline
from saas_datagen.generators.context import MICROS_PER_DAY, UTC_US, GenerationContext, synced_after
from saas_datagen.generators.go_to_market.ads import (
    ACCOUNT_ID,
    campaign_versions,
    daily_contract,
    device_cells,
    explode_children,
    fivetran_id,
    platform_campaigns,
    split_stats,
    synced_at,
    versions_contract,
)
from saas_datagen.generators.go_to_market.funnel import FUNNEL, funnel
from saas_datagen.schema import FIVETRAN_SYNCED, ForeignKey, RowContract, TableSpec, columns

PLATFORM = "google_ads"
CUSTOMER_ID = ACCOUNT_ID[PLATFORM]
SHARE = g.PLATFORM_SHARES[PLATFORM]
AD_GROUPS = tuple(g.GOOGLE_AD_GROUPS)
# Campaigns whose stats are split together (one random stream per chunk): bounded memory at
# prod, and the same rows whatever else runs.
CAMPAIGNS_PER_CHUNK = 40
STATS_KEY = ("date", "ad_network_type", "device")
METRICS = ("impressions", "clicks", "conversions", "cost_micros")


def _active_version(id_column: str = "id") -> pl.Expr:
    """History mode: only an entity's latest version is active."""
    return (pl.col("updated_at") == pl.col("updated_at").max().over(id_column)).alias(
        "_fivetran_active"
    )


# --- entities -------------------------------------------------------------------------------


def accounts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    start = funnel(ctx).campaigns["start_us"].min() - 30 * MICROS_PER_DAY
    yield pl.DataFrame(
        {
            "id": [CUSTOMER_ID] * 2,
            "updated_at": [start, start + 400 * MICROS_PER_DAY],
            "descriptive_name": ["TapFlow", "TapFlow - Growth"],
            "currency_code": ["USD"] * 2,
            "time_zone": ["America/New_York"] * 2,
            "auto_tagging_enabled": [False, True],
        }
    ).with_columns(pl.col("updated_at").cast(UTC_US), _active_version(), synced_at(ctx))


def campaigns(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        campaign_versions(ctx, PLATFORM)
        .select(
            id="campaign_id",
            updated_at="updated_at",
            customer_id=pl.lit(CUSTOMER_ID),
            name="campaign_name",
            status=pl.when(pl.col("status") == "ENDED")
            .then(pl.lit("PAUSED"))
            .otherwise(pl.lit("ENABLED")),
            advertising_channel_type=pl.lit("SEARCH"),
            advertising_channel_subtype=pl.lit(None, pl.String),
            serving_status=pl.when(pl.col("status") == "ENDED")
            .then(pl.lit("ENDED"))
            .otherwise(pl.lit("SERVING")),
            start_date=pl.col("start_date").dt.to_string("%Y-%m-%d"),
            end_date=pl.col("end_date").dt.to_string("%Y-%m-%d"),
            budget_amount_micros=(pl.col("daily_budget") * 1_000_000).cast(pl.Int64),
            tracking_url_template=pl.lit("{lpurl}?utm_source=google&utm_medium=cpc&utm_campaign=")
            + pl.col("campaign_name"),
        )
        .with_columns(_active_version(), synced_at(ctx))
    )


def _ad_groups(ctx: GenerationContext) -> pl.DataFrame:
    """One row per ad group: created with its campaign, paused when the campaign ends."""
    return (
        platform_campaigns(ctx, PLATFORM)
        .with_columns(group=pl.lit(list(range(len(AD_GROUPS))), dtype=pl.List(pl.Int64)))
        .explode("group")
        .with_columns(
            ad_group_id=pl.col("campaign_id") * 10 + pl.col("group") + 1,
            ad_group_name=pl.col("group").replace_strict(dict(enumerate(AD_GROUPS))),
        )
    )


def _versions(entities: pl.DataFrame) -> pl.DataFrame:
    """An ENABLED version when the campaign starts and a PAUSED one when it ended."""
    created = entities.with_columns(updated_at="start_us", status=pl.lit("ENABLED"))
    paused = entities.filter(~pl.col("running")).with_columns(
        updated_at="end_us", status=pl.lit("PAUSED")
    )
    return pl.concat([created, paused]).with_columns(pl.col("updated_at").cast(UTC_US))


def ad_groups(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        _versions(_ad_groups(ctx))
        .select(
            id="ad_group_id",
            updated_at="updated_at",
            campaign_id="campaign_id",
            campaign_name="campaign_name",
            name=pl.format("{}-{}", "campaign_name", "ad_group_name"),
            status="status",
            type=pl.lit("SEARCH_STANDARD"),
        )
        .sort("id", "updated_at")
        .with_columns(_active_version(), synced_at(ctx))
    )


def _final_url(campaign_name: pl.Expr, content: pl.Expr) -> pl.Expr:
    return pl.format(
        "{}{}?utm_source=google&utm_medium=cpc&utm_campaign={}&utm_content={}",
        pl.lit(g.SITE),
        pl.col("theme").replace_strict(dict(g.THEME_LANDING_PATHS)),
        campaign_name,
        content,
    )


def ads(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    variants = tuple(g.GOOGLE_ADS_PER_AD_GROUP)
    entities = (
        _ad_groups(ctx)
        .with_columns(ad=pl.lit(list(range(len(variants))), dtype=pl.List(pl.Int64)))
        .explode("ad")
        .with_columns(
            ad_id=pl.col("ad_group_id") * 10 + pl.col("ad") + 1,
            ad_name=pl.format(
                "{}-{}-rsa-{}",
                "campaign_name",
                "ad_group_name",
                pl.col("ad").replace_strict(dict(enumerate(variants))),
            ),
        )
    )
    yield (
        _versions(entities)
        .select(
            id="ad_id",
            updated_at="updated_at",
            ad_group_id="ad_group_id",
            name="ad_name",
            type=pl.lit("RESPONSIVE_SEARCH_AD"),
            status="status",
            display_url=pl.lit("tapflow.io"),
            final_urls=pl.format("[{}]", _final_url(pl.col("campaign_name"), pl.col("ad_name"))),
        )
        .sort("id", "updated_at")
        .with_columns(_active_version(), synced_at(ctx))
    )


def _criteria(ctx: GenerationContext) -> pl.DataFrame:
    per_group = len(g.GOOGLE_KEYWORD_SHARES)
    keywords = {
        (i, k): text
        for i, group in enumerate(AD_GROUPS)
        for k, text in enumerate(g.GOOGLE_KEYWORDS[group])
    }
    return (
        _ad_groups(ctx)
        .with_columns(keyword=pl.lit(list(range(per_group)), dtype=pl.List(pl.Int64)))
        .explode("keyword")
        .with_columns(
            criterion_id=pl.col("ad_group_id") * 100 + 10 + pl.col("keyword"),
            keyword_text=pl.struct("group", "keyword").map_elements(
                lambda r: keywords[(r["group"], r["keyword"])], return_dtype=pl.String
            ),
            keyword_match_type=pl.col("keyword").replace_strict(
                dict(enumerate(g.GOOGLE_MATCH_TYPES))
            ),
        )
    )


def ad_group_criteria(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        _versions(_criteria(ctx))
        .select(
            id="criterion_id",
            updated_at="updated_at",
            ad_group_id="ad_group_id",
            base_campaign_id="campaign_id",
            keyword_text="keyword_text",
            keyword_match_type="keyword_match_type",
            status="status",
            type=pl.lit("KEYWORD"),
        )
        .sort("id", "updated_at")
        .with_columns(_active_version(), synced_at(ctx))
    )


# --- stats ----------------------------------------------------------------------------------


def _campaign_cells(ctx: GenerationContext) -> pl.DataFrame:
    """Campaign x day x network x device: the funnel's campaign-day stats split by the
    platform's network and device mix."""
    networks, devices = list(g.GOOGLE_NETWORKS), list(g.DEVICES)
    shares = np.outer(list(g.GOOGLE_NETWORKS.values()), list(g.DEVICES.values())).ravel()
    cells = device_cells(
        ctx,
        PLATFORM,
        "google",
        shares.tolist(),
        {
            "ad_network_type": [n for n in networks for _ in devices],
            "device": devices * len(networks),
        },
    )
    return cells.filter(pl.col("impressions") > 0).select(
        "campaign_key",
        "campaign_id",
        "date",
        "ad_network_type",
        "device",
        "impressions",
        "clicks",
        "conversions",
        cost_micros=(pl.col("cost") * 1_000_000).round().cast(pl.Int64),
    )


def _stats_columns(id_columns: dict[str, pl.Expr | str]) -> list[pl.Expr]:
    return [
        *(pl.col(v).alias(k) if isinstance(v, str) else v.alias(k) for k, v in id_columns.items()),
        pl.col("date"),
        pl.col("ad_network_type"),
        pl.col("device"),
        pl.lit(CUSTOMER_ID).alias("customer_id"),
        pl.col("impressions"),
        pl.col("clicks"),
        pl.col("conversions").cast(pl.Float64),
        (pl.col("conversions") * g.CONVERSION_VALUE_USD)
        .cast(pl.Float64)
        .alias("conversions_value"),
        pl.lit(0).alias("view_through_conversions"),
        pl.col("cost_micros"),
    ]


def _stats_synced(ctx: GenerationContext) -> pl.Expr:
    return synced_after(ctx, pl.col("date"), pl.duration(days=1, hours=3))


def campaign_stats(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        _campaign_cells(ctx)
        .select(_stats_columns({"id": "campaign_id"}))
        .with_columns(fivetran_id("id", *STATS_KEY), _stats_synced(ctx))
    )


def account_stats(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        _campaign_cells(ctx)
        .group_by(*STATS_KEY)
        .agg(pl.col(*METRICS).sum())
        .sort(*STATS_KEY)
        .select(_stats_columns({}))
        .with_columns(fivetran_id("customer_id", *STATS_KEY), _stats_synced(ctx))
    )


def _chunks(ctx: GenerationContext) -> Iterator[tuple[int, pl.DataFrame]]:
    cells = _campaign_cells(ctx)
    keys = cells["campaign_key"].unique().sort()
    for chunk, start in enumerate(range(0, keys.len(), CAMPAIGNS_PER_CHUNK)):
        in_chunk = keys.slice(start, CAMPAIGNS_PER_CHUNK)
        yield chunk, cells.filter(pl.col("campaign_key").is_in(in_chunk.implode()))


def _ad_group_cells(ctx: GenerationContext, chunk: int, cells: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.rng(f"{FUNNEL}.google.ad_groups", chunk)
    split = split_stats(rng, cells, np.array(list(g.GOOGLE_AD_GROUPS.values())))
    return explode_children(cells, split).with_columns(
        ad_group_id=pl.col("campaign_id") * 10 + pl.col("child") + 1
    )


def _ad_cells(ctx: GenerationContext, chunk: int, groups: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.rng(f"{FUNNEL}.google.ads", chunk)
    split = split_stats(rng, groups, np.array(list(g.GOOGLE_ADS_PER_AD_GROUP.values())))
    return explode_children(groups.drop("child"), split).with_columns(
        ad_id=pl.col("ad_group_id") * 10 + pl.col("child") + 1
    )


def _keyword_cells(ctx: GenerationContext, chunk: int, groups: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.rng(f"{FUNNEL}.google.keywords", chunk)
    split = split_stats(rng, groups, np.array(g.GOOGLE_KEYWORD_SHARES))
    return explode_children(groups.drop("child"), split).with_columns(
        criterion_id=pl.col("ad_group_id") * 100 + 10 + pl.col("child")
    )


def ad_group_stats(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    for chunk, cells in _chunks(ctx):
        yield (
            _ad_group_cells(ctx, chunk, cells)
            .select(_stats_columns({"id": "ad_group_id", "campaign_id": "campaign_id"}))
            .with_columns(fivetran_id("id", *STATS_KEY), _stats_synced(ctx))
        )


def ad_stats(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    for chunk, cells in _chunks(ctx):
        ads_ = _ad_cells(ctx, chunk, _ad_group_cells(ctx, chunk, cells))
        yield ads_.select(
            _stats_columns(
                {
                    "ad_id": "ad_id",
                    "ad_group_id": pl.col("ad_group_id").cast(pl.String),
                    "ad_group": pl.format(
                        "customers/{}/adGroups/{}", pl.lit(CUSTOMER_ID), "ad_group_id"
                    ),
                    "campaign_id": "campaign_id",
                    "keyword_ad_group_criterion": pl.lit(None, pl.String),
                }
            )
        ).with_columns(_stats_synced(ctx))


def keyword_stats(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    for chunk, cells in _chunks(ctx):
        keywords = _keyword_cells(ctx, chunk, _ad_group_cells(ctx, chunk, cells))
        yield keywords.select(
            _stats_columns(
                {
                    "ad_group_criterion_criterion_id": "criterion_id",
                    "ad_group_id": "ad_group_id",
                    "campaign_id": "campaign_id",
                }
            )
        ).with_columns(
            fivetran_id("ad_group_criterion_criterion_id", *STATS_KEY), _stats_synced(ctx)
        )


def search_term_keyword_stats(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """The queries that triggered each keyword, per day (the report has no device split)."""
    modifiers = tuple(g.GOOGLE_SEARCH_TERM_MODIFIERS)
    keyword_text = _criteria(ctx).select("criterion_id", "keyword_text")
    for chunk, cells in _chunks(ctx):
        daily = (
            _keyword_cells(ctx, chunk, _ad_group_cells(ctx, chunk, cells))
            .group_by("criterion_id", "ad_group_id", "campaign_id", "date")
            .agg(pl.col(*METRICS).sum())
            .sort("criterion_id", "date")
        )
        rng = ctx.rng(f"{FUNNEL}.google.search_terms", chunk)
        split = split_stats(rng, daily, np.array(list(g.GOOGLE_SEARCH_TERM_MODIFIERS.values())))
        terms = explode_children(daily, split).join(keyword_text, on="criterion_id")
        yield terms.select(
            search_term=pl.col("keyword_text")
            + pl.col("child").replace_strict(dict(enumerate(modifiers))),
            date="date",
            ad_group_id="ad_group_id",
            campaign_id="campaign_id",
            customer_id=pl.lit(CUSTOMER_ID),
            keyword_ad_group_criterion=pl.format(
                "customers/{}/adGroupCriteria/{}~{}",
                pl.lit(CUSTOMER_ID),
                "ad_group_id",
                "criterion_id",
            ),
            search_term_match_type=pl.when(pl.col("child") == 0)
            .then(pl.lit("EXACT"))
            .otherwise(pl.lit("NEAR_EXACT")),
            status=pl.lit("NONE"),
            info_text=pl.col("keyword_text"),
            impressions="impressions",
            clicks="clicks",
            conversions=pl.col("conversions").cast(pl.Float64),
            conversions_value=(pl.col("conversions") * g.CONVERSION_VALUE_USD).cast(pl.Float64),
            view_through_conversions=pl.lit(0),
            cost_micros="cost_micros",
        ).with_columns(
            fivetran_id("keyword_ad_group_criterion", "search_term", "date"), _stats_synced(ctx)
        )


# --- declarations ---------------------------------------------------------------------------

HISTORY = f"""
_fivetran_active boolean True on the current version (Fivetran history mode).
{FIVETRAN_SYNCED}
"""
STATS = """
date date Day (account time zone).
ad_network_type text SEARCH or SEARCH_PARTNERS.
device text DESKTOP, MOBILE or TABLET.
customer_id bigint Account id.
impressions bigint Impressions.
clicks bigint Clicks.
conversions double_precision Form fills attributed (last click).
conversions_value double_precision Conversion value (USD).
view_through_conversions integer View-through conversions.
cost_micros bigint Cost in micros (1e-6 USD).
"""
KEYLESS = f"""
_fivetran_id text Fivetran's key for a row without a primary key.
{FIVETRAN_SYNCED}
"""
N_KEYWORDS = len(g.GOOGLE_KEYWORD_SHARES)


def _account_stats_contract(size) -> RowContract:
    """A row per day some campaign ran and network-device cell: most of the history, in
    every environment (25 campaigns in dev leave gaps between runs)."""
    cells = len(g.GOOGLE_NETWORKS) * len(g.DEVICES)
    return RowContract(round(d.HISTORY_YEARS * 365 * cells * 0.85), tolerance=0.3)


def _per_campaign_contract(per_campaign: float):
    """Rows per Google campaign: a version at the start and one when it ended."""
    return lambda size: RowContract(round(size.campaigns * SHARE * per_campaign), tolerance=0.5)


SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        source=PLATFORM,
        table="account_history",
        description="Google Ads account versions.",
        generate=accounts,
        cut=timeline.fivetran_versions("updated_at", active=True),
        primary_key=("id", "updated_at"),
        contract=lambda size: RowContract(2),
        columns=columns(f"""
        id bigint Customer (account) id.
        updated_at timestamptz When this version was recorded.
        descriptive_name text Account name.
        currency_code text Currency.
        time_zone text Account time zone.
        auto_tagging_enabled boolean GCLID auto-tagging.
        {HISTORY}
        """),
        imitates="google_ads.account_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="campaign_history",
        description="Google Ads campaign versions (budget and status changes).",
        generate=campaigns,
        cut=timeline.fivetran_versions("updated_at", active=True),
        primary_key=("id", "updated_at"),
        contract=versions_contract(SHARE),
        columns=columns(f"""
        id bigint Campaign id.
        updated_at timestamptz When this version was recorded.
        customer_id bigint Account id.
        name text UTM-style campaign name (utm_campaign).
        status text ENABLED, or PAUSED once the run ended.
        advertising_channel_type text SEARCH.
        advertising_channel_subtype text? Channel subtype (none for standard search).
        serving_status text SERVING or ENDED.
        start_date text First day (YYYY-MM-DD, as the API returns it).
        end_date text Last day (YYYY-MM-DD).
        budget_amount_micros bigint Daily budget in micros (1e-6 USD).
        tracking_url_template text Tracking template with UTM parameters.
        {HISTORY}
        """),
        imitates="google_ads.campaign_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="ad_group_history",
        description="Google Ads ad groups (core, competitor and long-tail intent per campaign).",
        generate=ad_groups,
        cut=timeline.fivetran_versions("updated_at", active=True),
        primary_key=("id", "updated_at"),
        contract=_per_campaign_contract(len(AD_GROUPS) * 1.6),
        columns=columns(f"""
        id bigint Ad group id.
        updated_at timestamptz When this version was recorded.
        campaign_id bigint Campaign.
        campaign_name text Campaign name.
        name text Ad group name.
        status text ENABLED, or PAUSED once the campaign ended.
        type text SEARCH_STANDARD.
        {HISTORY}
        """),
        foreign_keys=(ForeignKey("campaign_id", "google_ads_campaign_history", "id"),),
        imitates="google_ads.ad_group_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="ad_history",
        description="Google Ads responsive search ads (two per ad group) and their final URLs.",
        generate=ads,
        cut=timeline.fivetran_versions("updated_at", active=True),
        primary_key=("id", "updated_at"),
        contract=_per_campaign_contract(len(AD_GROUPS) * len(g.GOOGLE_ADS_PER_AD_GROUP) * 1.6),
        columns=columns(f"""
        id bigint Ad id.
        updated_at timestamptz When this version was recorded.
        ad_group_id bigint Ad group.
        name text Ad name (utm_content).
        type text RESPONSIVE_SEARCH_AD.
        status text ENABLED, or PAUSED once the campaign ended.
        display_url text Display URL.
        final_urls text Landing URLs with UTM parameters, as a bracketed list.
        {HISTORY}
        """),
        foreign_keys=(ForeignKey("ad_group_id", "google_ads_ad_group_history", "id"),),
        imitates="google_ads.ad_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="ad_group_criterion_history",
        description="Google Ads keywords (criteria) per ad group.",
        generate=ad_group_criteria,
        cut=timeline.fivetran_versions("updated_at", active=True),
        primary_key=("id", "updated_at"),
        contract=_per_campaign_contract(len(AD_GROUPS) * N_KEYWORDS * 1.6),
        columns=columns(f"""
        id bigint Criterion id.
        updated_at timestamptz When this version was recorded.
        ad_group_id bigint Ad group.
        base_campaign_id bigint Campaign.
        keyword_text text Keyword.
        keyword_match_type text PHRASE, EXACT or BROAD.
        status text ENABLED, or PAUSED once the campaign ended.
        type text KEYWORD.
        {HISTORY}
        """),
        foreign_keys=(ForeignKey("ad_group_id", "google_ads_ad_group_history", "id"),),
        imitates="google_ads.ad_group_criterion_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="campaign_stats",
        description="Daily Google Ads stats by campaign, network and device.",
        generate=campaign_stats,
        cut=timeline.fivetran_facts("date"),
        primary_key=("id", "date", "ad_network_type", "device"),
        contract=daily_contract(SHARE, 4.0, tolerance=0.5),
        columns=columns(f"""
        id bigint Campaign.
        {STATS}
        {KEYLESS}
        """),
        foreign_keys=(ForeignKey("id", "google_ads_campaign_history", "id"),),
        imitates="google_ads.campaign_stats",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="account_stats",
        description="Daily Google Ads stats for the account by network and device (sum of "
        "campaigns).",
        generate=account_stats,
        cut=timeline.fivetran_facts("date"),
        primary_key=STATS_KEY,
        contract=_account_stats_contract,
        columns=columns(f"""
        {STATS}
        {KEYLESS}
        """),
        imitates="google_ads.account_stats",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="ad_group_stats",
        description="Daily Google Ads stats by ad group, network and device (split of the "
        "campaign's).",
        generate=ad_group_stats,
        cut=timeline.fivetran_facts("date"),
        primary_key=("id", "date", "ad_network_type", "device"),
        contract=daily_contract(SHARE, 4.0 * 2.5, tolerance=0.5),
        columns=columns(f"""
        id bigint Ad group.
        campaign_id bigint Campaign.
        {STATS}
        {KEYLESS}
        """),
        foreign_keys=(ForeignKey("id", "google_ads_ad_group_history", "id"),),
        imitates="google_ads.ad_group_stats",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="ad_stats",
        description="Daily Google Ads stats by ad, network and device (split of the ad group's).",
        generate=ad_stats,
        cut=timeline.fivetran_facts("date"),
        primary_key=("ad_id", "date", "ad_network_type", "device"),
        contract=daily_contract(SHARE, 4.0 * 4.0, tolerance=0.5),
        columns=columns(f"""
        ad_id bigint Ad.
        ad_group_id text>bigint Ad group id (the report returns it as text).
        ad_group text Ad group resource name.
        campaign_id bigint Campaign.
        keyword_ad_group_criterion text? Keyword resource (none for responsive search ads).
        {STATS}
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("ad_id", "google_ads_ad_history", "id"),),
        imitates="google_ads.ad_stats",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="keyword_stats",
        description="Daily Google Ads stats by keyword, network and device (split of the ad "
        "group's).",
        generate=keyword_stats,
        cut=timeline.fivetran_facts("date"),
        primary_key=("ad_group_criterion_criterion_id", "date", "ad_network_type", "device"),
        contract=daily_contract(SHARE, 4.0 * 5.0, tolerance=0.5),
        columns=columns(f"""
        ad_group_criterion_criterion_id bigint Keyword (criterion).
        ad_group_id bigint Ad group.
        campaign_id bigint Campaign.
        {STATS}
        {KEYLESS}
        """),
        foreign_keys=(
            ForeignKey(
                "ad_group_criterion_criterion_id", "google_ads_ad_group_criterion_history", "id"
            ),
        ),
        imitates="google_ads.keyword_stats",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=PLATFORM,
        table="search_term_keyword_stats",
        description="Daily Google Ads stats by search term and the keyword it matched.",
        generate=search_term_keyword_stats,
        cut=timeline.fivetran_facts("date"),
        primary_key=("keyword_ad_group_criterion", "search_term", "date"),
        contract=daily_contract(SHARE, 18.0, tolerance=0.5),
        columns=columns(f"""
        search_term text What the person searched for.
        date date Day (account time zone).
        ad_group_id bigint Ad group.
        campaign_id bigint Campaign.
        customer_id bigint Account id.
        keyword_ad_group_criterion text Matched keyword resource (…/adGroupCriteria/<group>~<id>).
        search_term_match_type text EXACT or NEAR_EXACT.
        status text Whether the term was added as a keyword (NONE).
        info_text text The matched keyword's text.
        impressions bigint Impressions.
        clicks bigint Clicks.
        conversions double_precision Form fills attributed (last click).
        conversions_value double_precision Conversion value (USD).
        view_through_conversions integer View-through conversions.
        cost_micros bigint Cost in micros (1e-6 USD).
        {KEYLESS}
        """),
        foreign_keys=(ForeignKey("ad_group_id", "google_ads_ad_group_history", "id"),),
        imitates="google_ads.search_term_keyword_stats",
        freshness_column="_fivetran_synced",
    ),
)
