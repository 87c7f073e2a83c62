"""Judging the `ml` group against the generator's ground truth (the `truth` schema).

The only module that reads `truth`: it compares what the models wrote into mart with what the
generator knows happened (or will happen), independently of how the models were trained.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
import psycopg
from sklearn.metrics import roc_auc_score

from saas_datagen.config import ml as m
from saas_datagen.ml.store import Layers, read_truth


def auc(labels: np.ndarray, scores: np.ndarray) -> float | None:
    """ROC-AUC, or None when the labels hold one class only (nothing to rank)."""
    if len(np.unique(labels)) < 2:
        return None
    return float(roc_auc_score(labels, scores))


def churn(conn: psycopg.Connection, layers: Layers, as_of: date) -> dict:
    """The churn scores of every live customer at as_of against who really churns within the
    horizon (truth.account_churn.latent_churn_at), plus the entity's heuristic risk score."""
    end = as_of + timedelta(days=m.CHURN_HORIZON_DAYS)
    frame = read_truth(
        conn,
        layers,
        """
        select s.customer_id, s.churn_probability, s.heuristic_risk_score,
               t.latent_churn_at >= %(as_of)s::date and t.latent_churn_at < %(end)s::date
                   as churns
        from {mart}.ml_churn_scores s
        join {truth}.account_churn t on t.account_id = s.customer_id
        """,
        as_of=as_of,
        end=end,
    )
    labels = frame["churns"].to_numpy().astype(int)
    predicted = frame["churn_probability"].to_numpy().astype(float)
    heuristic = frame["heuristic_risk_score"].fill_null(0).to_numpy().astype(float)
    observed = int(labels.sum())
    return {
        "holdout": f"customers live at {as_of}; label: churn before {end} (truth)",
        "holdout_customers": frame.height,
        "holdout_churners": observed,
        "roc_auc": _round(auc(labels, predicted)),
        "heuristic_churn_risk_score_auc": _round(auc(labels, heuristic)),
        "predicted_churners": round(float(predicted.sum()), 1),
        "calibration_ratio": round(float(predicted.sum()) / observed, 3) if observed else None,
        "brier_score": round(float(((predicted - labels) ** 2).mean()), 5) if len(labels) else None,
    }


def leads(conn: psycopg.Connection, layers: Layers) -> dict:
    frame = read_truth(
        conn,
        layers,
        """
        select s.conversion_probability, t.converted
        from {mart}.ml_lead_scores s
        join {truth}.lead_outcomes t using (lead_id)
        where s.split = 'holdout'
        """,
    )
    labels = frame["converted"].to_numpy().astype(int) if frame.height else np.array([])
    scores = frame["conversion_probability"].to_numpy() if frame.height else np.array([])
    return {
        "holdout_leads": frame.height,
        "holdout_conversions": int(labels.sum()),
        "roc_auc": _round(auc(labels, scores)),
    }


def devices(conn: psycopg.Connection, layers: Layers) -> dict:
    """Device-days flagged against the truth fault windows."""
    frame = read_truth(
        conn,
        layers,
        """
        select a.is_anomaly,
               f.device_id is not null as faulty
        from {mart}.ml_device_anomalies a
        left join {truth}.device_faults f
            on f.device_id = a.device_id
           and a.day between f.fault_from::date and f.fault_to::date
        """,
    )
    flagged = frame["is_anomaly"].to_numpy().astype(bool)
    faulty = frame["faulty"].to_numpy().astype(bool)
    true_positives = int((flagged & faulty).sum())
    return {
        "device_days": frame.height,
        "faulty_device_days": int(faulty.sum()),
        "flagged_device_days": int(flagged.sum()),
        "precision": round(true_positives / int(flagged.sum()), 4) if flagged.any() else None,
        "recall": round(true_positives / int(faulty.sum()), 4) if faulty.any() else None,
    }


def metric_anomalies(conn: psycopg.Connection, layers: Layers) -> dict:
    """The build's KPI flags against the anomalies injected into it (truth)."""
    flags = read_truth(
        conn, layers, "select kpi, day, z_score, is_anomaly from {mart}.metric_anomalies"
    )
    injected = read_truth(
        conn, layers, "select kpi, kind, first_day from {truth}.injected_metric_anomalies"
    )
    return score_metric_flags(flags, injected)


def score_metric_flags(flags: pl.DataFrame, injected: pl.DataFrame) -> dict:
    """Injected anomalies found (a flag within INJECTION_MATCH_DAYS of its first day), and the
    flags matching none of them per scored KPI-month (with nothing injected: every flag).

    `flags`: kpi, day, z_score, is_anomaly; `injected`: kpi, kind, first_day."""
    near = m.INJECTION_MATCH_DAYS
    raised = flags.filter("is_anomaly").select("kpi", "day")
    pairs = injected.join(raised, on="kpi", how="inner").filter(
        (pl.col("day") - pl.col("first_day")).dt.total_days().abs() <= near
    )
    found = injected.join(
        pairs.select("kpi", "first_day").unique(), on=["kpi", "first_day"], how="semi"
    )
    missed = injected.join(found, on=["kpi", "first_day"], how="anti").sort("kpi", "first_day")
    false_alarms = raised.join(pairs.select("kpi", "day").unique(), on=["kpi", "day"], how="anti")
    scored = flags.filter(pl.col("z_score").is_not_null())
    months = scored.select("kpi", pl.col("day").dt.truncate("1mo")).unique().height
    return {
        "injected": injected.height,
        "injected_found": found.height,
        "recall": round(found.height / injected.height, 4) if injected.height else None,
        "missed": ", ".join(f"{r['kpi']} {r['kind']} {r['first_day']}" for r in missed.to_dicts())
        or "none",
        "false_alarms": false_alarms.height,
        "scored_kpi_months": months,
        "false_alarms_per_kpi_month": round(false_alarms.height / max(months, 1), 3),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
