"""raw.marketing_qualified_leads: the most sales-ready form fills, with their last touch."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.generators import timeline
from saas_datagen.generators.context import GenerationContext
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.funnel import (
    LIFECYCLE_BY_FORM,
    campaign_names,
    funnel,
)
from saas_datagen.schema import ForeignKey, RowContract, TableSpec, TemporalRule, columns


def mqls(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    leads = funnel(ctx).leads.filter("is_mql").sort("mql_us", "lead_key")
    last_touch = (
        funnel(ctx)
        .sessions.filter(pl.col("lead_key").is_not_null())
        .join(campaign_names(ctx), on="campaign_key", how="left")
        .select("lead_key", "source", "medium", "campaign_name")
    )
    yield (
        leads.join(last_touch, on="lead_key", how="left")
        .with_row_index("mql_id", offset=1)
        .select(
            pl.col("mql_id").cast(pl.Int64),
            lead_id="lead_key",
            email="email",
            company_name="company_name",
            form_type="form_type",
            trial_path="trial_path",
            lifecycle_stage=pl.col("form_type").replace_strict(LIFECYCLE_BY_FORM),
            source="source",
            medium="medium",
            campaign_name="campaign_name",
            lead_created_at=_ts("created_us"),
            qualified_at=_ts("mql_us"),
        )
    )


SPEC = TableSpec(
    source="marketing",
    table="qualified_leads",
    description="Marketing-qualified leads: the most sales-ready form fills.",
    primary_key="mql_id",
    generate=mqls,
    cut=timeline.before_cutoff("qualified_at"),
    contract=lambda size: RowContract(size.mqls, tolerance=0.1),
    foreign_keys=(ForeignKey("lead_id", "pipedrive_lead", "id"),),
    temporal_rules=(TemporalRule("qualified_at", "lead_id", "add_time"),),
    freshness_column="qualified_at",
    columns=columns(
        """
        mql_id bigint Row key.
        lead_id bigint Lead (pipedrive_lead.id).
        email text Contact email.
        company_name text Company.
        form_type text Form that qualified them.
        trial_path text? Trial path for trial sign-ups.
        lifecycle_stage text Stage implied by the form.
        source text? Last-touch source.
        medium text? Last-touch medium.
        campaign_name text? Last-touch campaign.
        lead_created_at timestamptz Lead creation.
        qualified_at timestamptz When marketing qualified it.
        """
    ),
)
