"""The support pipeline, ticket associations and ticket property history."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.generators import timeline
from saas_datagen.generators.context import (
    FIVETRAN_FAR_FUTURE_US,
    UTC_US,
    GenerationContext,
)
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.crm import crm, crm_synced
from saas_datagen.generators.hubspot.common import (
    DELETED,
    SOURCE,
    about,
    association_rows,
    association_spec,
    exactly,
    setup_us,
    static,
)
from saas_datagen.schema import FIVETRAN_SYNCED, ForeignKey, RowContract, TableSpec, columns

SUPPORT_PIPELINE = "support"
TICKET_STAGES = (("open", "Open", False, "OPEN"), ("closed", "Closed", True, "CLOSED"))


def _tickets(ctx: GenerationContext) -> pl.DataFrame:
    return crm(ctx).tickets


def ticket_companies(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield association_rows(_tickets(ctx), "ticket_id", "company_id", "created_us", ctx)


def ticket_contacts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """The ticket came from the company's first contact."""
    first = (
        crm(ctx)
        .contacts.drop_nulls("company_id")
        .group_by("company_id")
        .agg(contact_id=pl.col("contact_id").min())
    )
    tickets = _tickets(ctx).join(first, on="company_id", how="left")
    yield association_rows(tickets, "ticket_id", "contact_id", "created_us", ctx)


