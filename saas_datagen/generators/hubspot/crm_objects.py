"""HubSpot's CRM objects: owners, companies, contacts, the deal pipeline, deals with their
stage history and associations, engagements and tickets, all drawn from the CRM story."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import polars as pl

from saas_datagen.config import go_to_market as g
from saas_datagen.generators import timeline
from saas_datagen.generators.context import (
    FIVETRAN_FAR_FUTURE_US,
    MICROS_PER_DAY,
    UTC_US,
    GenerationContext,
    synced_after,
)
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.crm import (
    contact_lifecycle_changes,
    crm,
    crm_configured_us,
    crm_synced,
)
from saas_datagen.generators.go_to_market.lead_score import lead_score_history
from saas_datagen.generators.hubspot.common import (
    PIPELINE_ID,
    SOURCE,
    STAGE_IDS,
    USER_ID_BASE,
)
from saas_datagen.schema import (
    FIVETRAN_SYNCED,
    ForeignKey,
    RowContract,
    TableSpec,
    TemporalRule,
    columns,
)


def hubspot_owners(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield crm(ctx).owners.select(
        owner_id="owner_id",
        active_user_id=pl.col("owner_id") + USER_ID_BASE,
        portal_id=pl.lit(g.HUBSPOT_PORTAL_ID),
        type=pl.lit("PERSON"),
        email="email",
        first_name="first_name",
        last_name="last_name",
        team="team",
        is_active=pl.lit(True),
        created_at=_ts("created_us"),
        updated_at=_ts("created_us"),
        _fivetran_synced=crm_synced(ctx, "created_us"),
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
        _fivetran_synced=crm_synced(ctx, "created_us"),
    )


def _last_before(changes: pl.DataFrame, key: str, before_us: int, **last: str) -> pl.DataFrame:
    """Per `key`, the columns of its last change (a row with an `at`) before `before_us`,
    named as the keywords say."""
    return (
        changes.filter(pl.col("at") < before_us)
        .sort(key, "at", maintain_order=True)
        .group_by(key)
        .agg(**{name: pl.col(column).last() for name, column in last.items()})
    )


def contact_state(ctx: GenerationContext, before_us: int) -> pl.DataFrame:
    """contact_id, lifecycle, score and changed_us (the last change) before `before_us`."""
    changes = contact_lifecycle_changes(ctx)
    stage = _last_before(changes, "contact_id", before_us, state_lifecycle="value", stage_at="at")
    score = (
        lead_score_history(ctx)
        .filter(pl.col("at") < before_us)
        .group_by("contact_id")
        .agg(score=pl.col("score").last(), score_at=pl.col("at").last())
    )
    return stage.join(score, on="contact_id", how="left").select(
        "contact_id",
        "state_lifecycle",
        "score",
        changed_us=pl.max_horizontal("stage_at", "score_at"),
    )


def _as_of_cutoff(render: Callable[[GenerationContext, int], pl.DataFrame]) -> timeline.Cut:
    """The cut of an object rendered as it stood before a moment (a contact's stage, a deal's,
    a ticket's): rendered as of the cut-off, those created before it, synced by it."""

    def cut(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
        return (
            render(ctx, ctx.cutoff_us)
            .filter(pl.col("property_createdate") < timeline.cutoff(ctx))
            .with_columns(timeline.synced_by_cutoff(ctx))
        )

    return cut


def hubspot_contacts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _render_contacts(ctx, ctx.horizon_us)


def _render_contacts(ctx: GenerationContext, before_us: int) -> pl.DataFrame:
    """The contacts with the lifecycle stage and lead score of their last change before
    `before_us` (the property history's), synced after it."""
    contacts = (
        crm(ctx)
        .contacts.join(contact_state(ctx, before_us), on="contact_id", how="left")
        .with_columns(lifecycle="state_lifecycle")
    )
    return contacts.select(
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
        _fivetran_synced=crm_synced(ctx, pl.max_horizontal("created_us", "changed_us")),
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
        _fivetran_synced=synced_after(ctx, pl.lit(crm_configured_us(ctx)), pl.duration(days=0)),
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
        _fivetran_synced=synced_after(ctx, pl.lit(crm_configured_us(ctx)), pl.duration(days=0)),
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
    yield _render_deals(ctx, ctx.horizon_us)


def _render_deals(ctx: GenerationContext, before_us: int) -> pl.DataFrame:
    """The deals in the stage they last entered before `before_us` (deal_stage_changes),
    closed once they entered a closed stage, synced after that move."""
    entered = _last_before(
        deal_stage_changes(ctx), "hubspot_deal_id", before_us, stage="stage", entered_us="at"
    )
    deals = crm(ctx).hubspot_deals.join(entered, on="hubspot_deal_id", how="left")
    closed = pl.col("stage").is_in([STAGE_IDS["closed_won"], STAGE_IDS["closed_lost"]])
    return deals.select(
        deal_id="hubspot_deal_id",
        deal_pipeline_id=pl.lit(PIPELINE_ID),
        deal_pipeline_stage_id="stage",
        owner_id="owner_id",
        property_dealname=pl.format("{} - {}", "kind", "hubspot_deal_id"),
        property_dealtype="kind",
        property_amount=(pl.col("value_cents") / 100).round(2),
        property_createdate=_ts("add_us"),
        property_closedate=pl.when(closed).then(_ts("close_us")),
        property_tapflow_account_id="account_id",
        is_deleted=pl.lit(False),
        _fivetran_synced=crm_synced(ctx, pl.max_horizontal("add_us", "entered_us")),
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
        .then(pl.lit(FIVETRAN_FAR_FUTURE_US).cast(UTC_US))
        .otherwise(_ts(pl.col("next_at") - 1000)),
        _fivetran_active=pl.col("next_at").is_null(),
        value="stage",
        date_entered=_ts("at"),
        source=pl.lit("CRM_UI"),
        source_id=pl.lit(None, pl.String),
        _fivetran_synced=crm_synced(ctx, "at"),
    )


def hubspot_deal_companies(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        crm(ctx)
        .hubspot_deals.drop_nulls("company_id")
        .select(
            deal_id="hubspot_deal_id",
            company_id="company_id",
            type_id=pl.lit(5),
            _fivetran_synced=crm_synced(ctx, "add_us"),
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
        _fivetran_synced=crm_synced(ctx, "add_us"),
    )


def engagements_linked(ctx: GenerationContext) -> pl.DataFrame:
    """The engagements with `linked_us`: when the row last changed, its deal link made when
    the company's deal was created (after the engagement, for some)."""
    added = crm(ctx).hubspot_deals.select(deal_id="hubspot_deal_id", deal_added_us="add_us")
    return (
        crm(ctx)
        .engagements.join(added, on="deal_id", how="left", maintain_order="left")
        .with_columns(linked_us=pl.max_horizontal("timestamp_us", "deal_added_us"))
    )


def hubspot_engagements(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield engagements_linked(ctx).select(
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
        _fivetran_synced=crm_synced(ctx, "linked_us"),
    )


def deals_added_before(ctx: GenerationContext) -> pl.DataFrame:
    """`deal_id` of the HubSpot deals created before the cut-off."""
    return (
        crm(ctx)
        .hubspot_deals.filter(pl.col("add_us") < ctx.cutoff_us)
        .select(deal_id="hubspot_deal_id")
    )


def _cut_engagements(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The engagements before the cut-off, on their company's deal once it was created."""
    added = deals_added_before(ctx).with_columns(added=pl.lit(True))
    return (
        frame.filter(pl.col("timestamp") < timeline.cutoff(ctx))
        .join(added, on="deal_id", how="left", maintain_order="left")
        .with_columns(deal_id=pl.when(pl.col("added")).then("deal_id"))
        .drop("added")
        .with_columns(timeline.synced_by_cutoff(ctx))
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
        _fivetran_synced=crm_synced(ctx, "timestamp_us"),
    )


def engagement_emails(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _engagement_detail(ctx, "EMAIL").select(
        "engagement_id",
        *ENGAGEMENT_COMMON,
        property_hs_email_subject=pl.lit("Following up on TapFlow"),
        property_hs_email_direction=pl.lit("EMAIL"),
        property_hs_email_status=pl.lit("SENT"),
        _fivetran_synced=crm_synced(ctx, "timestamp_us"),
    )


def engagement_meetings(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _engagement_detail(ctx, "MEETING").select(
        "engagement_id",
        *ENGAGEMENT_COMMON,
        property_hs_meeting_title=pl.lit("TapFlow walkthrough"),
        property_hs_meeting_start_time=_ts("timestamp_us"),
        property_hs_meeting_end_time=_ts(pl.col("timestamp_us") + pl.col("duration_ms") * 1000),
        property_hs_meeting_outcome=pl.lit("COMPLETED"),
        _fivetran_synced=crm_synced(ctx, "timestamp_us"),
    )


def engagement_notes(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _engagement_detail(ctx, "NOTE").select(
        "engagement_id",
        *ENGAGEMENT_COMMON,
        property_hs_note_body=pl.lit("Discussed tap line setup and reporting needs."),
        body=pl.lit("Discussed tap line setup and reporting needs."),
        _fivetran_synced=crm_synced(ctx, "timestamp_us"),
    )


def hubspot_tickets(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _render_tickets(ctx, ctx.horizon_us)


def _render_tickets(ctx: GenerationContext, before_us: int) -> pl.DataFrame:
    """The tickets as they stood before `before_us`, synced after their last change."""
    tickets = crm(ctx).tickets.with_columns(
        closed_us=pl.when(pl.col("closed_us") < before_us).then("closed_us")
    )
    closed = pl.col("closed_us").is_not_null()
    return tickets.select(
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
        _fivetran_synced=crm_synced(ctx, pl.coalesce("closed_us", "created_us")),
    )


SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        source=SOURCE,
        table="owner",
        description="HubSpot users owning records (sales and customer success).",
        generate=hubspot_owners,
        cut=timeline.fivetran_static,
        primary_key="owner_id",
        contract=lambda size: RowContract(g.OWNERS),
        columns=columns(f"""
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
        {FIVETRAN_SYNCED}
        """),
        imitates="hubspot.owner",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="company",
        description="Companies: every customer account and open or lost prospects.",
        generate=hubspot_companies,
        cut=timeline.fivetran_facts("property_createdate"),
        primary_key="id",
        contract=lambda size: RowContract(size.hubspot_companies, tolerance=0.1),
        columns=columns(f"""
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
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("property_hubspot_owner_id", "hubspot_owner", "owner_id"),
            ForeignKey("property_tapflow_account_id", "app_database_accounts", "account_id"),
        ),
        imitates="hubspot.company",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="contact",
        description="Contacts: customers' signers, MQLs and other form fills.",
        generate=hubspot_contacts,
        cut=_as_of_cutoff(_render_contacts),
        primary_key="id",
        contract=lambda size: RowContract(size.hubspot_contacts, tolerance=0.1),
        columns=columns(f"""
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
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("property_associatedcompanyid", "hubspot_company", "id"),
            ForeignKey("property_tapflow_lead_id", "pipedrive_lead", "id"),
        ),
        imitates="hubspot.contact",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="deal_pipeline",
        description="Deal pipelines.",
        generate=hubspot_pipelines,
        cut=timeline.fivetran_static,
        primary_key="pipeline_id",
        contract=lambda size: RowContract(1),
        columns=columns(f"""
        pipeline_id text Pipeline id.
        label text Name.
        active boolean Active.
        display_order integer Order.
        _fivetran_deleted boolean Deleted.
        {FIVETRAN_SYNCED}
        """),
        imitates="hubspot.deal_pipeline",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="deal_pipeline_stage",
        description="Stages of the sales pipeline with win probability.",
        generate=hubspot_stages,
        cut=timeline.fivetran_static,
        primary_key="stage_id",
        contract=lambda size: RowContract(len(g.DEAL_STAGES)),
        columns=columns(f"""
        stage_id text Stage id.
        pipeline_id text Pipeline.
        label text Label.
        display_order integer Order.
        probability double_precision Win probability.
        is_closed boolean Closed stage.
        active boolean Active.
        _fivetran_deleted boolean Deleted.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("pipeline_id", "hubspot_deal_pipeline", "pipeline_id"),),
        imitates="hubspot.deal_pipeline_stage",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="deal",
        description="Deals: new business, renewals, expansions and prospects.",
        generate=hubspot_deals,
        cut=_as_of_cutoff(_render_deals),
        primary_key="deal_id",
        contract=lambda size: RowContract(size.hubspot_deals, tolerance=0.1),
        columns=columns(f"""
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
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("deal_pipeline_stage_id", "hubspot_deal_pipeline_stage", "stage_id"),
            ForeignKey("owner_id", "hubspot_owner", "owner_id"),
        ),
        imitates="hubspot.deal",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="deal_stage",
        description="Deal stage history (one row per stage a deal entered).",
        generate=hubspot_deal_stages,
        cut=timeline.fivetran_history(("deal_id",)),
        primary_key=("deal_id", "_fivetran_start"),
        contract=lambda size: RowContract(round(size.hubspot_deals * 2.45), tolerance=0.15),
        columns=columns(f"""
        deal_id bigint Deal.
        _fivetran_start timestamptz Entered the stage.
        _fivetran_end timestamptz Left it (9999-12-31 if current).
        _fivetran_active boolean Current stage.
        value text Stage id.
        date_entered timestamptz Entered.
        source text Where the change came from.
        source_id text? Who made the change (not recorded).
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("deal_id", "hubspot_deal", "deal_id"),
            ForeignKey("value", "hubspot_deal_pipeline_stage", "stage_id"),
        ),
        temporal_rules=(TemporalRule("_fivetran_start", "deal_id", "property_createdate"),),
        imitates="hubspot.deal_stage",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="deal_company",
        description="Deal to company associations.",
        generate=hubspot_deal_companies,
        cut=timeline.fivetran_static,
        primary_key=("deal_id", "company_id"),
        contract=lambda size: RowContract(size.hubspot_deals, tolerance=0.1),
        columns=columns(f"""
        deal_id bigint Deal.
        company_id bigint Company.
        type_id integer Association type.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("deal_id", "hubspot_deal", "deal_id"),
            ForeignKey("company_id", "hubspot_company", "id"),
        ),
        imitates="hubspot.deal_company",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="deal_contact",
        description="Deal to contact associations.",
        generate=hubspot_deal_contacts,
        cut=timeline.fivetran_static,
        primary_key=("deal_id", "contact_id"),
        contract=lambda size: RowContract(size.hubspot_deals, tolerance=0.2),
        columns=columns(f"""
        deal_id bigint Deal.
        contact_id bigint Contact.
        type_id integer Association type.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("deal_id", "hubspot_deal", "deal_id"),
            ForeignKey("contact_id", "hubspot_contact", "id"),
        ),
        imitates="hubspot.deal_contact",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="engagement",
        description="Engagements (calls, emails, meetings, notes, tasks) with contact, company "
        "and deal.",
        generate=hubspot_engagements,
        cut=_cut_engagements,
        primary_key="id",
        contract=lambda size: RowContract(size.hubspot_engagements, tolerance=0.1),
        columns=columns(f"""
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
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("contact_id", "hubspot_contact", "id"),
            ForeignKey("company_id", "hubspot_company", "id"),
            ForeignKey("deal_id", "hubspot_deal", "deal_id"),
            ForeignKey("owner_id", "hubspot_owner", "owner_id"),
        ),
        temporal_rules=(TemporalRule("timestamp", "contact_id", "property_createdate"),),
        imitates="hubspot.engagement",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="engagement_call",
        description="Call details.",
        generate=engagement_calls,
        cut=timeline.fivetran_facts("property_hs_timestamp"),
        primary_key="engagement_id",
        contract=lambda size: RowContract(
            round(size.hubspot_engagements * g.ENGAGEMENT_TYPES["CALL"]), tolerance=0.05
        ),
        columns=columns(f"""
        engagement_id bigint Engagement.
        {ENGAGEMENT_COMMON_COLUMNS}
        property_hs_call_title text Title.
        property_hs_call_direction text OUTBOUND.
        property_hs_call_duration bigint Duration in ms.
        property_hs_call_disposition text Outcome.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("engagement_id", "hubspot_engagement", "id"),),
        imitates="hubspot.engagement_call",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="engagement_email",
        description="Email details.",
        generate=engagement_emails,
        cut=timeline.fivetran_facts("property_hs_timestamp"),
        primary_key="engagement_id",
        contract=lambda size: RowContract(
            round(size.hubspot_engagements * g.ENGAGEMENT_TYPES["EMAIL"]), tolerance=0.05
        ),
        columns=columns(f"""
        engagement_id bigint Engagement.
        {ENGAGEMENT_COMMON_COLUMNS}
        property_hs_email_subject text Subject.
        property_hs_email_direction text Direction.
        property_hs_email_status text Status.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("engagement_id", "hubspot_engagement", "id"),),
        imitates="hubspot.engagement_email",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="engagement_meeting",
        description="Meeting details.",
        generate=engagement_meetings,
        cut=timeline.fivetran_facts("property_hs_timestamp"),
        primary_key="engagement_id",
        contract=lambda size: RowContract(
            round(size.hubspot_engagements * g.ENGAGEMENT_TYPES["MEETING"]), tolerance=0.05
        ),
        columns=columns(f"""
        engagement_id bigint Engagement.
        {ENGAGEMENT_COMMON_COLUMNS}
        property_hs_meeting_title text Title.
        property_hs_meeting_start_time timestamptz Start.
        property_hs_meeting_end_time timestamptz End.
        property_hs_meeting_outcome text Outcome.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("engagement_id", "hubspot_engagement", "id"),),
        imitates="hubspot.engagement_meeting",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="engagement_note",
        description="Note details.",
        generate=engagement_notes,
        cut=timeline.fivetran_facts("property_hs_timestamp"),
        primary_key="engagement_id",
        contract=lambda size: RowContract(
            round(size.hubspot_engagements * g.ENGAGEMENT_TYPES["NOTE"]), tolerance=0.05
        ),
        columns=columns(f"""
        engagement_id bigint Engagement.
        {ENGAGEMENT_COMMON_COLUMNS}
        property_hs_note_body text Body.
        body text Body (older API field).
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("engagement_id", "hubspot_engagement", "id"),),
        imitates="hubspot.engagement_note",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="ticket",
        description="Support tickets with priority and resolution time (more for accounts in "
        "trouble).",
        generate=hubspot_tickets,
        cut=_as_of_cutoff(_render_tickets),
        primary_key="id",
        contract=lambda size: RowContract(size.hubspot_tickets, tolerance=0.1),
        columns=columns(f"""
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
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("company_id", "hubspot_company", "id"),
            ForeignKey("property_tapflow_account_id", "app_database_accounts", "account_id"),
        ),
        temporal_rules=(TemporalRule("property_createdate", "company_id", "property_createdate"),),
        imitates="hubspot.ticket",
        freshness_column="_fivetran_synced",
    ),
)
