"""Property histories of contacts, companies and deals (Fivetran history tables)."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.generators import timeline
from saas_datagen.generators.context import (
    GenerationContext,
)
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.crm import contact_lifecycle_changes, crm, crm_synced
from saas_datagen.generators.go_to_market.lead_score import lead_score_history
from saas_datagen.generators.hubspot.common import (
    PROPERTY_CHANGE,
    SOURCE,
    about,
)
from saas_datagen.generators.hubspot.crm_objects import deal_stage_changes
from saas_datagen.schema import ForeignKey, RowContract, TableSpec, columns


def _property_rows(rows: pl.DataFrame, key: str, ctx: GenerationContext) -> pl.DataFrame:
    return rows.sort(key, "at", "name").select(
        key,
        "name",
        "value",
        source=pl.lit("CRM_UI"),
        source_id=pl.lit(None, pl.String),
        timestamp=_ts("at"),
        _fivetran_synced=crm_synced(ctx, "at"),
    )


def contact_property_history(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """Lifecycle stage as each contact moved through the funnel (a lead when created, an MQL
    when marketing qualified it, an opportunity, a customer when the account converted) and
    every change of its lead score."""
    contacts = crm(ctx).contacts
    email = contacts.select("contact_id", at="created_us", value="email", name=pl.lit("email"))
    scores = lead_score_history(ctx).select(
        "contact_id", "at", value=pl.col("score").cast(pl.String), name=pl.lit("hubspotscore")
    )
    stages = contact_lifecycle_changes(ctx).with_columns(name=pl.lit("lifecyclestage"))
    rows = pl.concat([stages, email, scores], how="diagonal")
    yield _property_rows(rows, "contact_id", ctx)


def company_property_history(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    companies = crm(ctx).companies
    rows = pl.concat(
        [
            companies.select(
                "company_id", at="created_us", name=pl.lit("name"), value="company_name"
            ),
            companies.select(
                "company_id", at="created_us", name=pl.lit("lifecyclestage"), value="lifecycle"
            ),
            companies.select(
                "company_id",
                at="created_us",
                name=pl.lit("industry"),
                value="industry",
            ),
        ]
    )
    yield _property_rows(rows, "company_id", ctx)


def deal_property_history(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """The amount when the deal was created and every stage it entered (as deal_stage)."""
    deals = crm(ctx).hubspot_deals
    amount = deals.select(
        deal_id="hubspot_deal_id",
        at="add_us",
        name=pl.lit("amount"),
        value=(pl.col("value_cents") / 100).round(2).cast(pl.String),
    )
    stages = deal_stage_changes(ctx).select(
        deal_id="hubspot_deal_id", at="at", name=pl.lit("dealstage"), value="stage"
    )
    yield _property_rows(pl.concat([amount, stages]), "deal_id", ctx)


SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        source=SOURCE,
        table="contact_property_history",
        description="Contact property changes: lifecycle stage through the funnel, email.",
        generate=contact_property_history,
        cut=timeline.fivetran_facts("timestamp"),
        primary_key=("contact_id", "name", "timestamp", "value"),
        contract=about(lambda size: size.hubspot_contacts * 5.5, 0.3),
        columns=columns(f"""
        contact_id bigint Contact.
        {PROPERTY_CHANGE}
        """),
        foreign_keys=(ForeignKey("contact_id", "hubspot_contact", "id"),),
        imitates="hubspot.contact_property_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="company_property_history",
        description="Company property changes: name, lifecycle stage, industry.",
        generate=company_property_history,
        cut=timeline.fivetran_facts("timestamp"),
        primary_key=("company_id", "name", "timestamp"),
        contract=lambda size: RowContract(size.hubspot_companies * 3, tolerance=0.2),
        columns=columns(f"""
        company_id bigint Company.
        {PROPERTY_CHANGE}
        """),
        foreign_keys=(ForeignKey("company_id", "hubspot_company", "id"),),
        imitates="hubspot.company_property_history",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="deal_property_history",
        description="Deal property changes: amount and every stage entered.",
        generate=deal_property_history,
        cut=timeline.fivetran_facts("timestamp"),
        primary_key=("deal_id", "name", "timestamp"),
        contract=about(lambda size: size.hubspot_deals * 3.45, 0.3),
        columns=columns(f"""
        deal_id bigint Deal.
        {PROPERTY_CHANGE}
        """),
        foreign_keys=(ForeignKey("deal_id", "hubspot_deal", "deal_id"),),
        imitates="hubspot.deal_property_history",
        freshness_column="_fivetran_synced",
    ),
)
