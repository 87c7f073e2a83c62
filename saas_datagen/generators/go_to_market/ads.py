"""Ad platforms shaped like the Fivetran connectors: google_ads, facebook_ads, linkedin_ads.

Entities are `*_history` tables (one row per version); stats are daily. Every number is a
split of the funnel's campaign-day stats, so the platforms add up to what the web sessions
saw: impressions >= clicks >= landed sessions >= conversions.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import go_to_market as g
from saas_datagen.generators.context import MICROS_PER_DAY, UTC_US, GenerationContext, synced_after
from saas_datagen.generators.go_to_market.funnel import FUNNEL, funnel
from saas_datagen.generators.sampling import exact_counts
from saas_datagen.schema import ForeignKey, RowContract, TableSpec, declare

# Platform-native id ranges (campaign key k becomes base + k).
ID_BASE = {
    "google_ads": 17_000_000_000,
    "facebook_ads": 23_850_000_000_000,
    "linkedin_ads": 180_000_000,
    "iterable": 4_200_000,
}
ACCOUNT_ID = {
    "google_ads": 5_182_736_401,
    "facebook_ads": 10_152_837_461,
    "linkedin_ads": 507_381_122,
}
SYNCED = "_fivetran_synced timestamptz When Fivetran last synced the row."


def platform_campaigns(ctx: GenerationContext, platform: str) -> pl.DataFrame:
    return (
        funnel(ctx)
        .campaigns.filter(pl.col("platform") == platform)
        .with_columns(campaign_id=pl.col("campaign_key") + ID_BASE[platform])
    )


def platform_days(ctx: GenerationContext, platform: str) -> pl.DataFrame:
    return (
        funnel(ctx)
        .campaign_days.filter(pl.col("platform") == platform)
        .with_columns(campaign_id=pl.col("campaign_key") + ID_BASE[platform])
        .sort("campaign_key", "date")
    )


def campaign_versions(ctx: GenerationContext, platform: str) -> pl.DataFrame:
    """Created, a few budget changes while running, and the end of the run."""
    campaigns = platform_campaigns(ctx, platform)
    days = (
        platform_days(ctx, platform)
        .group_by("campaign_key")
        .agg(budget=pl.col("daily_budget_usd").first())
    )
    rng = ctx.rng(f"{FUNNEL}.versions.{platform}")
    n = campaigns.height
    low, high = g.BUDGET_CHANGES
    changes = rng.integers(low, high + 1, n)
    base = campaigns.join(days, on="campaign_key", how="left").with_columns(
        pl.col("budget").fill_null(10.0), changes=pl.Series(changes)
    )
    created = base.select(
        "campaign_key", "campaign_id", at="start_us", status=pl.lit("ENABLED"), factor=pl.lit(1.0)
    )
    edits = base.with_columns(i=pl.int_ranges(0, "changes")).explode("i")
    m = edits.height
    frac = rng.uniform(0.1, 0.9, m)
    edits = edits.select(
        "campaign_key",
        "campaign_id",
        at=pl.col("start_us")
        + ((pl.col("end_us") - pl.col("start_us")) * pl.Series(frac)).cast(pl.Int64),
        status=pl.lit("ENABLED"),
        factor=pl.Series(rng.choice([0.8, 1.1, 1.25], m)),
    )
    ended = base.filter(~pl.col("running")).select(
        "campaign_key", "campaign_id", at="end_us", status=pl.lit("ENDED"), factor=pl.lit(1.0)
    )
    return (
        pl.concat([created, edits, ended])
        .sort("campaign_key", "at")
        .unique(["campaign_key", "at"], keep="last", maintain_order=True)
        .join(
            base.select(
                "campaign_key",
                "budget",
                "campaign_name",
                "objective",
                "start_date",
                "end_date",
                "running",
            ),
            on="campaign_key",
        )
        .with_columns(
            daily_budget=(
                pl.col("budget") * pl.col("factor").cum_prod().over("campaign_key")
            ).round(2),
            updated_at=pl.col("at").cast(UTC_US),
        )
    )


def _synced(ctx: GenerationContext, column: str = "updated_at") -> pl.Expr:
    return synced_after(ctx, pl.col(column), pl.duration(minutes=7))


def _split(
    ctx: GenerationContext, stream: str, totals: pl.DataFrame, shares: list[float]
) -> dict[str, np.ndarray]:
    """Split each day's counts over k cells (devices, ads) multinomially; cost by clicks."""
    rng = ctx.rng(f"{FUNNEL}.split.{stream}")
    out = {}
    for column in ("impressions", "clicks", "sessions", "conversions"):
        out[column] = rng.multinomial(totals[column].to_numpy(), shares)
    # Keep every cell coherent: impressions >= clicks >= sessions >= conversions.
    out["sessions"] = np.minimum(out["sessions"], out["clicks"])
    out["conversions"] = np.minimum(out["conversions"], out["sessions"])
    out["impressions"] = np.maximum(out["impressions"], out["clicks"])
    clicks = out["clicks"].astype(float)
    share = np.divide(
        clicks,
        clicks.sum(axis=1, keepdims=True),
        out=np.full_like(clicks, 1 / len(shares)),
        where=clicks.sum(axis=1, keepdims=True) > 0,
    )
    out["cost"] = np.round(totals["cost_usd"].to_numpy()[:, None] * share, 2)
    return out


