"""The `ml` group as Dagster assets: each model reads the build's dbt layers, writes its table
into the build's mart schema, carries its model card as metadata and is judged by blocking
checks against the generator's ground truth, with per-environment bars (config/ml.py)."""

from collections.abc import Callable, Mapping
from datetime import date

import dagster as dg
import numpy as np
import polars as pl
import psycopg

from saas_datagen.config import ml as m
from saas_datagen.defs.partitions import BUILD_PARTITIONS
from saas_datagen.defs.resources import WarehouseResource
from saas_datagen.ml import alerts, churn, devices, forecast, judge, kpis, leads
from saas_datagen.ml.store import Layers, read_features, write_table
from saas_datagen.warehouse import server

GROUP = "ml"


def mart_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["mart", table])


def _dbt(*names: str) -> list[dg.AssetKey]:
    """Keys of the dbt models a model reads (`layer/name`, as the dbt assets are keyed)."""
    return [dg.AssetKey(name.split(".")) for name in names]


def _metadata(values: Mapping[str, object]) -> dict[str, object]:
    """Dagster metadata: dicts as JSON, None as text."""
    out: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            out[key] = dg.MetadataValue.json(value)
        elif value is None:
            out[key] = "n/a"
        else:
            out[key] = value
    return out


def _bar(
    name: str, value: float | None, bar: float | None, at_least: bool, env: str, unit: str = ""
) -> dg.AssetCheckResult:
    """A check against a per-environment bar; no bar for the env: reported, not judged."""
    if bar is None:
        return dg.AssetCheckResult(
            check_name=name,
            passed=True,
            metadata={"value": "n/a" if value is None else value, "judged": f"not on {env}"},
        )
    passed = value is not None and bool(value >= bar if at_least else value <= bar)
    return dg.AssetCheckResult(
        check_name=name,
        passed=passed,
        metadata={
            "value": "n/a" if value is None else value,
            "bar": f"{'≥' if at_least else '≤'} {bar}{unit}",
            "env": env,
        },
    )


Step = Callable[[psycopg.Connection, Layers, date, str], tuple[pl.DataFrame, dict, list]]


