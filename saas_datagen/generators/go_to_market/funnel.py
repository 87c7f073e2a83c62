"""The go-to-market story every marketing and CRM table derives from (not loaded itself).

Campaigns run; visitors arrive in sessions (paid ones from a campaign active that day,
re-engagement only for returning visitors); some sessions end in a form fill, which is a
lead; trial sign-ups convert at their path's rate, and the converted trials are exactly the
app's accounts. Ad platform stats are then derived from the sessions they produced, so
impressions >= clicks >= sessions >= conversions holds by construction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.config import go_to_market as g
from saas_datagen.generators import pools
from saas_datagen.generators.app_database import account_plan, accounts
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext
from saas_datagen.generators.sampling import (
    exact_counts,
    growth_times,
    stratified_choice,
    stratified_uniform,
)

FUNNEL = "gtm_funnel"
MINUTE_US = 60_000_000
YEAR_US = int(365.25 * MICROS_PER_DAY)


@dataclass(frozen=True)
class Funnel:
    campaigns: pl.DataFrame
    campaign_days: pl.DataFrame  # one row per campaign and day it ran, with its stats
    leads: pl.DataFrame
    sessions: pl.DataFrame


def funnel(ctx: GenerationContext) -> Funnel:
    return ctx.cached(FUNNEL, _build)


def _history_start(ctx: GenerationContext) -> int:
    return ctx.horizon_us - int(d.HISTORY_YEARS * YEAR_US)


def _growth(ctx: GenerationContext, rng: np.random.Generator, n: int, end_us: int) -> np.ndarray:
    return growth_times(stratified_uniform(rng, n), _history_start(ctx), end_us, d.ANNUAL_GROWTH)


def _campaigns(ctx: GenerationContext) -> pl.DataFrame:
    n = ctx.size.campaigns
    rng = ctx.rng(f"{FUNNEL}.campaigns")
    themes = {t[0]: t[3] for t in g.CAMPAIGN_THEMES}
    theme = stratified_choice(rng, n, themes)
    start = np.sort(_growth(ctx, rng, n, ctx.days_before_horizon_us(30)))
    # Platforms are dealt in start order and run lengths stratified per platform: with 25
    # campaigns in dev, independent draws gave one platform twice or half its share of
    # campaign-days (its stats tables missed their size by ±50-70% on some seeds).
    platform = _deal(g.PLATFORM_SHARES, n)
    low, high = g.CAMPAIGN_DAYS
    days = np.empty(n, dtype=np.int64)
    for name in g.PLATFORM_SHARES:
        mine = np.flatnonzero(platform == name)
        days[mine] = low + (stratified_uniform(rng, len(mine)) * (high - low + 1)).astype(np.int64)
    start -= start % MICROS_PER_DAY
    end = start + days * MICROS_PER_DAY
    audience = rng.choice(g.AUDIENCES, n)
    objective = {t[0]: t[1] for t in g.CAMPAIGN_THEMES}
    targeting = {t[0]: t[2] for t in g.CAMPAIGN_THEMES}
    frame = pl.DataFrame(
        {
            "platform": platform,
            "theme": theme,
            "audience": audience,
            "start_us": start,
            "end_us": np.minimum(end, ctx.horizon_us),
            "running": end >= ctx.horizon_us,
            "pacing": rng.uniform(*g.PACING, n),
        }
    ).sort("start_us", "platform", "theme")
    return frame.with_columns(
        campaign_key=pl.int_range(1, pl.len() + 1, dtype=pl.Int64),
        objective=pl.col("theme").replace_strict(objective),
        targeting=pl.col("theme").replace_strict(targeting),
        start_date=pl.col("start_us").cast(pl.Datetime("us", "UTC")).dt.date(),
        end_date=(pl.col("end_us") - 1).cast(pl.Datetime("us", "UTC")).dt.date(),
    ).with_columns(
        campaign_name=pl.format(
            "{}-{}-{}q{}",
            "theme",
            "audience",
            pl.col("start_date").dt.year(),
            pl.col("start_date").dt.quarter(),
        ),
    )


def _deal(shares: Mapping[str, float], n: int) -> np.ndarray:
    """n labels dealt in turn, each to the label furthest below its share so far, so every
    label's positions spread evenly over the sequence."""
    names = list(shares)
    weights = np.array([shares[k] for k in names], dtype=float)
    weights /= weights.sum()
    dealt = np.zeros(len(names))
    out = np.empty(n, dtype=object)
    for i in range(n):
        pick = int(np.argmax(weights * (i + 1) - dealt))
        dealt[pick] += 1
        out[i] = names[pick]
    return out


