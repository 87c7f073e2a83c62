"""The `truth` schema: the latent variables behind the raw data, which no real company has.

Every outcome in the raw tables was drawn from something the generator knows: each account's
churn hazard and engagement, each lead's intent, each device's fault. These tables write that
down so the `ml` group can be *judged* (ROC-AUC, precision, recall) against what really
happened. They are loaded like the raw tables, into their own schema, and are never a dbt
source nor read by an ML feature query (`saas_datagen_tests/test_ml_leakage.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators import anomalies, timeline
from saas_datagen.generators.app_database import accounts
from saas_datagen.generators.app_database.account_plan import account_plan
from saas_datagen.generators.app_database.device_profile import (
    DEVICE_BLOCK,
    device_profile,
    tap_days_us,
)
from saas_datagen.generators.app_database.engagement import account_engagement
from saas_datagen.generators.app_database.tap_events import silent_gap_days
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext, micros_to_timestamp
from saas_datagen.generators.go_to_market.funnel import funnel
from saas_datagen.generators.pipedrive import leads_contract
from saas_datagen.schema import RowContract, TableSpec, columns

LAYER = "truth"
_MAX_OFFSET_US = 14 * 3_600_000_000


def account_churn(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    plan = account_plan(ctx).join(account_engagement(ctx), on="account_id")
    yield plan.select(
        "account_id",
        "tier",
        "n_locations",
        "churn_hazard",
        "engagement",
        "status",
        "churned",
        churned_at=pl.when("churned").then(micros_to_timestamp("churn_us")),
        latent_churn_at=micros_to_timestamp("latent_churn_us"),
        usage_fade_from=micros_to_timestamp(
            pl.col("latent_churn_us") - d.CHURN_FADE_DAYS * MICROS_PER_DAY
        ),
        churn_reason="churn_reason",
    )


def lead_outcomes(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        funnel(ctx)
        .leads.select(
            lead_id="lead_key",
            form_type="form_type",
            trial_path="trial_path",
            intent_score="intent_score",
            trial_outcome="outcome",
            account_id="account_id",
            converted=pl.col("outcome").eq_missing("converted"),
        )
        .sort("lead_id")
    )


def _fault_windows(ctx: GenerationContext) -> pl.DataFrame:
    """One row per faulty device: the span of tap history over which it could pour."""
    profile = device_profile(ctx)
    days = tap_days_us(ctx)
    first, end = int(days[0]), ctx.horizon_us
    faulty = np.flatnonzero(profile.faulty)
    start = np.maximum(profile.active_from_us[faulty], first)
    stop = np.minimum(profile.active_to_us[faulty], end - 1)
    return pl.DataFrame(
        {
            "row": faulty,
            "device_id": profile.device_id[faulty],
            "anomaly_share": profile.anomaly_share[faulty],
            "start_us": start,
            "stop_us": stop,
        }
    ).filter(pl.col("stop_us") >= pl.col("start_us"))


def device_faults(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _fault_windows(ctx).select(
        "device_id",
        fault_kind=pl.lit("readings_and_gaps"),
        anomalous_reading_share="anomaly_share",
        silent_gap_day_share=pl.lit(d.FAULTY_GAP_DAY_SHARE),
        fault_from=micros_to_timestamp("start_us"),
        fault_to=micros_to_timestamp("stop_us"),
    )


def device_fault_days(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """Each tap-history day of each faulty device's window, with whether it poured nothing.

    Tap events are generated per (256-device block, local day); the day's date is the
    venue's calendar date."""
    profile = device_profile(ctx)
    windows = _fault_windows(ctx)
    rows = windows["row"].to_numpy()
    block_of = rows // DEVICE_BLOCK
    parts = []
    for day, day_us in enumerate(tap_days_us(ctx).tolist()):
        # the local day spans [day_us - offset, day_us - offset + 1 day) in UTC, offsets
        # within ±14 h: a device whose window touches that span counts the day
        touching = (windows["start_us"].to_numpy() < day_us + MICROS_PER_DAY + _MAX_OFFSET_US) & (
            windows["stop_us"].to_numpy() >= day_us - _MAX_OFFSET_US
        )
        gap = np.zeros(len(rows), dtype=bool)
        for block in np.unique(block_of[touching]).tolist():
            in_block = touching & (block_of == block)
            gaps = silent_gap_days(ctx, profile, day, block)
            gap[in_block] = gaps[rows[in_block] - block * DEVICE_BLOCK]
        parts.append(
            pl.DataFrame(
                {
                    "device_id": windows["device_id"].to_numpy()[touching],
                    "fault_date": np.full(int(touching.sum()), day_us // MICROS_PER_DAY),
                    "silent_gap": gap[touching],
                }
            )
        )
    yield (
        pl.concat(parts)
        .with_columns(pl.col("fault_date").cast(pl.Date))
        .sort("device_id", "fault_date")
    )


def injected_metric_anomalies(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    rows = [
        {
            "kpi": i.kpi,
            "kind": i.kind,
            "first_day": anomalies.first_day(ctx, i.kpi) + timedelta(days=i.first_day),
            "last_day": anomalies.first_day(ctx, i.kpi) + timedelta(days=i.last_day),
            "factor": i.factor,
        }
        for i in anomalies.plan(ctx)
    ]
    yield pl.DataFrame(
        rows,
        schema={
            "kpi": pl.String,
            "kind": pl.String,
            "first_day": pl.Date,
            "last_day": pl.Date,
            "factor": pl.Float64,
        },
    )


# --- at a cut-off: the latent variables of what exists by then (the futures they hold, such
# as an account's latent churn, stay: they are what models are judged against), and nothing of
# the days after it.


def _cut_account_churn(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The accounts signed up before the cut-off, with the status and churn they had then."""
    at_cut = accounts.cut(ctx, next(accounts.generate(ctx))).select(
        "account_id", status_then="account_status", churned_then="churned_at"
    )
    return (
        frame.join(at_cut, on="account_id", maintain_order="left")
        .with_columns(
            status="status_then",
            churned=pl.col("churned_then").is_not_null(),
            churned_at="churned_then",
            churn_reason=pl.when(pl.col("churned_then").is_not_null()).then("churn_reason"),
        )
        .drop("status_then", "churned_then")
    )


def _cut_lead_outcomes(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The leads created before the cut-off, with the outcome their trial comes to."""
    created = funnel(ctx).leads.filter(pl.col("created_us") < ctx.cutoff_us)
    return frame.join(created.select(lead_id="lead_key"), on="lead_id", how="semi")


def _cut_device_faults(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The fault windows as far as the tap history before the cut-off goes."""
    last = pl.lit(ctx.cutoff_us - 1).cast(pl.Datetime("us", "UTC"))
    return frame.with_columns(fault_to=pl.min_horizontal("fault_to", last)).filter(
        pl.col("fault_from") <= pl.col("fault_to")
    )


def _device_fault_contract(size) -> RowContract:
    # FAULTY_DEVICE_SHARE of online devices, FAULTY_SHARE_OF_OFFLINE_OR_MAINTENANCE of the
    # rest; small fleets wander, so a wide band: the table is a record, not a target.
    expected = size.devices * (
        0.85 * d.FAULTY_DEVICE_SHARE + 0.15 * d.FAULTY_SHARE_OF_OFFLINE_OR_MAINTENANCE
    )
    return RowContract(round(expected), tolerance=0.6)


SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        source="truth",
        table="account_churn",
        layer=LAYER,
        depends_on=("app_database_accounts",),
        description="Each account's latent churn story: the annual hazard its churn date was "
        "drawn from, its engagement factor, and when and why it churned.",
        primary_key="account_id",
        generate=account_churn,
        cut=_cut_account_churn,
        contract=lambda size: RowContract(size.accounts),
        columns=columns(
            """
            account_id bigint The account (raw.app_database_accounts.account_id).
            tier text Plan tier at the horizon.
            n_locations bigint Locations the account licenses.
            churn_hazard double_precision Annual churn hazard its churn date was drawn from.
            engagement double_precision Latent engagement (scales session rates).
            status text Status at the horizon (trialing, active, past_due, churned).
            churned boolean Whether it churned before the horizon.
            churned_at timestamptz? When it churned (before the horizon).
            latent_churn_at timestamptz Its drawn churn date; past the horizon, its future.
            usage_fade_from timestamptz When its usage starts fading towards it.
            churn_reason text? payment_failed (involuntary) or customer_churn.
            """
        ),
    ),
    TableSpec(
        source="truth",
        table="lead_outcomes",
        layer=LAYER,
        depends_on=("pipedrive_lead",),
        description="Each lead's latent intent and the true outcome of its trial.",
        primary_key="lead_id",
        generate=lead_outcomes,
        cut=_cut_lead_outcomes,
        contract=leads_contract,
        columns=columns(
            """
            lead_id bigint The lead (raw.pipedrive_lead.id).
            form_type text? Form that created it (none for purchased lists).
            trial_path text? self_service or sales_assisted, for trial sign-ups.
            intent_score double_precision? Latent sales-readiness (picks the MQLs).
            trial_outcome text? converted, expired or in_trial, for trial sign-ups.
            account_id bigint? The account a converted trial became.
            converted boolean Whether the lead became a paying account.
            """
        ),
    ),
    TableSpec(
        source="truth",
        table="device_faults",
        layer=LAYER,
        depends_on=("app_database_tap_events",),
        description="Every faulty device and its fault window over the tap history: a share "
        "of its pours and readings are anomalous (too warm or low pressure) and on some days "
        "it pours nothing at all.",
        primary_key="device_id",
        generate=device_faults,
        cut=_cut_device_faults,
        contract=_device_fault_contract,
        columns=columns(
            """
            device_id bigint The device (raw.app_database_devices.device_id).
            fault_kind text readings_and_gaps: odd readings and silent days.
            anomalous_reading_share double_precision Chance a pour or reading is anomalous.
            silent_gap_day_share double_precision Chance that a day of its window has no pours.
            fault_from timestamptz Start of the fault window (install or start of the tap history).
            fault_to timestamptz End of the fault window (last heartbeat, churn or the horizon).
            """
        ),
    ),
    TableSpec(
        source="truth",
        table="device_fault_days",
        layer=LAYER,
        depends_on=("app_database_tap_events",),
        description="Each venue-local day of each faulty device's window, and whether that "
        "day was a silent gap (no pours at all).",
        primary_key=("device_id", "fault_date"),
        generate=device_fault_days,
        cut=timeline.before_cutoff("fault_date"),
        contract=lambda size: RowContract(
            round(_device_fault_contract(size).expected * size.tap_history_days), tolerance=0.7
        ),
        columns=columns(
            """
            device_id bigint The faulty device.
            fault_date date The venue-local day of the tap history.
            silent_gap boolean Whether it poured nothing that day.
            """
        ),
    ),
    TableSpec(
        source="truth",
        table="injected_metric_anomalies",
        layer=LAYER,
        depends_on=("app_database_tap_events", "app_database_user_sessions"),
        description="The labelled anomalies `build --inject-anomalies` put into the daily "
        "KPIs (empty otherwise): which KPI, what kind, from which day to which, by what "
        "factor of its usual rate.",
        primary_key=("kpi", "first_day"),
        generate=injected_metric_anomalies,
        cut=timeline.before_cutoff("first_day"),
        # none when off, up to three per injectable KPI when on: 0 to 6 rows
        contract=lambda size: RowContract(3, tolerance=1.0),
        columns=columns(
            """
            kpi text pours or sessions.
            kind text spike, drop or level_shift.
            first_day date The first day it shows (UTC; pours: the venue-local day).
            last_day date Its last day (a level shift lasts to the horizon).
            factor double_precision What the KPI's rate was multiplied by.
            """
        ),
    ),
)