def _ml_asset(
    table: str,
    description: str,
    deps: list[dg.AssetKey],
    checks: list[tuple[str, str]],
    step: Step,
    kinds: set[str],
) -> dg.AssetsDefinition:
    key = mart_key(table)

    @dg.asset(
        key=key,
        description=description,
        deps=deps,
        partitions_def=BUILD_PARTITIONS,
        group_name=GROUP,
        kinds=kinds,
        check_specs=[
            dg.AssetCheckSpec(name, asset=key, description=text, blocking=True)
            for name, text in checks
        ],
    )
    def _model(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        target = warehouse.target(context)
        layers = Layers(target.build)
        as_of = target.generation.as_of
        with server.connect(target.url) as conn:
            frame, card, results = step(conn, layers, as_of, target.env)
        context.log.info(f"{table}: {frame.height:,} rows; {card}")
        return dg.MaterializeResult(
            metadata={"dagster/row_count": frame.height, **_metadata(card)},
            check_results=results,
        )

    return _model


# --- churn ---------------------------------------------------------------------------------------


def _churn(conn, layers, as_of, env):
    train_cut, score_cut = churn.cutoffs(as_of)
    train_features = read_features(
        conn, layers, churn.FEATURE_QUERY, cutoff=train_cut, **churn.WINDOWS
    )
    observed = read_features(
        conn, layers, churn.OBSERVED_LABEL_QUERY, cutoff=train_cut, as_of=as_of
    )
    labelled = train_features.join(observed, on="customer_id", how="left").with_columns(
        pl.col("churned").fill_null(False)
    )
    labels = labelled["churned"].to_numpy().astype(int)
    model = churn.train(labelled, labels, m.CHURN_TRAIN_CUTOFF_DAYS)
    scoring = read_features(conn, layers, churn.FEATURE_QUERY, cutoff=score_cut, **churn.WINDOWS)
    heuristic = read_features(
        conn,
        layers,
        "select customer_id, churn_risk_score::float8 as heuristic_risk_score "
        "from {entity}.entity_customers",
    )
    seen = read_features(
        conn, layers, churn.HORIZON_RATE_QUERY, cutoff=churn.horizon_cutoff(as_of), as_of=as_of
    )
    customers, churned = int(seen["customers"][0]), int(seen["churned"][0])
    observed_rate = churned / customers if customers else None
    probability = model.probability(scoring)
    if observed_rate is not None:
        probability = churn.match_rate(probability, observed_rate)
    scores = scoring.select(
        "customer_id", "customer_status", "plan_tier", "sessions_recent", "days_since_active"
    ).with_columns(
        churn_probability=pl.Series(np.round(probability, 6)),
        risk_band=pl.Series(churn.risk_band(probability).astype(str)),
        top_reasons=pl.Series(churn.top_reasons(model, scoring), dtype=pl.String),
        scored_at=pl.lit(score_cut),
    )
    scores = scores.join(heuristic, on="customer_id", how="left")
    write_table(
        conn,
        layers.schema("mart"),
        "ml_churn_scores",
        scores,
        "Churn probability within 90 days for every live customer at as_of, with risk band "
        "and the top reasons (issue #13).",
    )
    verdict = judge.churn(conn, layers, as_of)
    card = {
        "model": "logistic regression (standardised inputs), 90-day probability from the "
        f"{m.CHURN_TRAIN_CUTOFF_DAYS}-day training horizon under a constant hazard, its level "
        "set to the churn rate observed over a whole horizon",
        "features": ", ".join(model.names),
        "training_cutoff": train_cut.isoformat(),
        "training_window": f"app activity {m.CHURN_ACTIVITY_DAYS * 2} days (baseline up to "
        f"{m.CHURN_BASELINE_DAYS} days before the last {m.CHURN_ACTIVITY_DAYS}) and pours "
        f"{m.CHURN_POUR_DAYS * 2} days before {train_cut}; "
        f"label: churned between {train_cut} and {as_of}",
        "training_customers": labelled.height,
        "regularisation_c": model.regularisation,
        "training_churners": int(labels.sum()),
        "calibrated_to": (
            f"the {m.CHURN_HORIZON_DAYS}-day churn rate observed from "
            f"{churn.horizon_cutoff(as_of)}: {churned:,} of {customers:,} live customers"
            if observed_rate is not None
            else "none (no customers a horizon before as_of)"
        ),
        "feature_importances": model.importances(),
        **{f"holdout_{k}": v for k, v in verdict.items()},
    }
    calibration = verdict["calibration_ratio"]
    band = m.CHURN_CALIBRATION_RANGE[env]
    results = [
        _bar("churn_auc_vs_truth", verdict["roc_auc"], m.MIN_CHURN_AUC[env], True, env),
        dg.AssetCheckResult(
            check_name="churn_calibration_vs_truth",
            passed=bool(
                band is None or (calibration is not None and band[0] <= calibration <= band[1])
            ),
            metadata={
                "predicted_over_observed": "n/a" if calibration is None else calibration,
                "band": "not judged" if band is None else f"{band[0]} to {band[1]}",
                "env": env,
            },
        ),
    ]
    return scores, card, results


# --- leads ---------------------------------------------------------------------------------------


def _leads(conn, layers, as_of, env):
    frame = read_features(conn, layers, leads.FEATURE_QUERY)
    scores, card = leads.fit_and_score(frame, as_of)
    write_table(
        conn,
        layers.schema("mart"),
        "ml_lead_scores",
        scores,
        "Conversion probability and score band of every lead (issue #13).",
    )
    verdict = judge.leads(conn, layers)
    card |= {f"holdout_{k}": v for k, v in verdict.items()}
    return (
        scores,
        card,
        [_bar("lead_auc_vs_truth", verdict["roc_auc"], m.MIN_LEAD_AUC[env], True, env)],
    )


# --- MRR forecast --------------------------------------------------------------------------------


def _forecast(conn, layers, as_of, env):
    history = read_features(conn, layers, forecast.FEATURE_QUERY, as_of=as_of)
    rows, card = forecast.run(history)
    write_table(
        conn,
        layers.schema("mart"),
        "ml_mrr_forecast",
        rows,
        "Closing MRR forecast for the next 12 months with an 80% interval, and the 3-month "
        "backtest (issue #13).",
    )
    check = _bar(
        "mrr_forecast_backtest_mape",
        card.get("backtest_mape_3m"),
        m.MAX_FORECAST_MAPE[env],
        False,
        env,
    )
    return rows, card, [check]


# --- device anomalies ----------------------------------------------------------------------------


def _devices(conn, layers, as_of, env):
    days = read_features(conn, layers, devices.FEATURE_QUERY)
    flags = devices.detect(days)
    write_table(
        conn,
        layers.schema("mart"),
        "ml_device_anomalies",
        flags,
        "Per device and in-service day: anomalous readings or a silent gap (issue #13).",
    )
    verdict = judge.devices(conn, layers)
    card = devices.CARD | {"training_window": "none (statistical tests)"} | verdict
    results = [
        _bar(
            "device_anomaly_precision_vs_truth",
            verdict["precision"],
            m.MIN_DEVICE_PRECISION[env],
            True,
            env,
        ),
        _bar(
            "device_anomaly_recall_vs_truth", verdict["recall"], m.MIN_DEVICE_RECALL[env], True, env
        ),
    ]
    return flags, card, results


# --- metric anomalies ----------------------------------------------------------------------------


def _metrics(conn, layers, as_of, env):
    series = read_features(conn, layers, kpis.FEATURE_QUERY, as_of=as_of)
    flags = kpis.detect(series)
    write_table(
        conn,
        layers.schema("mart"),
        "metric_anomalies",
        flags,
        "Daily KPIs (MRR, sign-ups, pours, sessions, tickets) with expected value, robust "
        "z-score and anomaly flag (issue #13).",
    )
    verdict = judge.metric_anomalies(conn, layers)
    card = {
        "model": f"same-weekday median of 4 weeks, deviation scored by trailing median/MAD "
        "(Poisson floor), one alarm per run of days off baseline, "
        f"flag at |z| ≥ {m.METRIC_ANOMALY_Z:g}",
        "kpis": ", ".join(sorted(flags["kpi"].unique().to_list())),
        "flags": int(flags["is_anomaly"].sum()),
        **verdict,
    }
    recall_bar = m.MIN_INJECTED_RECALL[env] if verdict["injected"] else None
    check = [
        _bar(
            "metric_false_alarms_per_kpi_month",
            verdict["false_alarms_per_kpi_month"],
            m.MAX_FALSE_ALARMS_PER_KPI_MONTH,
            False,
            env,
        ),
        _bar(
            "injected_metric_anomalies_found",
            verdict["recall"],
            recall_bar,
            True,
            env if verdict["injected"] else "a build without --inject-anomalies",
        ),
    ]
    return flags, card, check


# --- alerts --------------------------------------------------------------------------------------


def _alerts(conn, layers, as_of, env):
    rows = alerts.with_ids(read_features(conn, layers, alerts.ALERTS_QUERY, as_of=as_of))
    write_table(
        conn,
        layers.schema("mart"),
        "alerts",
        rows,
        "What the models found for a team to act on: churn risk, device faults, KPI "
        "anomalies, with severity and owning team (issue #13).",
    )
    by_kind = rows.group_by("kind").len().sort("kind") if rows.height else rows
    card = {"alerts": rows.height, **{f"{k}_alerts": n for k, n in by_kind.iter_rows()}}
    return rows, card, []


def ml_assets() -> list[dg.AssetsDefinition]:
    return [
        _ml_asset(
            "ml_churn_scores",
            "Churn probability (90 days), risk band and top reasons for every live customer.",
            _dbt("entity.entity_customers_daily", "entity.entity_customers"),
            [
                ("churn_auc_vs_truth", "ROC-AUC of the scores against who truly churns next."),
                ("churn_calibration_vs_truth", "Predicted churners over true churners."),
            ],
            _churn,
            {"python", "scikitlearn"},
        ),
        _ml_asset(
            "ml_lead_scores",
            "Conversion probability and band of every lead.",
            _dbt("mart.marketing_leads"),
            [("lead_auc_vs_truth", "Holdout ROC-AUC against the true trial outcomes.")],
            _leads,
            {"python", "scikitlearn"},
        ),
        _ml_asset(
            "ml_mrr_forecast",
            "Closing MRR for the next 12 months with an 80% interval, and its backtest.",
            _dbt("mart.finance_mrr_summary"),
            [("mrr_forecast_backtest_mape", "3-month-ahead MAPE over the rolling backtest.")],
            _forecast,
            {"python"},
        ),
        _ml_asset(
            "ml_device_anomalies",
            "Per device and day: anomalous readings or a silent gap.",
            _dbt(
                "intermediate.int_devices__daily_pours",
                "entity.entity_devices",
                "entity.entity_customers",
            ),
            [
                (
                    "device_anomaly_precision_vs_truth",
                    "Flagged device-days inside a true fault window.",
                ),
                ("device_anomaly_recall_vs_truth", "True fault device-days flagged."),
            ],
            _devices,
            {"python"},
        ),
        _ml_asset(
            "metric_anomalies",
            "Daily KPIs with expected value, robust z-score and anomaly flag.",
            _dbt(
                "entity.entity_customers_daily",
                "entity.entity_customers",
                "intermediate.int_devices__daily_pours",
                "mart.customer_success_ticket_details",
            ),
            [
                ("metric_false_alarms_per_kpi_month", "Flags that match no injected anomaly."),
                ("injected_metric_anomalies_found", "Injected anomalies flagged (recall)."),
            ],
            _metrics,
            {"python"},
        ),
        _ml_asset(
            "alerts",
            "Alert rows for the owning teams: churn risk, device faults, KPI anomalies.",
            [mart_key(t) for t in ("ml_churn_scores", "ml_device_anomalies", "metric_anomalies")],
            [],
            _alerts,
            {"python"},
        ),
    ]
