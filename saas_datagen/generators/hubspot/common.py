"""What every HubSpot table shares: the connector's constants, sync times, the workspace
set-up time and the declaration helpers for association and property-change tables."""

from __future__ import annotations

import polars as pl

from saas_datagen.config import go_to_market as g
from saas_datagen.generators import timeline
from saas_datagen.generators.context import GenerationContext
from saas_datagen.generators.go_to_market.crm import crm, crm_synced
from saas_datagen.schema import FIVETRAN_SYNCED, ForeignKey, RowContract, TableSpec, columns

SOURCE = "hubspot"
PORTAL = g.HUBSPOT_PORTAL_ID
DELETED = "_fivetran_deleted boolean Deleted in HubSpot."


def setup_us(ctx: GenerationContext) -> int:
    """When the HubSpot workspace was set up: the first owner's creation."""
    return int(crm(ctx).owners["created_us"].min())


def static(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """Workspace configuration, set up with the CRM."""
    at = pl.lit(setup_us(ctx))
    return frame.with_columns(_fivetran_deleted=pl.lit(False), _fivetran_synced=crm_synced(ctx, at))


PIPELINE_ID = "default"
USER_ID_BASE = 9_100_000
STAGE_IDS = {s[0]: f"{i + 1:02d}-{s[0]}" for i, s in enumerate(g.DEAL_STAGES)}


def association_rows(frame: pl.DataFrame, left: str, right: str, at: str, ctx) -> pl.DataFrame:
    return frame.drop_nulls(right).select(
        left,
        right,
        category=pl.lit("HUBSPOT_DEFINED"),
        _fivetran_synced=crm_synced(ctx, at),
    )


N_OWNERS = g.OWNERS
N_TEAMS = len(g.HUBSPOT_TEAMS)
ASSOCIATION = f"""
category text HUBSPOT_DEFINED.
{FIVETRAN_SYNCED}
"""
PROPERTY_CHANGE = f"""
name text Property.
value text New value.
source text Where the change came from (CRM_UI).
source_id text? Who or what made it.
timestamp timestamptz When.
{FIVETRAN_SYNCED}
"""
SHARE_OF_ENGAGEMENTS_WITH_DEAL = 0.5


ASSOCIATED = {
    "engagement_id": ("hubspot_engagement", "id", "Engagement."),
    "contact_id": ("hubspot_contact", "id", "Contact."),
    "company_id": ("hubspot_company", "id", "Company."),
    "deal_id": ("hubspot_deal", "deal_id", "Deal."),
    "ticket_id": ("hubspot_ticket", "id", "Ticket."),
}


def association_spec(
    table,
    description,
    generate,
    keys: tuple[str, str],
    contract,
    cut=timeline.fivetran_static,
    contract_at_cut=None,
) -> TableSpec:
    """A HubSpot association table: two object ids (each a foreign key) and a category; at a
    cut-off, the associations synced by then (made with their later object)."""
    lines = "\n".join(f"{key} bigint {ASSOCIATED[key][2]}" for key in keys)
    return TableSpec(
        source=SOURCE,
        table=table,
        description=description,
        generate=generate,
        primary_key=keys,
        contract=contract,
        columns=columns(f"""
        {lines}
        {ASSOCIATION}
        """),
        foreign_keys=tuple(ForeignKey(key, *ASSOCIATED[key][:2]) for key in keys),
        imitates=f"hubspot.{table}",
        freshness_column="_fivetran_synced",
        cut=cut,
        contract_at_cut=contract_at_cut,
    )


def exactly(n: int):
    return lambda size: RowContract(n)


def about(per_size, tolerance: float):
    return lambda size: RowContract(round(per_size(size)), tolerance=tolerance)