def ticket_engagements(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """The calls, emails and notes with the ticket's company while the ticket was open."""
    tickets = _tickets(ctx).select(
        "ticket_id",
        "company_id",
        "created_us",
        open_until=pl.coalesce("closed_us", pl.lit(ctx.horizon_us)),
    )
    engagements = crm(ctx).engagements.select("engagement_id", "company_id", "timestamp_us")
    yield (
        tickets.join(engagements, on="company_id")
        .filter(pl.col("timestamp_us").is_between("created_us", "open_until"))
        .unique(["ticket_id", "engagement_id"])
        .sort("ticket_id", "engagement_id")
        .select(
            "ticket_id",
            "engagement_id",
            category=pl.lit("HUBSPOT_DEFINED"),
            _fivetran_synced=crm_synced(ctx, "timestamp_us"),
        )
    )


# --- the support pipeline and ticket history ------------------------------------------------


def ticket_pipelines(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    at = _ts(pl.lit(setup_us(ctx)))
    yield static(
        ctx,
        pl.DataFrame(
            {
                "pipeline_id": [SUPPORT_PIPELINE],
                "label": ["Support pipeline"],
                "object_type_id": ["0-5"],
                "active": [True],
                "display_order": [0],
            }
        ),
    ).with_columns(created_at=at, updated_at=at)


def ticket_pipeline_stages(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    at = _ts(pl.lit(setup_us(ctx)))
    yield static(
        ctx,
        pl.DataFrame(
            {
                "stage_id": [s[0] for s in TICKET_STAGES],
                "pipeline_id": [SUPPORT_PIPELINE] * len(TICKET_STAGES),
                "label": [s[1] for s in TICKET_STAGES],
                "display_order": list(range(len(TICKET_STAGES))),
                "is_closed": [s[2] for s in TICKET_STAGES],
                "ticket_state": [s[3] for s in TICKET_STAGES],
                "active": [True] * len(TICKET_STAGES),
            }
        ),
    ).with_columns(created_at=at, updated_at=at)


def _versions(changes: pl.DataFrame, key: str) -> pl.DataFrame:
    """Fivetran history mode over property changes (key, name, value, at): each value is
    current from its change until the next change of that property."""
    return changes.sort(key, "name", "at").with_columns(
        next_at=pl.col("at").shift(-1).over(key, "name")
    )


def ticket_property_history(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    tickets = _tickets(ctx)
    created = [
        tickets.select("ticket_id", at="created_us", name=pl.lit(name), value=value)
        for name, value in (
            ("hs_pipeline_stage", pl.lit("open")),
            ("hs_pipeline", pl.lit(SUPPORT_PIPELINE)),
            ("hs_ticket_priority", pl.col("priority")),
            ("hubspot_owner_id", pl.col("owner_id").cast(pl.String)),
        )
    ]
    closed = tickets.drop_nulls("closed_us").select(
        "ticket_id", at="closed_us", name=pl.lit("hs_pipeline_stage"), value=pl.lit("closed")
    )
    rows = _versions(pl.concat([*created, closed]), "ticket_id")
    yield rows.select(
        "ticket_id",
        "name",
        "value",
        source=pl.lit("CRM_UI"),
        source_id=pl.lit(None, pl.String),
        timestamp_instant=_ts("at"),
        _fivetran_start=_ts("at"),
        _fivetran_end=pl.when(pl.col("next_at").is_null())
        .then(pl.lit(FIVETRAN_FAR_FUTURE_US).cast(UTC_US))
        .otherwise(_ts(pl.col("next_at") - 1000)),
        _fivetran_synced=crm_synced(ctx, "at"),
    )


SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        source=SOURCE,
        table="ticket_pipeline",
        description="The support ticket pipeline.",
        generate=ticket_pipelines,
        cut=timeline.fivetran_static,
        primary_key="pipeline_id",
        contract=exactly(1),
        columns=columns(f"""
        pipeline_id text Pipeline id.
        label text Name.
        object_type_id text Tickets (0-5).
        active boolean In use.
        display_order integer Order.
        created_at timestamptz Created.
        updated_at timestamptz Updated.
        {DELETED}
        {FIVETRAN_SYNCED}
        """),
        imitates="hubspot.ticket_pipeline",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="ticket_pipeline_stage",
        description="Stages of the support pipeline.",
        generate=ticket_pipeline_stages,
        cut=timeline.fivetran_static,
        primary_key="stage_id",
        contract=exactly(len(TICKET_STAGES)),
        columns=columns(f"""
        stage_id text Stage id (the ticket's hs_pipeline_stage).
        pipeline_id text Pipeline.
        label text Name.
        display_order integer Order.
        is_closed boolean A closed stage.
        ticket_state text OPEN or CLOSED.
        active boolean In use.
        created_at timestamptz Created.
        updated_at timestamptz Updated.
        {DELETED}
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("pipeline_id", "hubspot_ticket_pipeline", "pipeline_id"),),
        imitates="hubspot.ticket_pipeline_stage",
        freshness_column="_fivetran_synced",
    ),
    association_spec(
        "ticket_company",
        "The company each ticket belongs to.",
        ticket_companies,
        ("ticket_id", "company_id"),
        lambda size: RowContract(size.hubspot_tickets),
    ),
    association_spec(
        "ticket_contact",
        "The contact who raised each ticket.",
        ticket_contacts,
        ("ticket_id", "contact_id"),
        about(lambda size: size.hubspot_tickets, 0.1),
    ),
    association_spec(
        "ticket_engagement",
        "Engagements with the ticket's company while the ticket was open.",
        ticket_engagements,
        ("ticket_id", "engagement_id"),
        about(lambda size: size.hubspot_tickets * 0.1, 0.6),
        # HubSpot's contacts are the newest form fills at the story's end, so engagements
        # crowd its last months (dev: 385 in its last month of five years), and these
        # coincidences of one with an open ticket the more: at an earlier cut-off far fewer
        # than the growth model's share (dev, 50 days before the end: 14 where it says 35).
        contract_at_cut=lambda size, share, past_anchor: RowContract(
            round(size.hubspot_tickets * 0.1 * share), tolerance=0.8
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="ticket_property_history",
        description="Ticket property changes: stage, pipeline, priority, owner (history mode).",
        generate=ticket_property_history,
        cut=timeline.fivetran_history(("ticket_id", "name")),
        primary_key=("ticket_id", "name", "_fivetran_start"),
        contract=about(lambda size: size.hubspot_tickets * 4.9, 0.1),
        columns=columns(f"""
        ticket_id bigint Ticket.
        name text Property.
        value text Value.
        source text CRM_UI.
        source_id text? Who made the change.
        timestamp_instant timestamptz When.
        _fivetran_start timestamptz Version start.
        _fivetran_end timestamptz Version end.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("ticket_id", "hubspot_ticket", "id"),),
        imitates="hubspot.ticket_property_history",
        freshness_column="_fivetran_synced",
    ),
)
