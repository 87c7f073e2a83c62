"""Engagement associations (contacts, companies, deals) and task details."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.config import go_to_market as g
from saas_datagen.generators import timeline
from saas_datagen.generators.context import (
    MICROS_PER_DAY,
    GenerationContext,
)
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.crm import crm, crm_synced
from saas_datagen.generators.hubspot.common import (
    DELETED,
    SHARE_OF_ENGAGEMENTS_WITH_DEAL,
    SOURCE,
    about,
    association_rows,
    association_spec,
)
from saas_datagen.generators.hubspot.crm_objects import deals_added_before, engagements_linked
from saas_datagen.schema import FIVETRAN_SYNCED, ForeignKey, RowContract, TableSpec, columns


def _engagements(ctx: GenerationContext) -> pl.DataFrame:
    return crm(ctx).engagements


def engagement_contacts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield association_rows(_engagements(ctx), "engagement_id", "contact_id", "timestamp_us", ctx)


def engagement_companies(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield association_rows(_engagements(ctx), "engagement_id", "company_id", "timestamp_us", ctx)


def engagement_deals(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """Made when both exist: some engagements come before their company's deal."""
    yield association_rows(engagements_linked(ctx), "engagement_id", "deal_id", "linked_us", ctx)


def _cut_engagement_deals(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The engagements' deals synced by the cut-off, once the deal was created."""
    return timeline.fivetran_static(ctx, frame).join(
        deals_added_before(ctx), on="deal_id", how="semi"
    )


def engagement_tasks(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """Follow-up tasks: done once their due time has passed, unless the rep let it slip."""
    tasks = _engagements(ctx).filter(pl.col("engagement_type") == "TASK")
    done = pl.col("outcome") != "no_answer"
    yield tasks.select(
        engagement_id="engagement_id",
        type=pl.lit("TASK"),
        property_hs_task_subject=pl.lit("Follow up on TapFlow rollout"),
        property_hs_task_status=pl.when(done)
        .then(pl.lit("COMPLETED"))
        .otherwise(pl.lit("NOT_STARTED")),
        property_hs_task_priority=pl.lit("MEDIUM"),
        property_hs_task_type=pl.lit("TODO"),
        property_hs_createdate=_ts(pl.col("timestamp_us") - MICROS_PER_DAY),
        property_hs_timestamp=_ts("timestamp_us"),
        property_hubspot_owner_id="owner_id",
        property_hubspot_team_id=pl.lit(None, pl.Int64),
        _fivetran_deleted=pl.lit(False),
        _fivetran_synced=crm_synced(ctx, "timestamp_us"),
    )


SPECS: tuple[TableSpec, ...] = (
    association_spec(
        "engagement_contact",
        "Contacts each engagement is associated with.",
        engagement_contacts,
        ("engagement_id", "contact_id"),
        lambda size: RowContract(size.hubspot_engagements),
    ),
    association_spec(
        "engagement_company",
        "Companies each engagement is associated with.",
        engagement_companies,
        ("engagement_id", "company_id"),
        about(lambda size: size.hubspot_engagements * 0.7, 0.3),
    ),
    association_spec(
        "engagement_deal",
        "Deals each engagement is associated with.",
        engagement_deals,
        ("engagement_id", "deal_id"),
        about(lambda size: size.hubspot_engagements * SHARE_OF_ENGAGEMENTS_WITH_DEAL, 0.5),
        cut=_cut_engagement_deals,
    ),
    TableSpec(
        source=SOURCE,
        table="engagement_task",
        description="Follow-up tasks (engagements of type TASK).",
        generate=engagement_tasks,
        cut=timeline.fivetran_facts("property_hs_timestamp"),
        primary_key="engagement_id",
        contract=about(lambda size: size.hubspot_engagements * g.ENGAGEMENT_TYPES["TASK"], 0.05),
        columns=columns(f"""
        engagement_id bigint Engagement.
        type text TASK.
        property_hs_task_subject text Subject.
        property_hs_task_status text COMPLETED or NOT_STARTED.
        property_hs_task_priority text Priority.
        property_hs_task_type text TODO.
        property_hs_createdate timestamptz Created.
        property_hs_timestamp timestamptz Due.
        property_hubspot_owner_id bigint Owner.
        property_hubspot_team_id bigint? Team (not set on tasks).
        {DELETED}
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("engagement_id", "hubspot_engagement", "id"),),
        imitates="hubspot.engagement_task",
        freshness_column="_fivetran_synced",
    ),
)
