"""raw.attribution_touchpoints: each conversion's journey of web sessions, credited under
five attribution models."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.generators import timeline
from saas_datagen.generators.context import GenerationContext
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.funnel import (
    campaign_names,
    funnel,
    touchpoints,
)
from saas_datagen.schema import ForeignKey, RowContract, TableSpec, TemporalRule, columns


def attribution(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    names = campaign_names(ctx)
    written = 0
    for chunk in touchpoints(funnel(ctx)):
        touches = chunk.join(names, on="campaign_key", how="left", maintain_order="left")
        yield touches.with_row_index("touchpoint_id", offset=written + 1).select(
            pl.col("touchpoint_id").cast(pl.Int64),
            conversion_id="journey_lead_key",
            conversion_type="form_type",
            converted_at=_ts("converted_us"),
            session_id="session_key",
            touched_at=_ts("started_us"),
            source="source",
            medium="medium",
            campaign_name="campaign_name",
            campaign_platform="platform",
            touch_position=pl.col("position") + 1,
            journey_touches="touches",
            attribution_model="attribution_model",
            weight="weight",
        )
        written += touches.height


SPEC = TableSpec(
    source="attribution",
    table="touchpoints",
    description="Multi-touch journeys: every session before a form fill, weighted per model.",
    primary_key="touchpoint_id",
    generate=attribution,
    cut=timeline.before_cutoff("converted_at"),
    # DESIGN.md sizes touchpoints 15k/750k/3M, i.e. half as fast as accounts from dev to qa;
    # journeys here follow the accounts (converted trials), so the contract scales with
    # accounts from the dev figure (150 rows per account).
    contract=lambda size: RowContract(
        round(size.touchpoints * size.accounts / 100 / (size.touchpoints / 15_000)), tolerance=0.15
    ),
    foreign_keys=(
        ForeignKey("session_id", "google_analytics_sessions", "session_id"),
        ForeignKey("conversion_id", "pipedrive_lead", "id"),
    ),
    temporal_rules=(TemporalRule("converted_at", "session_id", "session_start"),),
    columns=columns(
        """
        touchpoint_id bigint Row key.
        conversion_id bigint The converting lead (pipedrive_lead.id).
        conversion_type text Form type of the conversion.
        converted_at timestamptz Form fill time.
        session_id bigint The touch (a web session).
        touched_at timestamptz Session start.
        source text Touch source.
        medium text Touch medium.
        campaign_name text? Paid campaign of the touch.
        campaign_platform text? Ad platform of the touch.
        touch_position integer 1 = first touch.
        journey_touches integer Touches in the journey.
        attribution_model text first_touch, last_touch, linear, time_decay or position_based.
        weight double_precision Credit of this touch under the model (sums to 1 per conversion).
        """
    ),
)
