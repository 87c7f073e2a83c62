"""Pipedrive (the sales pipeline) and HubSpot (marketing, customer success, support)."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.config import go_to_market as g
from saas_datagen.generators.amplitude import amplitude_frame, form_submission_ids
from saas_datagen.generators.context import MICROS_PER_DAY, UTC_US, GenerationContext, synced_after
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.crm import crm
from saas_datagen.generators.go_to_market.funnel import funnel
from saas_datagen.generators.go_to_market.lead_score import current_lead_scores
from saas_datagen.generators.go_to_market.web import LIFECYCLE
from saas_datagen.generators.stripe.common import stripe_id
from saas_datagen.schema import ForeignKey, RowContract, TableSpec, TemporalRule, declare

PIPELINE_ID = "default"
HUBSPOT_USER_ID_BASE = 9_100_000
STAGE_IDS = {s[0]: f"{i + 1:02d}-{s[0]}" for i, s in enumerate(g.DEAL_STAGES)}
SYNCED = "_fivetran_synced timestamptz When Fivetran last synced the row."


def _synced(ctx: GenerationContext, column: str | pl.Expr) -> pl.Expr:
    at = pl.col(column) if isinstance(column, str) else column
    return synced_after(ctx, at, pl.duration(minutes=9))


def _setup_us(ctx: GenerationContext) -> int:
    """When the CRM was configured: before the first sign-up."""
    return ctx.days_before_horizon_us(5 * 365.25 + 60)


def _priority(form_type: pl.Expr) -> pl.Expr:
    return (
        pl.when(form_type.is_in(["demo_request", "pricing_inquiry"]))
        .then(pl.lit("high"))
        .when(form_type.is_in(["trial_signup", "contact_us"]))
        .then(pl.lit("medium"))
        .otherwise(pl.lit("low"))
    )


# --- pipedrive ------------------------------------------------------------------------------


def pipedrive_leads(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    leads = funnel(ctx).leads.join(
        form_submission_ids(amplitude_frame(ctx)), on="lead_key", how="left"
    )
    activities = crm(ctx).activities.group_by("lead_key").agg(expected=pl.len())
    yield (
        leads.join(activities, on="lead_key", how="left")
        .sort("lead_key")
        .select(
            id="lead_key",
            title=pl.format("{} lead", "company_name"),
            person_name=pl.format("{} {}", "first_name", "last_name"),
            organization_name="company_name",
            email="email",
            form_type="form_type",
            trial_path="trial_path",
            lifecycle_stage=pl.col("form_type").replace_strict(LIFECYCLE, default="cold"),
            source="source",
            sales_priority=_priority(pl.col("form_type")),
            expected_activities=pl.col("expected").fill_null(0),
            form_submission_id="form_submission_id",
            tapflow_account_id="account_id",
            add_time=_ts("created_us"),
            update_time=_ts(pl.coalesce("conversion_us", "created_us")),
            is_archived=(pl.col("outcome") == "expired").fill_null(False),
        )
    )


def pipedrive_deals(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    deals = crm(ctx).deals
    closed = pl.col("status") != "open"
    yield deals.sort("deal_key").select(
        id="deal_key",
        lead_id="lead_key",
        title=pl.format("{} plan", pl.col("product_sku").str.to_titlecase()),
        value=(pl.col("value_cents") / 100).round(2),
        currency=pl.lit("USD"),
        product_sku="product_sku",
        stripe_price_lookup_key="lookup_key",
        stripe_price_id=stripe_id("price", "price_key", ctx),
        quantity="quantity",
        trial_path=pl.when(pl.col("kind").is_in(["sales_assisted", "self_service"])).then("kind"),
        source_form_type=pl.when(pl.col("kind").is_in(["sales_assisted", "self_service"]))
        .then(pl.lit("trial_signup"))
        .otherwise("kind"),
        status="status",
        tapflow_account_id="account_id",
        owner_id="owner_id",
        add_time=_ts("add_us"),
        close_time=pl.when(closed).then(_ts("close_us")),
        won_time=pl.when(pl.col("status") == "won").then(_ts("close_us")),
        lost_time=pl.when(pl.col("status") == "lost").then(_ts("close_us")),
        lost_reason=pl.when(pl.col("status") == "lost").then("lost_reason"),
    )


PIPEDRIVE_STAGE_IDS = {s[0]: i + 1 for i, s in enumerate(g.DEAL_STAGES)}
FAR_FUTURE_US = 253402300799999000


def pipedrive_stages(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """The sales pipeline's stages (won and lost are deal statuses in Pipedrive, kept here as
    the stages closed deals end in)."""
    at = _ts(pl.lit(_setup_us(ctx)))
    yield pl.DataFrame(
        {
            "id": [PIPEDRIVE_STAGE_IDS[s[0]] for s in g.DEAL_STAGES],
            "name": [s[0].replace("_", " ").title() for s in g.DEAL_STAGES],
            "order_nr": list(range(1, len(g.DEAL_STAGES) + 1)),
            "deal_probability": [round(s[2] * 100) for s in g.DEAL_STAGES],
        }
    ).with_columns(
        pipeline_id=pl.lit(1),
        active_flag=pl.lit(True),
        add_time=at,
        update_time=at,
        _fivetran_deleted=pl.lit(False),
        _fivetran_synced=_synced(ctx, pl.lit(_setup_us(ctx))),
    )


def pipedrive_deal_history(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """Fivetran history mode on deals: a version per stage the deal entered (the
    sales-assisted walk on days 0/5/9/12/14), the closing version carrying won or lost."""
    state = crm(ctx)
    deals = state.deals.select("deal_key", "status", "value_cents", "owner_id")
    versions = (
        state.stage_history.join(deals, on="deal_key")
        .sort("deal_key", "entered_us")
        .with_columns(
            closing=pl.col("stage").str.starts_with("closed"),
        )
    )
    yield versions.select(
        id="deal_key",
        _fivetran_start=_ts("entered_us"),
        _fivetran_end=pl.when(pl.col("left_us").is_null())
        .then(pl.lit(FAR_FUTURE_US).cast(UTC_US))
        .otherwise(_ts(pl.col("left_us") - 1000)),
        _fivetran_active=pl.col("left_us").is_null(),
        stage_id=pl.col("stage").replace_strict(PIPEDRIVE_STAGE_IDS, return_dtype=pl.Int64),
        status=pl.when("closing").then("status").otherwise(pl.lit("open")),
        value=(pl.col("value_cents") / 100).round(2),
        currency=pl.lit("USD"),
        owner_id="owner_id",
        stage_change_time=_ts("entered_us"),
        update_time=_ts("entered_us"),
        _fivetran_synced=_synced(ctx, "entered_us"),
    )


def pipedrive_activities(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    activities = crm(ctx).activities
    subjects = {"call": "Call", "email": "Email", "meeting": "Meeting", "task": "Follow-up task"}
    yield activities.sort("activity_id").select(
        id="activity_id",
        lead_id="lead_key",
        deal_id="deal_key",
        type="activity_type",
        subject=pl.format("{}: {}", pl.col("activity_type").replace_strict(subjects), "playbook"),
        playbook="playbook",
        owner_id="owner_id",
        add_time=_ts("add_us"),
        due_time=_ts("due_us"),
        done="done",
        marked_as_done_time=pl.when("done").then(_ts("due_us")),
    )


# --- hubspot --------------------------------------------------------------------------------


def hubspot_owners(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield crm(ctx).owners.select(
        owner_id="owner_id",
        active_user_id=pl.col("owner_id") + HUBSPOT_USER_ID_BASE,
        portal_id=pl.lit(g.HUBSPOT_PORTAL_ID),
        type=pl.lit("PERSON"),
        email="email",
        first_name="first_name",
        last_name="last_name",
        team="team",
        is_active=pl.lit(True),
        created_at=_ts("created_us"),
        updated_at=_ts("created_us"),
        _fivetran_synced=_synced(ctx, "created_us"),
    )


def hubspot_companies(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield crm(ctx).companies.select(
        id="company_id",
        property_name="company_name",
        property_domain="domain",
        property_industry="industry",
        property_country=pl.lit("United States"),
        property_numberofemployees="employees",
        property_lifecyclestage="lifecycle",
        property_hubspot_owner_id="owner_id",
        property_tapflow_account_id="account_id",
        property_createdate=_ts("created_us"),
        is_deleted=pl.lit(False),
        _fivetran_synced=_synced(ctx, "created_us"),
    )


def hubspot_contacts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    contacts = crm(ctx).contacts.join(current_lead_scores(ctx), on="contact_id", how="left")
    yield contacts.select(
        id="contact_id",
        property_email="email",
        property_firstname="first_name",
        property_lastname="last_name",
        property_company="company_name",
        property_lifecyclestage="lifecycle",
        property_hs_lead_status=pl.when(pl.col("lifecycle") == "customer")
        .then(pl.lit("CONNECTED"))
        .otherwise(pl.lit("NEW")),
        property_hubspot_owner_id="owner_id",
        property_associatedcompanyid="company_id",
        property_tapflow_lead_id="lead_key",
        property_hubspotscore="score",
        property_createdate=_ts("created_us"),
        _fivetran_deleted=pl.lit(False),
        _fivetran_synced=_synced(ctx, "created_us"),
    )


def hubspot_pipelines(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield pl.DataFrame(
        {
            "pipeline_id": [PIPELINE_ID],
            "label": ["Sales pipeline"],
            "active": [True],
            "display_order": [0],
        }
    ).with_columns(
        _fivetran_deleted=pl.lit(False),
        _fivetran_synced=synced_after(ctx, pl.lit(_setup_us(ctx)), pl.duration(days=0)),
    )


def hubspot_stages(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield pl.DataFrame(
        {
            "stage_id": [STAGE_IDS[s[0]] for s in g.DEAL_STAGES],
            "pipeline_id": [PIPELINE_ID] * len(g.DEAL_STAGES),
            "label": [s[0].replace("_", " ").title() for s in g.DEAL_STAGES],
            "display_order": list(range(len(g.DEAL_STAGES))),
            "probability": [s[2] for s in g.DEAL_STAGES],
            "is_closed": [s[0].startswith("closed") for s in g.DEAL_STAGES],
            "active": [True] * len(g.DEAL_STAGES),
        }
    ).with_columns(
        _fivetran_deleted=pl.lit(False),
        _fivetran_synced=synced_after(ctx, pl.lit(_setup_us(ctx)), pl.duration(days=0)),
    )


def _hubspot_deal_stage(status: pl.Expr) -> pl.Expr:
    return (
        pl.when(status == "won")
        .then(pl.lit(STAGE_IDS["closed_won"]))
        .when(status == "lost")
        .then(pl.lit(STAGE_IDS["closed_lost"]))
        .otherwise(pl.lit(STAGE_IDS["proposal"]))
    )


def hubspot_deals(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    deals = crm(ctx).hubspot_deals
    yield deals.select(
        deal_id="hubspot_deal_id",
        deal_pipeline_id=pl.lit(PIPELINE_ID),
        deal_pipeline_stage_id=_hubspot_deal_stage(pl.col("status")),
        owner_id="owner_id",
        property_dealname=pl.format("{} - {}", "kind", "hubspot_deal_id"),
        property_dealtype="kind",
        property_amount=(pl.col("value_cents") / 100).round(2),
        property_createdate=_ts("add_us"),
        property_closedate=pl.when(pl.col("status") != "open").then(_ts("close_us")),
        property_tapflow_account_id="account_id",
        is_deleted=pl.lit(False),
        _fivetran_synced=_synced(ctx, "add_us"),
    )


def deal_stage_changes(ctx: GenerationContext) -> pl.DataFrame:
    """Every stage each HubSpot deal entered (hubspot_deal_id, at, stage): new business from a
    sales-assisted trial walks the pipeline (days 0/5/9/12) as its Pipedrive twin does, the
    rest enter qualification; closed deals then enter closed won or lost."""
    state = crm(ctx)
    deals = state.hubspot_deals
    sales_assisted = state.deals.filter(pl.col("kind") == "sales_assisted").select("lead_key")
    walking = deals.filter(pl.col("kind") == "newbusiness").join(sales_assisted, on="lead_key")
    open_stages = [s for s in g.DEAL_STAGES if not s[0].startswith("closed")]
    walk = pl.DataFrame(
        {
            "stage": [STAGE_IDS[s[0]] for s in open_stages[1:]],
            "day": [s[1] for s in open_stages[1:]],
        }
    )
    walked = (
        walking.join(walk, how="cross")
        .select(
            "hubspot_deal_id",
            "close_us",
            at=pl.col("add_us") + pl.col("day") * MICROS_PER_DAY,
            stage="stage",
        )
        .filter(pl.col("at") < pl.coalesce("close_us", pl.lit(ctx.horizon_us)))
        .drop("close_us")
    )
    opened = deals.select("hubspot_deal_id", at="add_us", stage=pl.lit(STAGE_IDS["qualification"]))
    closed = deals.filter(pl.col("status") != "open").select(
        "hubspot_deal_id",
        at=pl.max_horizontal("close_us", pl.col("add_us") + 60_000_000),
        stage=_hubspot_deal_stage(pl.col("status")),
    )
    return (
        pl.concat([opened, walked, closed])
        .filter(pl.col("at") < ctx.horizon_us)
        .sort("hubspot_deal_id", "at", maintain_order=True)
        .unique(["hubspot_deal_id", "at"], keep="last", maintain_order=True)
    )


def hubspot_deal_stages(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    rows = deal_stage_changes(ctx).with_columns(
        next_at=pl.col("at").shift(-1).over("hubspot_deal_id")
    )
    yield rows.select(
        deal_id="hubspot_deal_id",
        _fivetran_start=_ts("at"),
        _fivetran_end=pl.when(pl.col("next_at").is_null())
        .then(pl.lit(253402300799999000).cast(UTC_US))
        .otherwise(_ts(pl.col("next_at") - 1000)),
        _fivetran_active=pl.col("next_at").is_null(),
        value="stage",
        date_entered=_ts("at"),
        source=pl.lit("CRM_UI"),
        source_id=pl.lit(None, pl.String),
        _fivetran_synced=_synced(ctx, "at"),
    )


def hubspot_deal_companies(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        crm(ctx)
        .hubspot_deals.drop_nulls("company_id")
        .select(
            deal_id="hubspot_deal_id",
            company_id="company_id",
            type_id=pl.lit(5),
            _fivetran_synced=_synced(ctx, "add_us"),
        )
    )


def hubspot_deal_contacts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    state = crm(ctx)
    primary = (
        state.contacts.drop_nulls("company_id")
        .group_by("company_id")
        .agg(contact_id=pl.col("contact_id").min())
    )
    yield state.hubspot_deals.join(primary, on="company_id").select(
        deal_id="hubspot_deal_id",
        contact_id="contact_id",
        type_id=pl.lit(3),
        _fivetran_synced=_synced(ctx, "add_us"),
    )


def hubspot_engagements(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield crm(ctx).engagements.select(
        id="engagement_id",
        portal_id=pl.lit(g.HUBSPOT_PORTAL_ID),
        type="engagement_type",
        active=pl.lit(True),
        owner_id="owner_id",
        contact_id="contact_id",
        company_id="company_id",
        deal_id="deal_id",
        created_at=_ts("timestamp_us"),
        timestamp=_ts("timestamp_us"),
        _fivetran_synced=_synced(ctx, "timestamp_us"),
    )


def _engagement_detail(ctx: GenerationContext, kind: str) -> pl.DataFrame:
    """The engagements of one type with the properties every engagement object carries."""
    return (
        crm(ctx)
        .engagements.filter(pl.col("engagement_type") == kind)
        .with_columns(
            type=pl.lit(kind),
            property_hs_createdate=_ts("timestamp_us"),
            property_hs_timestamp=_ts("timestamp_us"),
            property_hubspot_owner_id="owner_id",
            property_hubspot_team_id=pl.lit(None, pl.Int64),
            _fivetran_deleted=pl.lit(False),
        )
    )


ENGAGEMENT_COMMON = (
    "type",
    "property_hs_createdate",
    "property_hs_timestamp",
    "property_hubspot_owner_id",
    "property_hubspot_team_id",
    "_fivetran_deleted",
)
ENGAGEMENT_COMMON_COLUMNS = """
type text Engagement type.
property_hs_createdate timestamptz Created.
property_hs_timestamp timestamptz When it happened.
property_hubspot_owner_id bigint Owner.
property_hubspot_team_id bigint? Team (not set).
_fivetran_deleted boolean Deleted in HubSpot.
"""


def engagement_calls(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _engagement_detail(ctx, "CALL").select(
        "engagement_id",
        *ENGAGEMENT_COMMON,
        property_hs_call_title=pl.lit("Call"),
        property_hs_call_direction=pl.lit("OUTBOUND"),
        property_hs_call_duration="duration_ms",
        property_hs_call_disposition="outcome",
        _fivetran_synced=_synced(ctx, "timestamp_us"),
    )


def engagement_emails(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _engagement_detail(ctx, "EMAIL").select(
        "engagement_id",
        *ENGAGEMENT_COMMON,
        property_hs_email_subject=pl.lit("Following up on TapFlow"),
        property_hs_email_direction=pl.lit("EMAIL"),
        property_hs_email_status=pl.lit("SENT"),
        _fivetran_synced=_synced(ctx, "timestamp_us"),
    )


def engagement_meetings(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _engagement_detail(ctx, "MEETING").select(
        "engagement_id",
        *ENGAGEMENT_COMMON,
        property_hs_meeting_title=pl.lit("TapFlow walkthrough"),
        property_hs_meeting_start_time=_ts("timestamp_us"),
        property_hs_meeting_end_time=_ts(pl.col("timestamp_us") + pl.col("duration_ms") * 1000),
        property_hs_meeting_outcome=pl.lit("COMPLETED"),
        _fivetran_synced=_synced(ctx, "timestamp_us"),
    )


def engagement_notes(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _engagement_detail(ctx, "NOTE").select(
        "engagement_id",
        *ENGAGEMENT_COMMON,
        property_hs_note_body=pl.lit("Discussed tap line setup and reporting needs."),
        body=pl.lit("Discussed tap line setup and reporting needs."),
        _fivetran_synced=_synced(ctx, "timestamp_us"),
    )


def hubspot_tickets(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    tickets = crm(ctx).tickets
    closed = pl.col("closed_us").is_not_null()
    yield tickets.select(
        id="ticket_id",
        company_id="company_id",
        property_tapflow_account_id="account_id",
        property_subject=pl.format("{} issue", pl.col("category").str.replace("_", " ")),
        property_hs_pipeline=pl.lit("support"),
        property_hs_pipeline_stage=pl.when(closed).then(pl.lit("closed")).otherwise(pl.lit("open")),
        property_hs_ticket_priority="priority",
        property_hs_ticket_category="category",
        property_hubspot_owner_id="owner_id",
        property_createdate=_ts("created_us"),
        property_closed_date=_ts("closed_us"),
        property_time_to_close=pl.when(closed).then(
            (pl.col("closed_us") - pl.col("created_us")) // 1000
        ),
        is_deleted=pl.lit(False),
        _fivetran_synced=_synced(ctx, "created_us"),
    )


def _leads_contract(size):
    trials = size.accounts / 0.32  # converted accounts / blended conversion
    fills = trials / 0.35
    return RowContract(round(fills * (1 + g.PURCHASED_LEAD_SHARE)), tolerance=0.15)


SPECS: tuple[TableSpec, ...] = (
    declare(
        "pipedrive",
        "lead",
        "Leads: every form fill (with form type, trial path, source) and purchased leads.",
        pipedrive_leads,
        "id",
        _leads_contract,
        """
        id bigint Lead id.
        title text Lead title.
        person_name text Contact name.
        organization_name text Company.
        email text Email.
        form_type text? One of the six form types; null for purchased leads.
        trial_path text? self_service or sales_assisted for trial sign-ups.
        lifecycle_stage text Stage implied by the form.
        source text web_form or purchased_list.
        sales_priority text high, medium or low.
        expected_activities integer Activities planned for this lead.
        form_submission_id text? Amplitude insert_id of the form fill.
        tapflow_account_id bigint? App account the trial became.
        add_time timestamptz Created.
        update_time timestamptz Last change.
        is_archived boolean Expired trials are archived.
        """,
        fks=(ForeignKey("tapflow_account_id", "app_database_accounts", "account_id"),),
        fresh="add_time",
        depends_on=("amplitude_events",),
    ),
    declare(
        "pipedrive",
        "deal",
        "Sales deals with the product SKU and the Stripe price they close on.",
        pipedrive_deals,
        "id",
        lambda size: RowContract(round(size.accounts * 3.8), tolerance=0.2),
        """
        id bigint Deal id.
        lead_id bigint Lead it came from.
        title text Deal title.
        value double_precision Monthly value in USD (Stripe price x quantity).
        currency text USD.
        product_sku text STARTER, PROFESSIONAL, BUSINESS or ENTERPRISE.
        stripe_price_lookup_key text Stripe price lookup key.
        stripe_price_id text Stripe price id.
        quantity integer Locations.
        trial_path text? Trial path when from a trial.
        source_form_type text Form that started it.
        status text open, won or lost.
        tapflow_account_id bigint? Account won.
        owner_id bigint Sales rep.
        add_time timestamptz Created.
        close_time timestamptz? Closed.
        won_time timestamptz? Won.
        lost_time timestamptz? Lost.
        lost_reason text? Why it was lost.
        """,
        fks=(
            ForeignKey("lead_id", "pipedrive_lead", "id"),
            ForeignKey("tapflow_account_id", "app_database_accounts", "account_id"),
            ForeignKey("stripe_price_id", "stripe_price", "id"),
        ),
        temporal=(TemporalRule("add_time", "lead_id", "add_time"),),
        fresh="add_time",
        depends_on=("app_database_accounts",),
    ),
    declare(
        "pipedrive",
        "activity",
        "CRM activities: 1 (self-service), 10-12 (sales-assisted), 8 (demo), 1-2 (purchased).",
        pipedrive_activities,
        "id",
        lambda size: RowContract(round(size.accounts * 39), tolerance=0.25),
        """
        id bigint Activity id.
        lead_id bigint Lead.
        deal_id bigint? Deal.
        type text call, email, meeting or task.
        subject text Subject.
        playbook text Path or form type that set the activity volume.
        owner_id bigint Rep.
        add_time timestamptz Created.
        due_time timestamptz Due.
        done boolean Done.
        marked_as_done_time timestamptz? Done at.
        """,
        fks=(
            ForeignKey("lead_id", "pipedrive_lead", "id"),
            ForeignKey("deal_id", "pipedrive_deal", "id"),
        ),
        temporal=(TemporalRule("due_time", "lead_id", "add_time"),),
        fresh="add_time",
    ),
    declare(
        "pipedrive",
        "stage",
        "Stages of the sales pipeline.",
        pipedrive_stages,
        "id",
        lambda size: RowContract(len(g.DEAL_STAGES)),
        f"""
        id bigint Stage id.
        name text Name.
        order_nr integer Position in the pipeline.
        deal_probability integer Win probability (%).
        pipeline_id bigint Pipeline.
        active_flag boolean In use.
        add_time timestamptz Created.
        update_time timestamptz Updated.
        _fivetran_deleted boolean Deleted in Pipedrive.
        {SYNCED}
        """,
    ),
    declare(
        "pipedrive",
        "deal_history",
        "Deal versions (Fivetran history mode): one per stage entered.",
        pipedrive_deal_history,
        ("id", "_fivetran_start"),
        lambda size: RowContract(round(size.hubspot_deals * 1.4 * 2.4), tolerance=0.4),
        f"""
        id bigint Deal (pipedrive_deal.id).
        _fivetran_start timestamptz Version start (entered the stage).
        _fivetran_end timestamptz Version end (9999-12-31 if current).
        _fivetran_active boolean Current version.
        stage_id bigint Stage.
        status text open, won or lost.
        value double_precision Deal value (USD).
        currency text USD.
        owner_id bigint Owner.
        stage_change_time timestamptz When the stage changed.
        update_time timestamptz Last update.
        {SYNCED}
        """,
        fks=(
            ForeignKey("id", "pipedrive_deal", "id"),
            ForeignKey("stage_id", "pipedrive_stage", "id"),
        ),
    ),
    declare(
        "hubspot",
        "owner",
        "HubSpot users owning records (sales and customer success).",
        hubspot_owners,
        "owner_id",
        lambda size: RowContract(g.OWNERS),
        f"""
        owner_id bigint Owner id.
        active_user_id bigint The owner's HubSpot user (hubspot_users.id).
        portal_id integer HubSpot account.
        type text PERSON.
        email text Email.
        first_name text First name.
        last_name text Last name.
        team text sales or customer_success.
        is_active boolean Active.
        created_at timestamptz Created.
        updated_at timestamptz Last change.
        {SYNCED}
        """,
        imitates="hubspot.owner",
    ),
    declare(
        "hubspot",
        "company",
        "Companies: every customer account and open or lost prospects.",
        hubspot_companies,
        "id",
        lambda size: RowContract(size.hubspot_companies, tolerance=0.1),
        f"""
        id bigint Company id.
        property_name text Name.
        property_domain text Web domain.
        property_industry text Industry.
        property_country text Country.
        property_numberofemployees integer Employees.
        property_lifecyclestage text customer or opportunity.
        property_hubspot_owner_id bigint Owner.
        property_tapflow_account_id bigint? App account (customers).
        property_createdate timestamptz Created.
        is_deleted boolean Deleted.
        {SYNCED}
        """,
        fks=(
            ForeignKey("property_hubspot_owner_id", "hubspot_owner", "owner_id"),
            ForeignKey("property_tapflow_account_id", "app_database_accounts", "account_id"),
        ),
        imitates="hubspot.company",
    ),
    declare(
        "hubspot",
        "contact",
        "Contacts: customers' signers, MQLs and other form fills.",
        hubspot_contacts,
        "id",
        lambda size: RowContract(size.hubspot_contacts, tolerance=0.1),
        f"""
        id bigint Contact id.
        property_email text Email.
        property_firstname text First name.
        property_lastname text Last name.
        property_company text Company name.
        property_lifecyclestage text customer, opportunity, marketingqualifiedlead or lead.
        property_hs_lead_status text Lead status.
        property_hubspot_owner_id bigint Owner.
        property_associatedcompanyid bigint? Company.
        property_tapflow_lead_id bigint Lead (pipedrive_lead.id).
        property_hubspotscore integer Lead score 0-100 (form intent, then lifecycle steps).
        property_createdate timestamptz Created.
        _fivetran_deleted boolean Deleted.
        {SYNCED}
        """,
        fks=(
            ForeignKey("property_associatedcompanyid", "hubspot_company", "id"),
            ForeignKey("property_tapflow_lead_id", "pipedrive_lead", "id"),
        ),
        imitates="hubspot.contact",
    ),
    declare(
        "hubspot",
        "deal_pipeline",
        "Deal pipelines.",
        hubspot_pipelines,
        "pipeline_id",
        lambda size: RowContract(1),
        f"""
        pipeline_id text Pipeline id.
        label text Name.
        active boolean Active.
        display_order integer Order.
        _fivetran_deleted boolean Deleted.
        {SYNCED}
        """,
        imitates="hubspot.deal_pipeline",
    ),
    declare(
        "hubspot",
        "deal_pipeline_stage",
        "Stages of the sales pipeline with win probability.",
        hubspot_stages,
        "stage_id",
        lambda size: RowContract(len(g.DEAL_STAGES)),
        f"""
        stage_id text Stage id.
        pipeline_id text Pipeline.
        label text Label.
        display_order integer Order.
        probability double_precision Win probability.
        is_closed boolean Closed stage.
        active boolean Active.
        _fivetran_deleted boolean Deleted.
        {SYNCED}
        """,
        fks=(ForeignKey("pipeline_id", "hubspot_deal_pipeline", "pipeline_id"),),
        imitates="hubspot.deal_pipeline_stage",
    ),
    declare(
        "hubspot",
        "deal",
        "Deals: new business, renewals, expansions and prospects.",
        hubspot_deals,
        "deal_id",
        lambda size: RowContract(size.hubspot_deals, tolerance=0.1),
        f"""
        deal_id bigint Deal id.
        deal_pipeline_id text Pipeline.
        deal_pipeline_stage_id text Current stage.
        owner_id bigint Owner.
        property_dealname text Name.
        property_dealtype text newbusiness, renewal or existingbusiness.
        property_amount double_precision Amount in USD (monthly plan value).
        property_createdate timestamptz Created.
        property_closedate timestamptz? Closed.
        property_tapflow_account_id bigint? Account.
        is_deleted boolean Deleted.
        {SYNCED}
        """,
        fks=(
            ForeignKey("deal_pipeline_stage_id", "hubspot_deal_pipeline_stage", "stage_id"),
            ForeignKey("owner_id", "hubspot_owner", "owner_id"),
        ),
        imitates="hubspot.deal",
    ),
    declare(
        "hubspot",
        "deal_stage",
        "Deal stage history (one row per stage a deal entered).",
        hubspot_deal_stages,
        ("deal_id", "_fivetran_start"),
        lambda size: RowContract(round(size.hubspot_deals * 2.45), tolerance=0.15),
        f"""
        deal_id bigint Deal.
        _fivetran_start timestamptz Entered the stage.
        _fivetran_end timestamptz Left it (9999-12-31 if current).
        _fivetran_active boolean Current stage.
        value text Stage id.
        date_entered timestamptz Entered.
        source text Where the change came from.
        source_id text? Who made the change (not recorded).
        {SYNCED}
        """,
        fks=(
            ForeignKey("deal_id", "hubspot_deal", "deal_id"),
            ForeignKey("value", "hubspot_deal_pipeline_stage", "stage_id"),
        ),
        temporal=(TemporalRule("_fivetran_start", "deal_id", "property_createdate"),),
        imitates="hubspot.deal_stage",
    ),
    declare(
        "hubspot",
        "deal_company",
        "Deal to company associations.",
        hubspot_deal_companies,
        ("deal_id", "company_id"),
        lambda size: RowContract(size.hubspot_deals, tolerance=0.1),
        f"""
        deal_id bigint Deal.
        company_id bigint Company.
        type_id integer Association type.
        {SYNCED}
        """,
        fks=(
            ForeignKey("deal_id", "hubspot_deal", "deal_id"),
            ForeignKey("company_id", "hubspot_company", "id"),
        ),
        imitates="hubspot.deal_company",
    ),
    declare(
        "hubspot",
        "deal_contact",
        "Deal to contact associations.",
        hubspot_deal_contacts,
        ("deal_id", "contact_id"),
        lambda size: RowContract(size.hubspot_deals, tolerance=0.2),
        f"""
        deal_id bigint Deal.
        contact_id bigint Contact.
        type_id integer Association type.
        {SYNCED}
        """,
        fks=(
            ForeignKey("deal_id", "hubspot_deal", "deal_id"),
            ForeignKey("contact_id", "hubspot_contact", "id"),
        ),
        imitates="hubspot.deal_contact",
    ),
    declare(
        "hubspot",
        "engagement",
        "Engagements (calls, emails, meetings, notes, tasks) with contact, company and deal.",
        hubspot_engagements,
        "id",
        lambda size: RowContract(size.hubspot_engagements, tolerance=0.1),
        f"""
        id bigint Engagement id.
        portal_id integer HubSpot account.
        type text CALL, EMAIL, MEETING, NOTE or TASK.
        active boolean Active.
        owner_id bigint Owner.
        contact_id bigint Contact.
        company_id bigint? Company.
        deal_id bigint? Deal.
        created_at timestamptz Created.
        timestamp timestamptz When it happened.
        {SYNCED}
        """,
        fks=(
            ForeignKey("contact_id", "hubspot_contact", "id"),
            ForeignKey("company_id", "hubspot_company", "id"),
            ForeignKey("deal_id", "hubspot_deal", "deal_id"),
            ForeignKey("owner_id", "hubspot_owner", "owner_id"),
        ),
        temporal=(TemporalRule("timestamp", "contact_id", "property_createdate"),),
        imitates="hubspot.engagement",
    ),
    declare(
        "hubspot",
        "engagement_call",
        "Call details.",
        engagement_calls,
        "engagement_id",
        lambda size: RowContract(
            round(size.hubspot_engagements * g.ENGAGEMENT_TYPES["CALL"]), tolerance=0.05
        ),
        f"""
        engagement_id bigint Engagement.
        {ENGAGEMENT_COMMON_COLUMNS}
        property_hs_call_title text Title.
        property_hs_call_direction text OUTBOUND.
        property_hs_call_duration bigint Duration in ms.
        property_hs_call_disposition text Outcome.
        {SYNCED}
        """,
        fks=(ForeignKey("engagement_id", "hubspot_engagement", "id"),),
        imitates="hubspot.engagement_call",
    ),
    declare(
        "hubspot",
        "engagement_email",
        "Email details.",
        engagement_emails,
        "engagement_id",
        lambda size: RowContract(
            round(size.hubspot_engagements * g.ENGAGEMENT_TYPES["EMAIL"]), tolerance=0.05
        ),
        f"""
        engagement_id bigint Engagement.
        {ENGAGEMENT_COMMON_COLUMNS}
        property_hs_email_subject text Subject.
        property_hs_email_direction text Direction.
        property_hs_email_status text Status.
        {SYNCED}
        """,
        fks=(ForeignKey("engagement_id", "hubspot_engagement", "id"),),
        imitates="hubspot.engagement_email",
    ),
    declare(
        "hubspot",
        "engagement_meeting",
        "Meeting details.",
        engagement_meetings,
        "engagement_id",
        lambda size: RowContract(
            round(size.hubspot_engagements * g.ENGAGEMENT_TYPES["MEETING"]), tolerance=0.05
        ),
        f"""
        engagement_id bigint Engagement.
        {ENGAGEMENT_COMMON_COLUMNS}
        property_hs_meeting_title text Title.
        property_hs_meeting_start_time timestamptz Start.
        property_hs_meeting_end_time timestamptz End.
        property_hs_meeting_outcome text Outcome.
        {SYNCED}
        """,
        fks=(ForeignKey("engagement_id", "hubspot_engagement", "id"),),
        imitates="hubspot.engagement_meeting",
    ),
    declare(
        "hubspot",
        "engagement_note",
        "Note details.",
        engagement_notes,
        "engagement_id",
        lambda size: RowContract(
            round(size.hubspot_engagements * g.ENGAGEMENT_TYPES["NOTE"]), tolerance=0.05
        ),
        f"""
        engagement_id bigint Engagement.
        {ENGAGEMENT_COMMON_COLUMNS}
        property_hs_note_body text Body.
        body text Body (older API field).
        {SYNCED}
        """,
        fks=(ForeignKey("engagement_id", "hubspot_engagement", "id"),),
        imitates="hubspot.engagement_note",
    ),
    declare(
        "hubspot",
        "ticket",
        "Support tickets with priority and resolution time (more for accounts in trouble).",
        hubspot_tickets,
        "id",
        lambda size: RowContract(size.hubspot_tickets, tolerance=0.1),
        f"""
        id bigint Ticket id.
        company_id bigint Company.
        property_tapflow_account_id bigint Account.
        property_subject text Subject.
        property_hs_pipeline text support.
        property_hs_pipeline_stage text open or closed.
        property_hs_ticket_priority text LOW, MEDIUM, HIGH or URGENT.
        property_hs_ticket_category text Category.
        property_hubspot_owner_id bigint Owner.
        property_createdate timestamptz Created.
        property_closed_date timestamptz? Closed.
        property_time_to_close bigint? Milliseconds to close.
        is_deleted boolean Deleted.
        {SYNCED}
        """,
        fks=(
            ForeignKey("company_id", "hubspot_company", "id"),
            ForeignKey("property_tapflow_account_id", "app_database_accounts", "account_id"),
        ),
        temporal=(TemporalRule("property_createdate", "company_id", "property_createdate"),),
        imitates="hubspot.ticket",
    ),
)