def _campaign_day_grid(campaigns: pl.DataFrame) -> pl.DataFrame:
    return campaigns.select(
        "campaign_key",
        "platform",
        "objective",
        date=pl.date_ranges("start_date", "end_date"),
    ).explode("date")


# --- leads ----------------------------------------------------------------------------------


def _leads(ctx: GenerationContext) -> pl.DataFrame:
    rng = ctx.rng(f"{FUNNEL}.leads")
    plan = account_plan.account_plan(ctx)
    horizon = ctx.horizon_us
    trial_us = d.TRIAL_DAYS * MICROS_PER_DAY

    converted = plan.select(
        "account_id",
        created_us="created_us",
        trial_path="acquisition_path",
        outcome=pl.when(pl.col("status") == "trialing")
        .then(pl.lit("in_trial"))
        .otherwise(pl.lit("converted")),
    )
    expired_parts = []
    for path, rule in g.TRIAL_PATHS.items():
        ended = converted.filter(
            (pl.col("trial_path") == path) & (pl.col("outcome") == "converted")
        ).height
        count = round(ended * (1 - rule["conversion"]) / rule["conversion"])
        expired_parts.append(
            pl.DataFrame(
                {
                    "created_us": _growth(ctx, rng, count, horizon - trial_us - MICROS_PER_DAY),
                    "trial_path": [path] * count,
                }
            )
        )
    expired = pl.concat(expired_parts).with_columns(
        account_id=pl.lit(None, pl.Int64), outcome=pl.lit("expired")
    )
    trials = pl.concat([converted, expired], how="diagonal_relaxed").with_columns(
        form_type=pl.lit("trial_signup")
    )

    trial_share = next(f[1] for f in g.FORM_TYPES if f[0] == "trial_signup")
    fills = round(trials.height / trial_share)
    others = [f for f in g.FORM_TYPES if f[0] != "trial_signup"]
    counts = exact_counts(fills - trials.height, [f[1] for f in others])
    other_types = np.repeat([f[0] for f in others], counts)
    other = pl.DataFrame(
        {
            "created_us": _growth(ctx, rng, len(other_types), horizon - MINUTE_US),
            "form_type": rng.permutation(other_types),
        }
    )
    purchased_n = round(fills * g.PURCHASED_LEAD_SHARE)
    purchased = pl.DataFrame(
        {"created_us": _growth(ctx, rng, purchased_n, horizon - MINUTE_US)}
    ).with_columns(form_type=pl.lit(None, pl.String), source=pl.lit("purchased_list"))

    leads = (
        pl.concat([trials, other, purchased], how="diagonal_relaxed")
        .with_columns(pl.col("source").fill_null("web_form"))
        .sort("created_us", "form_type", nulls_last=True)
        .with_columns(lead_key=pl.int_range(1, pl.len() + 1, dtype=pl.Int64))
    )
    n = leads.height
    day = np.array(
        [
            g.TRIAL_PATHS.get(p, {"day": 12.0})["day"]
            for p in leads["trial_path"].fill_null("self_service").to_list()
        ]
    )
    conversion_days = np.clip(rng.normal(day, g.CONVERSION_DAY_SD), 1.0, d.TRIAL_DAYS - 0.05)
    first = pools.sample(rng, ctx.seed, "first_name", n)
    last = pools.sample(rng, ctx.seed, "last_name", n)
    company_word = pools.sample(rng, ctx.seed, "company_word", n)
    industry = rng.choice(d.INDUSTRIES, n, p=list(d.INDUSTRY_SHARES.values()))
    account_cols = accounts.build(ctx).select(
        "account_id", "account_name", "website_domain", "industry"
    )
    mql_weight = {f[0]: f[4] for f in g.FORM_TYPES}
    leads = (
        leads.with_columns(
            first_name=pl.Series(first),
            last_name=pl.Series(last),
            prospect_name=pl.Series(company_word)
            + " "
            + pl.Series(np.char.capitalize(industry.astype(str))),
            prospect_industry=pl.Series(industry),
            conversion_us=pl.when(pl.col("outcome") == "converted").then(
                pl.col("created_us")
                + pl.Series((conversion_days * MICROS_PER_DAY).astype(np.int64))
            ),
            mql_score=pl.col("form_type").replace_strict(
                mql_weight, default=0.0, return_dtype=pl.Float64
            )
            + pl.Series(rng.random(n) * 0.5),
            mql_delay=pl.Series((rng.random(n) * 3 * MICROS_PER_DAY).astype(np.int64)),
        )
        .join(account_cols, on="account_id", how="left")
        .with_columns(
            company_name=pl.coalesce("account_name", "prospect_name"),
            industry=pl.coalesce("industry", "prospect_industry"),
            domain=pl.coalesce(
                "website_domain",
                pl.col("prospect_name").str.to_lowercase().str.replace_all(r"[^a-z0-9]+", "")
                + pl.col("lead_key").cast(pl.String)
                + ".com",
            ),
        )
        .with_columns(
            email=(pl.col("first_name") + "." + pl.col("last_name")).str.to_lowercase()
            + "@"
            + pl.col("domain"),
        )
        .sort("lead_key")
    )
    # Exactly the contracted number of MQLs: the most sales-ready form fills.
    mql_keys = (
        leads.filter(pl.col("form_type").is_not_null())
        .sort("mql_score", descending=True)
        .head(ctx.size.mqls)["lead_key"]
    )
    return (
        leads.with_columns(
            is_mql=pl.col("lead_key").is_in(mql_keys.implode()),
        )
        .with_columns(
            mql_us=pl.when("is_mql").then(
                pl.min_horizontal(
                    pl.col("created_us") + pl.col("mql_delay"), pl.lit(horizon - MINUTE_US)
                )
            )
        )
        # The latent sales-readiness stays as `intent_score`: truth.lead_outcomes reports it;
        # every raw table selects its own columns, so none carries it.
        .rename({"mql_score": "intent_score"})
        .drop(
            "mql_delay",
            "account_name",
            "website_domain",
            "prospect_name",
            "prospect_industry",
        )
    )