def _cells(
    days: pl.DataFrame, split: dict[str, np.ndarray], labels: dict[str, list]
) -> pl.DataFrame:
    k = split["clicks"].shape[1]
    frame = days.with_columns(cell=pl.lit(list(range(k)))).explode("cell")
    frame = frame.with_columns(**{c: pl.Series(v.ravel()) for c, v in split.items()})
    for name, values in labels.items():
        frame = frame.with_columns(
            pl.col("cell").replace_strict(dict(enumerate(values))).alias(name)
        )
    return frame


# --- google_ads -----------------------------------------------------------------------------


def google_accounts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    start = funnel(ctx).campaigns["start_us"].min() - 30 * MICROS_PER_DAY
    yield pl.DataFrame(
        {
            "id": [ACCOUNT_ID["google_ads"]] * 2,
            "updated_at": [start, start + 400 * MICROS_PER_DAY],
            "descriptive_name": ["TapFlow", "TapFlow - Growth"],
            "currency_code": ["USD"] * 2,
            "time_zone": ["America/New_York"] * 2,
            "auto_tagging_enabled": [False, True],
        }
    ).with_columns(pl.col("updated_at").cast(UTC_US), _synced(ctx))


def google_campaigns(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        campaign_versions(ctx, "google_ads")
        .select(
            id="campaign_id",
            updated_at="updated_at",
            customer_id=pl.lit(ACCOUNT_ID["google_ads"]),
            name="campaign_name",
            status="status",
            advertising_channel_type=pl.lit("SEARCH"),
            serving_status=pl.when(pl.col("status") == "ENDED")
            .then(pl.lit("ENDED"))
            .otherwise(pl.lit("SERVING")),
            start_date="start_date",
            end_date="end_date",
            budget_amount_micros=(pl.col("daily_budget") * 1_000_000).cast(pl.Int64),
            tracking_url_template=pl.lit("{lpurl}?utm_source=google&utm_medium=cpc&utm_campaign=")
            + pl.col("campaign_name"),
        )
        .with_columns(_synced(ctx))
    )


def google_stats(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    days = platform_days(ctx, "google_ads")
    networks, devices = list(g.GOOGLE_NETWORKS), list(g.DEVICES)
    shares = np.outer(list(g.GOOGLE_NETWORKS.values()), list(g.DEVICES.values())).ravel().tolist()
    split = _split(ctx, "google", days, shares)
    cells = _cells(
        days,
        split,
        {
            "ad_network_type": [n for n in networks for _ in devices],
            "device": devices * len(networks),
        },
    )
    yield cells.filter(pl.col("impressions") > 0).select(
        campaign_id="campaign_id",
        date="date",
        ad_network_type="ad_network_type",
        device="device",
        customer_id=pl.lit(ACCOUNT_ID["google_ads"]),
        impressions="impressions",
        clicks="clicks",
        conversions=pl.col("conversions").cast(pl.Float64),
        conversions_value=pl.col("conversions") * 25.0,
        view_through_conversions=pl.lit(0),
        cost_micros=(pl.col("cost") * 1_000_000).round().cast(pl.Int64),
        _fivetran_synced=synced_after(ctx, pl.col("date"), pl.duration(days=1, hours=3)),
    )


# --- facebook_ads ---------------------------------------------------------------------------

ADS_PER_CAMPAIGN = g.FACEBOOK_AD_SETS_PER_CAMPAIGN * g.FACEBOOK_ADS_PER_AD_SET


def _facebook_ads(ctx: GenerationContext) -> pl.DataFrame:
    campaigns = platform_campaigns(ctx, "facebook_ads")
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
    )


