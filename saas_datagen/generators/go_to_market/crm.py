"""The CRM story (not loaded itself): sales deals, activities, HubSpot records and tickets.

Deals follow seed 002: a sales-assisted trial opens a deal at trial start and walks the
stages to won (converted) or lost (expired); a self-service conversion is logged as a won
deal; demo and pricing requests open deals that are lost (or still open when recent).
Won deals carry the plan, quantity and price of the account's first Stripe subscription.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.config import go_to_market as g
from saas_datagen.generators import pools
from saas_datagen.generators.app_database import account_plan, subscriptions
from saas_datagen.generators.context import (
    MICROS_PER_DAY,
    MICROS_PER_HOUR,
    GenerationContext,
    synced_after,
)
from saas_datagen.generators.go_to_market.funnel import MINUTE_US, funnel
from saas_datagen.generators.sampling import stratified_choice, uniform_between
from saas_datagen.generators.stripe.ledger import price_key

CRM = "gtm_crm"


@dataclass(frozen=True)
class Crm:
    owners: pl.DataFrame
    deals: pl.DataFrame  # Pipedrive deals (the sales pipeline)
    stage_history: pl.DataFrame
    activities: pl.DataFrame
    companies: pl.DataFrame  # HubSpot
    contacts: pl.DataFrame
    hubspot_deals: pl.DataFrame
    engagements: pl.DataFrame
    tickets: pl.DataFrame


def crm(ctx: GenerationContext) -> Crm:
    return ctx.cached(CRM, _build)


def _owners(ctx: GenerationContext) -> pl.DataFrame:
    rng = ctx.rng(f"{CRM}.owners")
    first = pools.sample(rng, ctx.seed, "first_name", g.OWNERS)
    last = pools.sample(rng, ctx.seed, "last_name", g.OWNERS)
    return pl.DataFrame(
        {
            "owner_id": np.arange(1, g.OWNERS + 1, dtype=np.int64),
            "first_name": first,
            "last_name": last,
            "team": np.where(np.arange(g.OWNERS) < g.OWNERS * 2 // 3, "sales", "customer_success"),
        }
    ).with_columns(
        email=(pl.col("first_name") + "." + pl.col("last_name")).str.to_lowercase() + "@tapflow.io",
        created_us=pl.lit(ctx.days_before_horizon_us(d.HISTORY_YEARS * 365.25 + 60)),
    )


def _first_subscription(ctx: GenerationContext) -> pl.DataFrame:
    return (
        subscriptions.build(ctx)
        .sort("started_at")
        .group_by("account_id", maintain_order=True)
        .first()
        .select(
            "account_id",
            won_tier="plan_tier",
            won_interval="billing_interval",
            won_quantity="quantity",
            won_value_cents="amount_cents",
        )
    )


def _deals(ctx: GenerationContext) -> pl.DataFrame:
    rng = ctx.rng(f"{CRM}.deals")
    horizon = ctx.horizon_us
    leads = funnel(ctx).leads
    trial_us = d.TRIAL_DAYS * MICROS_PER_DAY
    sales = leads.filter(pl.col("trial_path") == "sales_assisted").select(
        "lead_key", "account_id", "outcome", add_us="created_us", kind=pl.lit("sales_assisted")
    )
    self_service = leads.filter(
        (pl.col("trial_path") == "self_service") & (pl.col("outcome") == "converted")
    ).select(
        "lead_key", "account_id", "outcome", add_us="conversion_us", kind=pl.lit("self_service")
    )
    asks = leads.filter(pl.col("form_type").is_in(["demo_request", "pricing_inquiry"]))
    share = (
        pl.when(pl.col("form_type") == "demo_request")
        .then(g.DEAL_FROM_DEMO_SHARE)
        .otherwise(g.DEAL_FROM_PRICING_SHARE)
    )
    low, high = g.DEAL_DEMO_DELAY_DAYS
    delay = (rng.uniform(low, high, asks.height) * MICROS_PER_DAY).astype(np.int64)
    asks = (
        asks.with_columns(u=pl.Series(rng.random(asks.height)), delay=pl.Series(delay))
        .filter(pl.col("u") < share)
        .select(
            "lead_key",
            "account_id",
            outcome=pl.lit("lost"),
            add_us=pl.col("created_us") + pl.col("delay"),
            kind=pl.col("form_type"),
        )
        .filter(pl.col("add_us") < horizon)
    )
    deals = pl.concat([sales, self_service, asks], how="vertical_relaxed").sort(
        "add_us", "lead_key"
    )
    n = deals.height
    close_days = rng.uniform(10, 40, n) * MICROS_PER_DAY
    close_us = np.where(
        deals["kind"].is_in(["sales_assisted"]).to_numpy(),
        deals["add_us"].to_numpy() + trial_us,
        np.where(
            deals["kind"].to_numpy() == "self_service",
            deals["add_us"].to_numpy(),
            deals["add_us"].to_numpy() + close_days.astype(np.int64),
        ),
    )
    status = np.where(
        deals["outcome"].is_in(["converted"]).to_numpy(),
        "won",
        np.where(close_us >= horizon, "open", "lost"),
    )
    status = np.where(deals["outcome"].to_numpy() == "in_trial", "open", status)
    tiers = stratified_choice(rng, n, d.TIER_SHARES)
    quantity = 1 + rng.poisson(0.6, n)
    first = _first_subscription(ctx)
    lost_reasons = np.array(["price", "timing", "competitor", "no_decision", "no_budget"])
    deals = (
        deals.with_columns(
            status=pl.Series(status),
            close_us=pl.Series(close_us),
            guess_tier=pl.Series(tiers),
            guess_quantity=pl.Series(quantity),
            lost_reason=pl.Series(lost_reasons[rng.integers(0, len(lost_reasons), n)]),
            owner_id=pl.Series(rng.integers(1, g.OWNERS * 2 // 3 + 1, n)),
        )
        .join(first, on="account_id", how="left")
        .with_columns(
            plan_tier=pl.coalesce("won_tier", "guess_tier"),
            billing_interval=pl.coalesce("won_interval", pl.lit("month")),
            quantity=pl.coalesce("won_quantity", "guess_quantity"),
        )
        .with_columns(
            price_key=price_key(pl.col("plan_tier"), pl.col("billing_interval")),
            value_cents=pl.coalesce(
                "won_value_cents",
                pl.col("plan_tier").replace_strict(
                    dict(d.MONTHLY_PRICE_CENTS), return_dtype=pl.Int64
                )
                * pl.col("quantity"),
            ),
            product_sku=pl.col("plan_tier").str.to_uppercase(),
            lookup_key=pl.col("plan_tier")
            + "_"
            + pl.when(pl.col("billing_interval") == "year")
            .then(pl.lit("annual"))
            .otherwise(pl.lit("monthly")),
        )
        .with_columns(deal_key=pl.int_range(1, pl.len() + 1, dtype=pl.Int64))
    )
    return deals.drop(
        "won_tier",
        "won_interval",
        "won_quantity",
        "won_value_cents",
        "guess_tier",
        "guess_quantity",
    )


def _stage_history(deals: pl.DataFrame, horizon: int) -> pl.DataFrame:
    """Stages each deal entered: sales-assisted deals walk the pipeline day by day."""
    open_stages = [s for s in g.DEAL_STAGES if not s[0].startswith("closed")]
    walk = pl.DataFrame({"stage": [s[0] for s in open_stages], "day": [s[1] for s in open_stages]})
    sales = (
        deals.filter(pl.col("kind") == "sales_assisted")
        .join(walk, how="cross")
        .with_columns(entered_us=pl.col("add_us") + pl.col("day") * MICROS_PER_DAY)
    )
    others = deals.filter(pl.col("kind") != "sales_assisted").with_columns(
        stage=pl.when(pl.col("kind") == "self_service")
        .then(pl.lit("negotiation"))
        .otherwise(pl.lit("qualification")),
        entered_us="add_us",
    )
    closing = deals.filter(pl.col("status") != "open").with_columns(
        stage=pl.when(pl.col("status") == "won")
        .then(pl.lit("closed_won"))
        .otherwise(pl.lit("closed_lost")),
        entered_us="close_us",
    )
    keep = ["deal_key", "stage", "entered_us"]
    return (
        pl.concat([sales.select(keep), others.select(keep), closing.select(keep)])
        .filter(pl.col("entered_us") < horizon)
        # Stable: a deal won the moment it was added keeps the closing stage (concatenated last).
        .sort("deal_key", "entered_us", maintain_order=True)
        .unique(["deal_key", "entered_us"], keep="last", maintain_order=True)
        .with_columns(left_us=pl.col("entered_us").shift(-1).over("deal_key"))
    )


def _activities(ctx: GenerationContext, deals: pl.DataFrame) -> pl.DataFrame:
    """CRM activities per lead, by trial path or form type (seed 002 volumes)."""
    rng = ctx.rng(f"{CRM}.activities")
    leads = funnel(ctx).leads.join(
        deals.select("lead_key", "deal_key", deal_owner="owner_id"), on="lead_key", how="left"
    )
    key = (
        pl.when(pl.col("source") == "purchased_list")
        .then(pl.lit("purchased"))
        .when(pl.col("form_type") == "trial_signup")
        .then(pl.col("trial_path"))
        .otherwise(pl.col("form_type"))
    )
    leads = leads.with_columns(playbook=key)
    low = leads["playbook"].replace_strict({k: v[0] for k, v in g.ACTIVITIES.items()}).to_numpy()
    high = leads["playbook"].replace_strict({k: v[1] for k, v in g.ACTIVITIES.items()}).to_numpy()
    count = rng.integers(low, high + 1)
    rows = (
        leads.select("lead_key", "deal_key", "deal_owner", "created_us", "playbook")
        .with_columns(n=pl.Series(count))
        .with_columns(i=pl.int_ranges(0, "n"))
        .explode("i")
    )
    m = rows.height
    kinds = stratified_choice(rng, m, g.ACTIVITY_TYPES)
    # Spread over the two weeks after the lead (a trial's length); the first is same day.
    offset = np.where(rows["i"].to_numpy() == 0, rng.uniform(0.01, 0.5, m), rng.uniform(0.5, 14, m))
    due = rows["created_us"].to_numpy() + (offset * MICROS_PER_DAY).astype(np.int64)
    horizon = ctx.horizon_us
    return (
        rows.with_columns(
            activity_type=pl.Series(kinds),
            due_us=pl.Series(due),
            owner_id=pl.coalesce("deal_owner", pl.Series(rng.integers(1, g.OWNERS + 1, m))),
        )
        .with_columns(
            done=pl.col("due_us") < horizon,
            add_us="created_us",
        )
        .with_columns(activity_id=pl.int_range(1, pl.len() + 1, dtype=pl.Int64))
    )


def _hubspot(ctx: GenerationContext, deals: pl.DataFrame) -> tuple[pl.DataFrame, ...]:
    rng = ctx.rng(f"{CRM}.hubspot")
    size = ctx.size
    horizon = ctx.horizon_us
    leads = funnel(ctx).leads
    plan = account_plan.account_plan(ctx)

    # Companies: every account, plus prospects (companies of lost or open deals).
    customers = leads.filter(pl.col("account_id").is_not_null()).select(
        "account_id",
        "company_name",
        "domain",
        "industry",
        "created_us",
        lifecycle=pl.lit("customer"),
    )
    candidates = deals.filter(pl.col("account_id").is_null()).join(
        leads.select("lead_key", "company_name", "domain", "industry", lead_created="created_us"),
        on="lead_key",
    )
    prospect_n = max(size.hubspot_companies - customers.height, 0)
    prospect_deals = candidates.sample(
        n=min(prospect_n, candidates.height), seed=int(rng.integers(2**31))
    )
    prospects = prospect_deals.select(
        pl.lit(None, pl.Int64).alias("account_id"),
        "company_name",
        "domain",
        "industry",
        created_us="lead_created",
        lifecycle=pl.lit("opportunity"),
        prospect_lead_key="lead_key",
    )
    companies = (
        pl.concat([customers, prospects], how="diagonal_relaxed")
        .sort("created_us")
        .with_columns(company_id=pl.int_range(1001, pl.len() + 1001, dtype=pl.Int64))
    )
    n_co = companies.height
    companies = companies.with_columns(
        owner_id=pl.Series(rng.integers(1, g.OWNERS + 1, n_co)),
        employees=pl.Series(rng.integers(5, 400, n_co)),
    )

    # Deals in HubSpot: new business of every account, prospects' deals, then renewal and
    # expansion deals on accounts (anniversaries and plan changes) up to the contract.
    won = deals.filter(pl.col("status") == "won").select(
        "account_id",
        "lead_key",
        "status",
        "add_us",
        "close_us",
        "value_cents",
        kind=pl.lit("newbusiness"),
    )
    prospect = prospect_deals.select(
        "account_id",
        "lead_key",
        "status",
        "add_us",
        "close_us",
        "value_cents",
        kind=pl.lit("newbusiness"),
    )
    changes = plan.filter(pl.col("plan_change_us") > 0).select(
        "account_id",
        add_us=pl.col("plan_change_us") - 14 * MICROS_PER_DAY,
        close_us="plan_change_us",
    )
    years = (
        plan.filter(pl.col("status") != "trialing")
        .select(
            "account_id",
            "trial_end_us",
            until=pl.when(pl.col("churned")).then("churn_us").otherwise(pl.lit(horizon)),
        )
        .with_columns(
            year=pl.int_ranges(
                1, ((pl.col("until") - pl.col("trial_end_us")) // (365 * MICROS_PER_DAY)) + 1
            )
        )
        .explode("year")
        .drop_nulls("year")
        .select(
            "account_id", close_us=pl.col("trial_end_us") + pl.col("year") * 365 * MICROS_PER_DAY
        )
        .with_columns(add_us=pl.col("close_us") - 30 * MICROS_PER_DAY)
    )
    extra = pl.concat(
        [
            changes.with_columns(kind=pl.lit("existingbusiness")),
            years.with_columns(kind=pl.lit("renewal")),
        ],
        how="diagonal_relaxed",
    ).join(
        _first_subscription(ctx).select("account_id", value_cents="won_value_cents"),
        on="account_id",
    )
    wanted = max(size.hubspot_deals - won.height - prospect.height, 0)
    extra = extra.sample(n=min(wanted, extra.height), seed=int(rng.integers(2**31))).with_columns(
        status=pl.when(pl.col("close_us") < horizon).then(pl.lit("won")).otherwise(pl.lit("open")),
        lead_key=pl.lit(None, pl.Int64),
    )
    hubspot_deals = (
        pl.concat([won, prospect, extra], how="diagonal_relaxed")
        .sort("add_us")
        .with_columns(hubspot_deal_id=pl.int_range(5001, pl.len() + 5001, dtype=pl.Int64))
        .join(companies.select("account_id", "company_id"), on="account_id", how="left")
        .join(
            companies.select(
                lead_key="prospect_lead_key", prospect_company="company_id"
            ).drop_nulls(),
            on="lead_key",
            how="left",
        )
        .with_columns(company_id=pl.coalesce("company_id", "prospect_company"))
        .drop("prospect_company")
    )
    hubspot_deals = hubspot_deals.with_columns(
        owner_id=pl.Series(rng.integers(1, g.OWNERS + 1, hubspot_deals.height))
    )

    # Contacts: each account's signer, then MQLs, then the newest other form fills.
    contact_order = leads.filter(pl.col("form_type").is_not_null()).with_columns(
        priority=pl.when(pl.col("account_id").is_not_null())
        .then(0)
        .when(pl.col("lead_key").is_in(prospects["prospect_lead_key"].implode()))
        .then(1)
        .when("is_mql")
        .then(2)
        .otherwise(3)
    )
    contacts = (
        contact_order.sort("priority", pl.col("created_us"), descending=[False, True])
        .head(size.hubspot_contacts)
        .sort("created_us")
        .join(
            companies.select("account_id", "company_id").drop_nulls(), on="account_id", how="left"
        )
        .join(
            companies.select(
                lead_key="prospect_lead_key", prospect_company="company_id"
            ).drop_nulls(),
            on="lead_key",
            how="left",
        )
        .with_columns(
            company_id=pl.coalesce("company_id", "prospect_company"),
            contact_id=pl.int_range(2001, pl.len() + 2001, dtype=pl.Int64),
            lifecycle=pl.when(pl.col("account_id").is_not_null())
            .then(pl.lit("customer"))
            .when(pl.col("priority") == 1)
            .then(pl.lit("opportunity"))
            .when("is_mql")
            .then(pl.lit("marketingqualifiedlead"))
            .otherwise(pl.lit("lead")),
        )
    )
    contacts = contacts.with_columns(
        owner_id=pl.Series(rng.integers(1, g.OWNERS + 1, contacts.height))
    )
    engagements = _engagements(ctx, contacts, hubspot_deals)
    tickets = _tickets(ctx, companies, plan)
    return companies, contacts, hubspot_deals, engagements, tickets


def _engagements(
    ctx: GenerationContext, contacts: pl.DataFrame, deals: pl.DataFrame
) -> pl.DataFrame:
    rng = ctx.rng(f"{CRM}.engagements")
    n = ctx.size.hubspot_engagements
    horizon = ctx.horizon_us
    # Customers and open opportunities get most of the attention.
    weight = (
        contacts["lifecycle"]
        .replace_strict(
            {"customer": 3.0, "opportunity": 2.0, "marketingqualifiedlead": 1.0, "lead": 0.4}
        )
        .to_numpy()
    )
    pick = rng.choice(contacts.height, n, p=weight / weight.sum())
    chosen = contacts[pick].select("contact_id", "company_id", "created_us", "owner_id")
    when = uniform_between(rng, chosen["created_us"].to_numpy(), np.full(n, horizon - MINUTE_US))
    kinds = stratified_choice(rng, n, g.ENGAGEMENT_TYPES)
    company_deal = (
        deals.drop_nulls("company_id")
        .group_by("company_id")
        .agg(deal_id=pl.col("hubspot_deal_id").first())
    )
    return (
        chosen.with_columns(
            engagement_type=pl.Series(kinds),
            timestamp_us=pl.Series(when),
            duration_ms=pl.Series(rng.integers(60, 2400, n) * 1000),
            outcome=pl.Series(
                rng.choice(["connected", "left_voicemail", "no_answer"], n, p=[0.55, 0.25, 0.2])
            ),
        )
        .join(company_deal, on="company_id", how="left")
        .sort("timestamp_us")
        .with_columns(engagement_id=pl.int_range(30001, pl.len() + 30001, dtype=pl.Int64))
    )


def _tickets(ctx: GenerationContext, companies: pl.DataFrame, plan: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.rng(f"{CRM}.tickets")
    n = ctx.size.hubspot_tickets
    horizon = ctx.horizon_us
    customers = companies.drop_nulls("account_id").join(
        plan.select("account_id", "status", "n_locations", "churn_us"), on="account_id"
    )
    trouble = customers["status"].is_in(["past_due", "churned"]).to_numpy()
    weight = customers["n_locations"].to_numpy() ** 0.7 * np.where(
        trouble, g.TICKET_TROUBLE_WEIGHT, 1.0
    )
    pick = rng.choice(customers.height, n, p=weight / weight.sum())
    chosen = customers[pick]
    end = np.where(
        chosen["status"].to_numpy() == "churned", chosen["churn_us"].to_numpy(), horizon - MINUTE_US
    )
    created = uniform_between(rng, chosen["created_us"].to_numpy() + MICROS_PER_HOUR, end)
    priority = stratified_choice(rng, n, g.TICKET_PRIORITIES)
    median = np.array([g.TICKET_RESOLUTION_HOURS[p] for p in priority.tolist()], dtype=float)
    hours = median * rng.lognormal(0, 0.6, n)
    closed = created + (hours * MICROS_PER_HOUR).astype(np.int64)
    return (
        chosen.select("company_id", "account_id", "owner_id")
        .with_columns(
            created_us=pl.Series(created),
            closed_us=pl.Series(np.where(closed < horizon, closed, 0)),
            priority=pl.Series(priority),
            category=pl.Series(rng.choice(g.TICKET_CATEGORIES, n)),
        )
        .with_columns(closed_us=pl.when(pl.col("closed_us") > 0).then("closed_us"))
        .sort("created_us")
        .with_columns(ticket_id=pl.int_range(70001, pl.len() + 70001, dtype=pl.Int64))
    )


def _build(ctx: GenerationContext) -> Crm:
    owners = _owners(ctx)
    deals = _deals(ctx)
    stages = _stage_history(deals, ctx.horizon_us)
    activities = _activities(ctx, deals)
    companies, contacts, hubspot_deals, engagements, tickets = _hubspot(ctx, deals)
    return Crm(
        owners, deals, stages, activities, companies, contacts, hubspot_deals, engagements, tickets
    )


def crm_configured_us(ctx: GenerationContext) -> int:
    """When the sales pipelines were configured in the CRMs: before the first sign-up."""
    return ctx.days_before_horizon_us(5 * 365.25 + 60)


def crm_synced(ctx: GenerationContext, column: str | pl.Expr) -> pl.Expr:
    """`_fivetran_synced` of the CRM connectors: they pick a change up 9 minutes later."""
    at = pl.col(column) if isinstance(column, str) else column
    return synced_after(ctx, at, pl.duration(minutes=9))


def contact_lifecycle_changes(ctx: GenerationContext) -> pl.DataFrame:
    """contact_id, at, value: each contact's lifecycle stage as it moved through the funnel (a
    lead when created, an MQL when marketing qualified it, an opportunity, a customer when the
    account converted)."""
    contacts = crm(ctx).contacts
    lead = contacts.select("contact_id", at="created_us", value=pl.lit("lead"))
    mql = contacts.filter(pl.col("mql_us").is_not_null()).select(
        "contact_id", at="mql_us", value=pl.lit("marketingqualifiedlead")
    )
    opportunity = contacts.filter(pl.col("lifecycle").is_in(["opportunity", "customer"])).select(
        "contact_id",
        at=pl.coalesce("mql_us", "created_us") + MICROS_PER_DAY,
        value=pl.lit("opportunity"),
    )
    customer = contacts.filter(
        (pl.col("lifecycle") == "customer") & pl.col("conversion_us").is_not_null()
    ).select("contact_id", at="conversion_us", value=pl.lit("customer"))
    return pl.concat([lead, mql, opportunity, customer]).filter(pl.col("at") < ctx.horizon_us)