# --- sessions -------------------------------------------------------------------------------


def _journey_sessions(ctx: GenerationContext, leads: pl.DataFrame) -> pl.DataFrame:
    """Each form fill closes a journey of 1+ sessions within the attribution lookback."""
    rng = ctx.rng(f"{FUNNEL}.journeys")
    forms = leads.filter(pl.col("form_type").is_not_null())
    n = forms.height
    extra = np.minimum(rng.geometric(1 / (1 + g.JOURNEY_EXTRA_SESSIONS_MEAN), n) - 1, 9)
    k = extra + 1
    journeys = forms.select("lead_key", conversion_us="created_us").with_columns(
        touches=pl.Series(k), visitor_key=pl.col("lead_key")
    )
    rows = journeys.with_columns(position=pl.int_ranges(0, "touches")).explode("position")
    m = rows.height
    # Gap back from the conversion, in days, each touch earlier than the next.
    max_gap = (g.ATTRIBUTION_LOOKBACK_DAYS - 1) / rows["touches"].to_numpy()
    gap_days = rng.uniform(0.05, 1.0, m) * max_gap
    rows = rows.with_columns(gap=pl.Series(gap_days))
    back = rows.with_columns(
        back_days=pl.col("gap").reverse().cum_sum().reverse().over("lead_key") - pl.col("gap")
    )
    minutes = rng.integers(2, 25, m) * MINUTE_US
    return back.with_columns(
        started_us=pl.col("conversion_us")
        - (pl.col("back_days") * MICROS_PER_DAY).cast(pl.Int64)
        - pl.Series(minutes),
        lead_key=pl.when(pl.col("position") == pl.col("touches") - 1).then("lead_key"),
        journey_lead_key="lead_key",
    ).select("visitor_key", "started_us", "lead_key", "journey_lead_key", "position", "touches")