def facebook_accounts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    start = funnel(ctx).campaigns["start_us"].min() - 30 * MICROS_PER_DAY
    yield pl.DataFrame(
        {
            "id": [ACCOUNT_ID["facebook_ads"]] * 2,
            "_fivetran_synced": [start, start + 500 * MICROS_PER_DAY],
            "name": ["TapFlow Ads", "TapFlow Ads"],
            "account_status": ["ACTIVE"] * 2,
            "currency": ["USD"] * 2,
            "timezone_name": ["America/Los_Angeles", "America/New_York"],
            "business_country_code": ["US"] * 2,
            "created_time": [start] * 2,
        }
    ).with_columns(pl.col("_fivetran_synced", "created_time").cast(UTC_US))


def facebook_campaigns(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    objective = {"acquisition": "OUTCOME_LEADS", "reengagement": "OUTCOME_ENGAGEMENT"}
    yield (
        campaign_versions(ctx, "facebook_ads")
        .select(
            id="campaign_id",
            updated_time="updated_at",
            account_id=pl.lit(ACCOUNT_ID["facebook_ads"]),
            name="campaign_name",
            status=pl.when(pl.col("status") == "ENDED")
            .then(pl.lit("PAUSED"))
            .otherwise(pl.lit("ACTIVE")),
            objective=pl.col("objective").replace_strict(objective),
            daily_budget=(pl.col("daily_budget") * 100).cast(pl.Int64),
            start_time=pl.col("start_date").cast(UTC_US),
            stop_time=pl.when(~pl.col("running")).then(pl.col("end_date").cast(UTC_US)),
            created_time=pl.col("start_date").cast(UTC_US),
        )
        .with_columns(_synced(ctx, "updated_time"))
    )


def facebook_ad_sets(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    ads = _facebook_ads(ctx).unique("ad_set_id", maintain_order=True)
    yield ads.select(
        id="ad_set_id",
        updated_time=pl.col("start_us").cast(UTC_US),
        campaign_id="campaign_id",
        account_id=pl.lit(ACCOUNT_ID["facebook_ads"]),
        name="ad_set_name",
        status=pl.when(pl.col("running")).then(pl.lit("ACTIVE")).otherwise(pl.lit("PAUSED")),
        optimization_goal=pl.lit("LEAD_GENERATION"),
        targeting_audience="audience",
        start_time=pl.col("start_us").cast(UTC_US),
        end_time=pl.when(~pl.col("running")).then(pl.col("end_us").cast(UTC_US)),
    ).with_columns(_synced(ctx, "updated_time"))


def facebook_ad_history(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        _facebook_ads(ctx)
        .select(
            id="ad_id",
            updated_time=pl.col("start_us").cast(UTC_US),
            ad_set_id="ad_set_id",
            campaign_id="campaign_id",
            account_id=pl.lit(ACCOUNT_ID["facebook_ads"]),
            name="ad_name",
            status=pl.when(pl.col("running")).then(pl.lit("ACTIVE")).otherwise(pl.lit("PAUSED")),
            creative_id=pl.col("ad_id") + 7,
        )
        .with_columns(_synced(ctx, "updated_time"))
    )


def _facebook_cells(ctx: GenerationContext) -> pl.DataFrame:
    def build(ctx: GenerationContext) -> pl.DataFrame:
        days = platform_days(ctx, "facebook_ads")
        shares = [0.4, 0.3, 0.2, 0.1][:ADS_PER_CAMPAIGN]
        cells = _cells(days, _split(ctx, "facebook", days, shares), {})
        return cells.with_columns(ad_id=pl.col("campaign_id") * 100 + pl.col("cell")).join(
            _facebook_ads(ctx).select("ad_id", "ad_name", "ad_set_name"), on="ad_id"
        )

    return ctx.cached(f"{FUNNEL}.facebook_cells", build)


def facebook_basic_ad(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    cells = _facebook_cells(ctx).filter(pl.col("impressions") > 0)
    reach = (pl.col("impressions") / 1.3).ceil().cast(pl.Int64)
    yield cells.select(
        ad_id="ad_id",
        date="date",
        account_id=pl.lit(ACCOUNT_ID["facebook_ads"]),
        ad_name="ad_name",
        adset_name="ad_set_name",
        impressions="impressions",
        inline_link_clicks="clicks",
        spend="cost",
        reach=reach,
        frequency=(pl.col("impressions") / reach).round(3),
        _fivetran_synced=synced_after(ctx, pl.col("date"), pl.duration(days=1, hours=2)),
    )


def facebook_basic_ad_actions(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    cells = _facebook_cells(ctx)
    actions = {"link_click": "clicks", "landing_page_view": "sessions", "lead": "conversions"}
    frames = [
        cells.select(
            "ad_id", "date", action_type=pl.lit(name), value=pl.col(column).cast(pl.Float64)
        )
        for name, column in actions.items()
    ]
    yield (
        pl.concat(frames)
        .filter(pl.col("value") > 0)
        .sort("date", "ad_id", "action_type")
        .with_columns(
            _fivetran_synced=synced_after(ctx, pl.col("date"), pl.duration(days=1, hours=2))
        )
    )


# --- linkedin_ads ---------------------------------------------------------------------------

GROUPS = ("Acquisition", "Re-engagement", "Brand")


def _linkedin_group(theme: pl.Expr) -> pl.Expr:
    return (
        pl.when(theme.str.starts_with("reeng"))
        .then(2)
        .when(theme == "acq-brand-awareness")
        .then(3)
        .otherwise(1)
        + ID_BASE["linkedin_ads"] // 1000
    )


def linkedin_accounts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    start = funnel(ctx).campaigns["start_us"].min() - 30 * MICROS_PER_DAY
    yield pl.DataFrame(
        {
            "id": [ACCOUNT_ID["linkedin_ads"]],
            "last_modified_time": [start],
            "name": ["TapFlow"],
            "currency": ["USD"],
            "status": ["ACTIVE"],
            "type": ["BUSINESS"],
            "created_time": [start],
        }
    ).with_columns(
        pl.col("last_modified_time", "created_time").cast(UTC_US),
        _synced(ctx, "last_modified_time"),
    )


def linkedin_groups(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    start = funnel(ctx).campaigns["start_us"].min() - 20 * MICROS_PER_DAY
    yield pl.DataFrame(
        {
            "id": [ID_BASE["linkedin_ads"] // 1000 + i for i in range(1, len(GROUPS) + 1)],
            "last_modified_time": [start] * len(GROUPS),
            "account_id": [ACCOUNT_ID["linkedin_ads"]] * len(GROUPS),
            "name": list(GROUPS),
            "status": ["ACTIVE"] * len(GROUPS),
            "created_time": [start] * len(GROUPS),
        }
    ).with_columns(
        pl.col("last_modified_time", "created_time").cast(UTC_US),
        _synced(ctx, "last_modified_time"),
    )


def linkedin_campaigns(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    themes = platform_campaigns(ctx, "linkedin_ads").select("campaign_key", "theme")
    yield (
        campaign_versions(ctx, "linkedin_ads")
        .join(themes, on="campaign_key")
        .select(
            id="campaign_id",
            last_modified_time="updated_at",
            account_id=pl.lit(ACCOUNT_ID["linkedin_ads"]),
            campaign_group_id=_linkedin_group(pl.col("theme")),
            name="campaign_name",
            status=pl.when(pl.col("status") == "ENDED")
            .then(pl.lit("COMPLETED"))
            .otherwise(pl.lit("ACTIVE")),
            type=pl.lit("SPONSORED_UPDATES"),
            cost_type=pl.lit("CPC"),
            daily_budget_amount="daily_budget",
            daily_budget_currency_code=pl.lit("USD"),
            run_schedule_start=pl.col("start_date").cast(UTC_US),
            run_schedule_end=pl.when(~pl.col("running")).then(pl.col("end_date").cast(UTC_US)),
            created_time=pl.col("start_date").cast(UTC_US),
        )
        .with_columns(_synced(ctx, "last_modified_time"))
    )


def linkedin_analytics(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        platform_days(ctx, "linkedin_ads")
        .filter(pl.col("impressions") > 0)
        .select(
            campaign_id="campaign_id",
            day="date",
            impressions="impressions",
            clicks="clicks",
            landing_page_clicks="sessions",
            external_website_conversions="conversions",
            cost_in_usd="cost_usd",
            cost_in_local_currency="cost_usd",
            _fivetran_synced=synced_after(ctx, pl.col("date"), pl.duration(days=1, hours=4)),
        )
    )


def platform_campaign_count(size, platform: str) -> int:
    """Campaigns of a platform, as the funnel allocates them (exact shares of the total)."""
    counts = exact_counts(size.campaigns, list(g.PLATFORM_SHARES.values()))
    return int(counts[list(g.PLATFORM_SHARES).index(platform)])


def _versions_contract(share: float):
    """About 1 + 2 budget changes + an end per campaign of the platform (a sanity band: with
    25 campaigns in dev one platform's share varies a lot)."""
    return lambda size: RowContract(round(size.campaigns * share * 3.5), tolerance=0.4)


def _daily_contract(share: float, cells: float, tolerance: float = 0.4):
    return lambda size: RowContract(round(size.campaign_days * share * cells), tolerance=tolerance)


GOOGLE_SHARE = g.PLATFORM_SHARES["google_ads"]
FACEBOOK_SHARE = g.PLATFORM_SHARES["facebook_ads"]
LINKEDIN_SHARE = g.PLATFORM_SHARES["linkedin_ads"]

SPECS: tuple[TableSpec, ...] = (
    declare(
        "google_ads",
        "account_history",
        "Google Ads account versions.",
        google_accounts,
        ("id", "updated_at"),
        lambda size: RowContract(2),
        f"""
        id bigint Customer (account) id.
        updated_at timestamptz When this version was recorded.
        descriptive_name text Account name.
        currency_code text Currency.
        time_zone text Account time zone.
        auto_tagging_enabled boolean GCLID auto-tagging.
        {SYNCED}
        """,
    ),
    declare(
        "google_ads",
        "campaign_history",
        "Google Ads campaign versions (budget and status changes).",
        google_campaigns,
        ("id", "updated_at"),
        _versions_contract(GOOGLE_SHARE),
        f"""
        id bigint Campaign id.
        updated_at timestamptz When this version was recorded.
        customer_id bigint Account id.
        name text UTM-style campaign name (utm_campaign).
        status text ENABLED or ENDED.
        advertising_channel_type text SEARCH.
        serving_status text SERVING or ENDED.
        start_date date First day.
        end_date date Last day.
        budget_amount_micros bigint Daily budget in micros (1e-6 USD).
        tracking_url_template text Tracking template with UTM parameters.
        {SYNCED}
        """,
    ),
    declare(
        "google_ads",
        "campaign_stats",
        "Daily Google Ads stats by campaign, network and device.",
        google_stats,
        ("campaign_id", "date", "ad_network_type", "device"),
        _daily_contract(GOOGLE_SHARE, 4.0, tolerance=0.5),
        f"""
        campaign_id bigint Campaign.
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
        {SYNCED}
        """,
        fks=(ForeignKey("campaign_id", "google_ads_campaign_history", "id"),),
    ),
    declare(
        "facebook_ads",
        "account_history",
        "Meta ad account versions.",
        facebook_accounts,
        ("id", "_fivetran_synced"),
        lambda size: RowContract(2),
        """
        id bigint Ad account id.
        _fivetran_synced timestamptz Version time (history by sync).
        name text Account name.
        account_status text ACTIVE.
        currency text Currency.
        timezone_name text Time zone.
        business_country_code text Country.
        created_time timestamptz Creation.
        """,
    ),
    declare(
        "facebook_ads",
        "campaign_history",
        "Meta campaign versions.",
        facebook_campaigns,
        ("id", "updated_time"),
        _versions_contract(FACEBOOK_SHARE),
        f"""
        id bigint Campaign id.
        updated_time timestamptz When this version was recorded.
        account_id bigint Ad account.
        name text UTM-style campaign name.
        status text ACTIVE or PAUSED.
        objective text OUTCOME_LEADS or OUTCOME_ENGAGEMENT.
        daily_budget bigint Daily budget in cents.
        start_time timestamptz Start.
        stop_time timestamptz? End.
        created_time timestamptz Creation.
        {SYNCED}
        """,
    ),
    declare(
        "facebook_ads",
        "ad_set_history",
        "Meta ad sets (two per campaign).",
        facebook_ad_sets,
        ("id", "updated_time"),
        lambda size: RowContract(
            round(size.campaigns * FACEBOOK_SHARE * g.FACEBOOK_AD_SETS_PER_CAMPAIGN), tolerance=0.1
        ),
        f"""
        id bigint Ad set id.
        updated_time timestamptz When this version was recorded.
        campaign_id bigint Campaign.
        account_id bigint Ad account.
        name text Ad set name.
        status text ACTIVE or PAUSED.
        optimization_goal text LEAD_GENERATION.
        targeting_audience text Audience segment.
        start_time timestamptz Start.
        end_time timestamptz? End.
        {SYNCED}
        """,
        fks=(ForeignKey("campaign_id", "facebook_ads_campaign_history", "id"),),
    ),
    declare(
        "facebook_ads",
        "ad_history",
        "Meta ads (two per ad set).",
        facebook_ad_history,
        ("id", "updated_time"),
        lambda size: RowContract(
            round(size.campaigns * FACEBOOK_SHARE * ADS_PER_CAMPAIGN), tolerance=0.1
        ),
        f"""
        id bigint Ad id.
        updated_time timestamptz When this version was recorded.
        ad_set_id bigint Ad set.
        campaign_id bigint Campaign.
        account_id bigint Ad account.
        name text Ad name.
        status text ACTIVE or PAUSED.
        creative_id bigint Creative.
        {SYNCED}
        """,
        fks=(
            ForeignKey("ad_set_id", "facebook_ads_ad_set_history", "id"),
            ForeignKey("campaign_id", "facebook_ads_campaign_history", "id"),
        ),
    ),
    declare(
        "facebook_ads",
        "basic_ad",
        "Daily Meta stats per ad (Meta has no campaign-level stats).",
        facebook_basic_ad,
        ("ad_id", "date"),
        _daily_contract(FACEBOOK_SHARE, 4.0, tolerance=0.5),
        f"""
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
        {SYNCED}
        """,
        fks=(ForeignKey("ad_id", "facebook_ads_ad_history", "id"),),
        depends_on=("google_ads_campaign_stats", "linkedin_ads_ad_analytics_by_campaign"),
    ),
    declare(
        "facebook_ads",
        "basic_ad_actions",
        "Daily Meta actions per ad (link clicks, landing views, leads).",
        facebook_basic_ad_actions,
        ("ad_id", "date", "action_type"),
        _daily_contract(FACEBOOK_SHARE, 2.5, tolerance=0.7),
        f"""
        ad_id bigint Ad.
        date date Day.
        action_type text link_click, landing_page_view or lead.
        value double_precision Count.
        {SYNCED}
        """,
        fks=(ForeignKey("ad_id", "facebook_ads_ad_history", "id"),),
    ),
    declare(
        "linkedin_ads",
        "account_history",
        "LinkedIn ad account versions.",
        linkedin_accounts,
        ("id", "last_modified_time"),
        lambda size: RowContract(1),
        f"""
        id bigint Ad account id.
        last_modified_time timestamptz Version time.
        name text Name.
        currency text Currency.
        status text ACTIVE.
        type text BUSINESS.
        created_time timestamptz Creation.
        {SYNCED}
        """,
    ),
    declare(
        "linkedin_ads",
        "campaign_group_history",
        "LinkedIn campaign groups.",
        linkedin_groups,
        ("id", "last_modified_time"),
        lambda size: RowContract(len(GROUPS)),
        f"""
        id bigint Campaign group id.
        last_modified_time timestamptz Version time.
        account_id bigint Ad account.
        name text Acquisition, Re-engagement or Brand.
        status text ACTIVE.
        created_time timestamptz Creation.
        {SYNCED}
        """,
    ),
    declare(
        "linkedin_ads",
        "campaign_history",
        "LinkedIn campaign versions.",
        linkedin_campaigns,
        ("id", "last_modified_time"),
        _versions_contract(LINKEDIN_SHARE),
        f"""
        id bigint Campaign id.
        last_modified_time timestamptz Version time.
        account_id bigint Ad account.
        campaign_group_id bigint Campaign group.
        name text UTM-style campaign name.
        status text ACTIVE or COMPLETED.
        type text SPONSORED_UPDATES.
        cost_type text CPC.
        daily_budget_amount double_precision Daily budget.
        daily_budget_currency_code text Currency.
        run_schedule_start timestamptz Start.
        run_schedule_end timestamptz? End.
        created_time timestamptz Creation.
        {SYNCED}
        """,
        fks=(ForeignKey("campaign_group_id", "linkedin_ads_campaign_group_history", "id"),),
    ),
    declare(
        "linkedin_ads",
        "ad_analytics_by_campaign",
        "Daily LinkedIn stats per campaign.",
        linkedin_analytics,
        ("campaign_id", "day"),
        _daily_contract(LINKEDIN_SHARE, 1.0),
        f"""
        campaign_id bigint Campaign.
        day date Day.
        impressions bigint Impressions.
        clicks bigint Clicks.
        landing_page_clicks bigint Clicks that landed on the site.
        external_website_conversions bigint Form fills.
        cost_in_usd double_precision Spend in USD.
        cost_in_local_currency double_precision Spend in account currency.
        {SYNCED}
        """,
        fks=(ForeignKey("campaign_id", "linkedin_ads_campaign_history", "id"),),
    ),
)
