"""HubSpot's lead score (`hubspotscore`) of every contact and how it moved over time.

The score follows the funnel: the intent of the form that created the contact, then points
at each lifecycle step (marketing qualified, opportunity, customer), and a decay for leads
that never qualified. HubSpot contacts carry the current score; the contact property history
carries every change.
"""

from __future__ import annotations

import polars as pl

from saas_datagen.config import go_to_market as g
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext
from saas_datagen.generators.go_to_market.crm import contact_lifecycle_changes, crm

LEAD_SCORE = "gtm_lead_score"


def lead_score_history(ctx: GenerationContext) -> pl.DataFrame:
    """One row per score change: contact_id, at (µs), score (0-100), in time order."""

    def build(ctx: GenerationContext) -> pl.DataFrame:
        contacts = crm(ctx).contacts.sort("contact_id")
        horizon = ctx.horizon_us
        steps = g.LEAD_SCORE_STEPS
        start = contacts.select(
            "contact_id",
            at="created_us",
            step=pl.lit("created"),
            points=pl.col("form_type")
            .replace_strict(dict(g.LEAD_SCORE_BY_FORM), default=g.LEAD_SCORE_NO_FORM)
            .cast(pl.Float64),
        )
        # Points at each lifecycle step after the first (the contact's property history).
        milestones = (
            contact_lifecycle_changes(ctx)
            .filter(pl.col("value") != "lead")
            .select("contact_id", "at", step="value")
        )
        decayed = contacts.filter(pl.col("lifecycle") == "lead").select(
            "contact_id",
            at=pl.col("created_us") + g.LEAD_SCORE_DECAY_DAYS * MICROS_PER_DAY,
            step=pl.lit("decayed"),
        )
        later = pl.concat([milestones, decayed]).with_columns(
            points=pl.col("step").replace_strict(dict(steps), return_dtype=pl.Float64)
        )
        changes = (
            pl.concat([start, later])
            .filter(pl.col("at") < horizon)
            .sort("contact_id", "at", "step")
        )
        rng = ctx.rng(LEAD_SCORE)
        noise = rng.normal(0, g.LEAD_SCORE_NOISE, changes.height)
        return (
            changes.with_columns(points=pl.col("points") + pl.Series(noise))
            .with_columns(
                score=pl.col("points")
                .cum_sum()
                .over("contact_id")
                .clip(0, 100)
                .round()
                .cast(pl.Int64)
            )
            .select("contact_id", "at", "step", "score")
        )

    return ctx.cached(LEAD_SCORE, build)


def current_lead_scores(ctx: GenerationContext) -> pl.DataFrame:
    """contact_id, score: each contact's latest score."""
    return lead_score_history(ctx).group_by("contact_id").agg(score=pl.col("score").last())