def _browsing_sessions(ctx: GenerationContext, count: int, first_visitor: int) -> pl.DataFrame:
    """Visitors who never fill a form; most come once."""
    rng = ctx.rng(f"{FUNNEL}.browsing")
    visitors = max(1, round(count / 1.8))
    k = np.minimum(rng.geometric(1 / 1.8, visitors), 12)
    # Trim or extend the last visitors so the total is exact.
    while k.sum() > count:
        k[np.argmax(k)] -= 1
    k[-1] += count - k.sum()
    gaps = rng.uniform(1, 60, k.sum()) * MICROS_PER_DAY
    frame = pl.DataFrame(
        {"visitor_key": np.repeat(np.arange(first_visitor, first_visitor + visitors), k)}
    ).with_columns(
        position=pl.int_range(0, pl.len()).over("visitor_key"),
        gap=pl.Series(gaps.astype(np.int64)),
    )
    span = frame.group_by("visitor_key").agg(span=pl.col("gap").sum() - pl.col("gap").first())
    start = _growth(ctx, rng, visitors, ctx.horizon_us)
    firsts = pl.DataFrame(
        {"visitor_key": np.arange(first_visitor, first_visitor + visitors), "u_start": start}
    )
    horizon = ctx.horizon_us
    return (
        frame.join(span, on="visitor_key")
        .join(firsts, on="visitor_key")
        .with_columns(
            offset=pl.col("gap").cum_sum().over("visitor_key")
            - pl.col("gap").first().over("visitor_key"),
            first_us=pl.min_horizontal("u_start", pl.lit(horizon - MINUTE_US) - pl.col("span")),
        )
        .select(
            "visitor_key",
            "position",
            started_us=pl.max_horizontal(pl.col("first_us"), pl.lit(_history_start(ctx)))
            + pl.col("offset"),
            lead_key=pl.lit(None, pl.Int64),
            journey_lead_key=pl.lit(None, pl.Int64),
            touches=pl.lit(None, pl.Int64),
        )
    )


def _assign_channels(
    ctx: GenerationContext, sessions: pl.DataFrame, grid: pl.DataFrame
) -> pl.DataFrame:
    rng = ctx.rng(f"{FUNNEL}.channels")
    n = sessions.height
    is_new = (sessions["position"] == 0).to_numpy()
    # Known (returning) visitors can come from email and re-engagement; new ones cannot.
    paid_new = {"google_ads": 0.26, "facebook_ads": 0.15, "linkedin_ads": 0.08}
    paid_returning = {**paid_new, "iterable": 0.04}
    u = rng.random(n)
    platform = np.full(n, None, dtype=object)
    for mask, shares in ((is_new, paid_new), (~is_new, paid_returning)):
        edges = np.cumsum(list(shares.values()))
        idx = np.searchsorted(edges, u[mask], side="right")
        names = np.array([*shares.keys(), None], dtype=object)
        platform[mask] = names[idx]
    sessions = sessions.with_columns(
        platform=pl.Series(platform.tolist(), dtype=pl.String),
        is_new_visitor=pl.Series(is_new),
        date=pl.col("started_us").cast(pl.Datetime("us", "UTC")).dt.date(),
        pick=pl.Series(rng.random(n)),
    ).with_row_index("row")
    # Campaign-days sorted so each (platform, day) is one contiguous run, acquisition
    # campaigns first: a new visitor picks within the acquisition prefix, a returning one
    # within the whole run. Offsets instead of per-session candidate lists keep memory flat.
    ordered = (
        grid.with_columns(is_acq=pl.col("objective") == "acquisition")
        .sort("platform", "date", pl.col("is_acq").not_(), "campaign_key")
        .with_row_index("pos")
    )
    runs = ordered.group_by("platform", "date").agg(
        start=pl.col("pos").min().cast(pl.Int64),
        n_all=pl.len().cast(pl.Int64),
        n_acq=pl.col("is_acq").sum().cast(pl.Int64),
    )
    keys = ordered["campaign_key"]
    options = pl.when("is_new_visitor").then("n_acq").otherwise("n_all").fill_null(0)
    chosen = (
        sessions.join(runs, on=["platform", "date"], how="left")
        .with_columns(
            pos=pl.when(options > 0).then(
                pl.col("start") + (pl.col("pick") * options).cast(pl.Int64)
            )
        )
        .with_columns(
            campaign_key=pl.col("pos").map_batches(
                lambda pos: keys.gather(pos.fill_null(0)).set(pos.is_null(), None),
                return_dtype=pl.Int64,
            )
        )
        # No campaign of that platform ran that day: the visit was organic after all.
        .with_columns(platform=pl.when(pl.col("campaign_key").is_not_null()).then("platform"))
        .drop("start", "n_all", "n_acq", "pos")
        .sort("row")
    )
    other = stratified_choice(rng, n, {f"{s}|{m}": w for s, m, w in g.ORGANIC_CHANNELS})
    source_medium = pl.Series(other).str.split_exact("|", 1).struct.rename_fields(["s", "m"])
    paid_source = {k: v[0] for k, v in g.PAID_SOURCE_MEDIUM.items()}
    paid_medium = {k: v[1] for k, v in g.PAID_SOURCE_MEDIUM.items()}
    return chosen.with_columns(
        source=pl.when(pl.col("platform").is_not_null())
        .then(pl.col("platform").replace_strict(paid_source, default=None))
        .otherwise(source_medium.struct.field("s")),
        medium=pl.when(pl.col("platform").is_not_null())
        .then(pl.col("platform").replace_strict(paid_medium, default=None))
        .otherwise(source_medium.struct.field("m")),
    ).drop("pick", "row")


def _sessions(ctx: GenerationContext, leads: pl.DataFrame, grid: pl.DataFrame) -> pl.DataFrame:
    journeys = _journey_sessions(ctx, leads)
    browsing = _browsing_sessions(
        ctx, max(ctx.size.ga_sessions - journeys.height, 1), int(leads["lead_key"].max()) + 1
    )
    sessions = pl.concat([journeys, browsing], how="diagonal_relaxed").sort(
        "started_us", "visitor_key"
    )
    sessions = _assign_channels(ctx, sessions, grid)
    rng = ctx.rng(f"{FUNNEL}.behaviour")
    n = sessions.height
    landing = stratified_choice(rng, n, g.LANDING_PAGE_SHARES)
    bounce_p = np.array([g.LANDING_PAGES[p] for p in landing.tolist()]) + np.where(
        (sessions["medium"] == "paid_social").to_numpy(), g.PAID_SOCIAL_BOUNCE_BONUS, 0.0
    )
    converting = sessions["lead_key"].is_not_null().to_numpy()
    bounced = (rng.random(n) < bounce_p) & ~converting
    pageviews = np.where(bounced, 1, 2 + rng.geometric(0.35, n))
    duration = np.where(
        bounced, rng.integers(0, 10, n), (rng.lognormal(5.0, 0.8, n) + 30 * pageviews).astype(int)
    )
    return sessions.with_columns(
        session_key=pl.int_range(1, pl.len() + 1, dtype=pl.Int64),
        landing_page_type=pl.Series(landing),
        bounced=pl.Series(bounced),
        pageviews=pl.Series(pageviews),
        duration_seconds=pl.Series(duration),
    )


# --- campaign stats -------------------------------------------------------------------------


def _campaign_days(
    ctx: GenerationContext, campaigns: pl.DataFrame, grid: pl.DataFrame, sessions: pl.DataFrame
) -> pl.DataFrame:
    rng = ctx.rng(f"{FUNNEL}.stats")
    landed = (
        sessions.filter(pl.col("campaign_key").is_not_null())
        .group_by("campaign_key", "date")
        .agg(sessions=pl.len(), conversions=pl.col("lead_key").is_not_null().sum())
    )
    days = (
        grid.join(landed, on=["campaign_key", "date"], how="left")
        .with_columns(pl.col("sessions", "conversions").fill_null(0))
        .join(campaigns.select("campaign_key", "pacing"), on="campaign_key")
    )
    n = days.height
    metric = {p: g.PLATFORM_METRICS[p] for p in g.PLATFORM_METRICS}
    landing = (
        days["platform"].replace_strict({p: m["landing"] for p, m in metric.items()}).to_numpy()
    )
    ctr = days["platform"].replace_strict({p: m["ctr"] for p, m in metric.items()}).to_numpy()
    cpc = days["platform"].replace_strict({p: m["cpc"] for p, m in metric.items()}).to_numpy()
    month = days["date"].dt.month().to_numpy() - 1
    weekday = days["date"].dt.weekday().to_numpy() - 1
    season = np.array(d.MONTH_FACTOR)[month] * np.array(d.WEEKDAY_FACTOR)[weekday]
    sessions = days["sessions"].to_numpy()
    # Clicks that never became a tracked session, plus the ones that did.
    clicks = np.ceil(sessions / landing).astype(np.int64) + rng.poisson(0.6 * season)
    impressions = np.maximum(
        np.round(clicks / ctr * rng.lognormal(0, 0.25, n)), clicks + rng.poisson(20 * season)
    ).astype(np.int64)
    cost = np.round(clicks * cpc * rng.lognormal(0, 0.15, n), 2)
    return days.with_columns(
        clicks=pl.Series(clicks),
        impressions=pl.Series(impressions),
        cost_usd=pl.Series(cost),
    ).with_columns(
        daily_budget_usd=(pl.col("cost_usd").mean().over("campaign_key") / pl.col("pacing"))
        .round(0)
        .clip(5.0)
    )


# --- attribution ----------------------------------------------------------------------------


# Touches per attribution chunk: the table is five rows per touch (one per model), so it is
# unpivoted and written in slices rather than held whole (3M+ touches at prod size).
TOUCHES_PER_CHUNK = 200_000
# What attribution_touchpoints needs of a journey's session.
TOUCH_COLUMNS = (
    "journey_lead_key",
    "session_key",
    "started_us",
    "position",
    "touches",
    "platform",
    "campaign_key",
    "source",
    "medium",
)


def touchpoints(fun: Funnel) -> Iterator[pl.DataFrame]:
    """Every touch of every form fill's journey with its weight under each attribution model,
    in order of conversion time, conversion, position and model; streamed in slices.

    Only the columns the table needs are carried, and slices are gathered through a sort
    index rather than a sorted copy of every touch: at prod size that halves what this step
    holds at once (about 1 GB of transient memory before)."""
    half_life = g.TIME_DECAY_HALF_LIFE_DAYS
    touches = (
        fun.sessions.filter(pl.col("journey_lead_key").is_not_null())
        .select(*TOUCH_COLUMNS)
        .join(
            fun.leads.select(
                journey_lead_key="lead_key", converted_us="created_us", form_type="form_type"
            ),
            on="journey_lead_key",
        )
    )
    n = pl.col("touches")
    pos = pl.col("position")
    decay = 2 ** (-((pl.col("converted_us") - pl.col("started_us")) / MICROS_PER_DAY) / half_life)
    weights = touches.with_columns(
        first_touch=(pos == 0).cast(pl.Float64),
        last_touch=(pos == n - 1).cast(pl.Float64),
        linear=1.0 / n,
        time_decay=decay / decay.sum().over("journey_lead_key"),
        position_based=pl.when(n == 1)
        .then(1.0)
        .when(n == 2)
        .then(0.5)
        .when((pos == 0) | (pos == n - 1))
        .then(0.4)
        .otherwise(0.2 / (n - 2)),
    )
    del touches
    # (conversion time, conversion, position) is unique: the order is fully determined.
    order = weights.select(
        pl.arg_sort_by("converted_us", "journey_lead_key", "position").alias("row")
    )["row"]
    index = [c for c in weights.columns if c not in g.ATTRIBUTION_MODELS]
    for start in range(0, weights.height, TOUCHES_PER_CHUNK):
        yield (
            weights[order.slice(start, TOUCHES_PER_CHUNK)]
            .unpivot(
                index=index,
                on=list(g.ATTRIBUTION_MODELS),
                variable_name="attribution_model",
                value_name="weight",
            )
            .sort("converted_us", "journey_lead_key", "position", "attribution_model")
        )


def _build(ctx: GenerationContext) -> Funnel:
    campaigns = _campaigns(ctx)
    grid = _campaign_day_grid(campaigns)
    leads = _leads(ctx)
    sessions = _sessions(ctx, leads, grid)
    days = _campaign_days(ctx, campaigns, grid, sessions)
    return Funnel(campaigns, days, leads, sessions)


# The lifecycle stage each form implies (HubSpot, Pipedrive and the MQL table agree).
LIFECYCLE_BY_FORM = {f[0]: f[3] for f in g.FORM_TYPES}


def campaign_names(ctx: GenerationContext) -> pl.DataFrame:
    """Each campaign key's name, platform and objective (for the tables that report them)."""
    return funnel(ctx).campaigns.select("campaign_key", "campaign_name", "platform", "objective")
