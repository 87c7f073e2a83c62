"""The ml group's models on data whose answer is known (no database)."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from saas_datagen.config import ml as m
from saas_datagen.ml import churn, devices, forecast, judge, kpis, leads
from saas_datagen.ml.store import Layers, LeakageError, read_features
from saas_datagen.warehouse.versions import Build

PACKAGE = Path(__file__).resolve().parents[1] / "saas_datagen"


def test_a_feature_query_naming_the_truth_layer_is_refused_before_it_runs():
    layers = Layers(Build("abc"))
    for query in ("select * from {truth}.account_churn", "select * from truth.lead_outcomes"):
        with pytest.raises(LeakageError):
            read_features(None, layers, query)  # refused before touching the connection


def test_only_the_judge_reads_truth_and_no_feature_query_names_it():
    readers, named = [], []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Name | ast.Attribute):
                name = node.id if isinstance(node, ast.Name) else node.attr
                if name == "read_truth":
                    readers.append(path.relative_to(PACKAGE).as_posix())
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.endswith("_QUERY") for t in node.targets
            ):
                text = ast.literal_eval(node.value) if isinstance(node.value, ast.Constant) else ""
                if "truth" in text.lower():
                    named.append(path.name)
    assert set(readers) == {"ml/judge.py"}
    assert named == []


def test_no_dbt_model_or_source_reads_the_truth_schema():
    project = Path(__file__).resolve().parents[1] / "dbt_project"
    files = [
        p
        for folder in ("models", "macros", "analyses", "snapshots", "tests")
        for p in (project / folder).rglob("*")
        if p.is_file() and p.suffix in {".sql", ".yml"}
    ]
    assert files
    assert [p.name for p in files if "truth" in p.read_text().lower()] == []


def test_the_forecast_recovers_a_known_growth_rate_and_its_interval_covers_the_future():
    rng = np.random.default_rng(0)
    months = 40
    truth = 10_000 * 1.03 ** np.arange(months)
    observed = truth * np.exp(rng.normal(0, 0.01, months))
    history = pl.DataFrame(
        {
            "month_start": [date(2023 + (i // 12), i % 12 + 1, 1) for i in range(28)],
            "closing_mrr": observed[:28],
        }
    )
    rows, card = forecast.run(history)
    assert card["monthly_growth"] == pytest.approx(0.03, abs=0.003)
    assert card["backtest_mape_3m"] < 0.03
    ahead = rows.filter(pl.col("kind") == "forecast").sort("months_ahead")
    assert ahead.height == m.FORECAST_MONTHS
    future = truth[28 : 28 + m.FORECAST_MONTHS]
    lower, upper = ahead["mrr_lower_80"].to_numpy(), ahead["mrr_upper_80"].to_numpy()
    inside = (lower <= future) & (future <= upper)
    assert inside.mean() >= 0.75
    # a flat, noiseless series has no trend to find
    flat = history.with_columns(closing_mrr=pl.lit(5_000.0))
    assert forecast.run(flat)[1]["monthly_growth"] == pytest.approx(0.0, abs=1e-9)


def _device_days(device_id: int, pours: list[int], anomalous: list[int]) -> pl.DataFrame:
    n = len(pours)
    return pl.DataFrame(
        {
            "device_id": [device_id] * n,
            "location_id": [1] * n,
            "account_id": [1] * n,
            "day": [date(2026, 11, 1) + timedelta(days=i) for i in range(n)],
            "pours": pours,
            "anomalous_pours": anomalous,
        }
    )


def test_the_device_detector_flags_a_faulty_device_and_not_a_healthy_one():
    rng = np.random.default_rng(1)
    healthy_pours = rng.poisson(40, 20).tolist()
    healthy = _device_days(1, healthy_pours, rng.binomial(healthy_pours, 0.005).tolist())
    faulty_pours = rng.poisson(40, 20)
    faulty_pours[[5, 12]] = 0  # silent gap days
    faulty = _device_days(2, faulty_pours.tolist(), rng.binomial(faulty_pours, 0.15).tolist())
    flags = devices.detect(pl.concat([healthy, faulty]))
    by_device = flags.group_by("device_id").agg(pl.col("is_anomaly").mean()).sort("device_id")
    assert by_device["is_anomaly"].to_list()[0] == 0.0
    assert by_device["is_anomaly"].to_list()[1] >= 0.9
    gaps = flags.filter((pl.col("device_id") == 2) & (pl.col("pours") == 0))
    assert all("silent_gap" in kind for kind in gaps["anomaly_kind"].to_list())


def test_a_quiet_device_is_not_called_silent_on_a_day_without_pours():
    flags = devices.detect(_device_days(3, [2, 0, 1, 3, 0, 2, 1, 0], [0] * 8))
    assert not flags["is_anomaly"].any()


def _kpi(values: np.ndarray, name: str = "pours") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "kpi": [name] * len(values),
            "day": [date(2026, 1, 1) + timedelta(days=i) for i in range(len(values))],
            "value": values.astype(float),
        }
    )


def _alarms(flags: pl.DataFrame, injected: pl.DataFrame | None = None) -> dict:
    """The judge's count of flags matching no injected anomaly."""
    listed = pl.DataFrame(schema={"kpi": pl.String, "kind": pl.String, "first_day": pl.Date})
    if injected is not None:
        listed = injected.select("kpi", kind=pl.lit("spike"), first_day="day")
    return judge.score_metric_flags(flags, listed)


def test_metric_detection_finds_a_spike_and_a_level_shift_once_each_and_ignores_noise():
    rng = np.random.default_rng(2)
    weekly = np.tile([1.0, 1.0, 1.0, 1.1, 1.4, 1.6, 0.9], 20)
    values = rng.poisson(1_000 * weekly).astype(float)
    quiet = kpis.detect(_kpi(values))
    assert _alarms(quiet)["false_alarms"] <= 1
    values[80] *= 2.5  # spike
    values[110:] *= 0.6  # level shift down, lasting
    flagged = kpis.detect(_kpi(values)).filter("is_anomaly")
    days = [(d - date(2026, 1, 1)).days for d in flagged["day"].to_list()]
    assert 80 in days and 110 in days
    assert len([d for d in days if d >= 110]) == 1  # the shift is one alarm, not thirty
    injected = _kpi(values).filter(pl.col("day").is_in([date(2026, 1, 1) + timedelta(days=80)]))
    counted = _alarms(kpis.detect(_kpi(values)), injected)
    assert counted["false_alarms"] == len(days) - 1


def test_a_small_count_kpi_does_not_alarm_on_whole_units():
    rng = np.random.default_rng(3)
    values = rng.poisson(0.7, 150).astype(float)  # a few sign-ups a week
    flags = kpis.detect(_kpi(values, "signups"))
    assert _alarms(flags)["false_alarms_per_kpi_month"] <= 0.5


def _churn_features(n: int, rng: np.random.Generator, fading: np.ndarray) -> pl.DataFrame:
    recent = rng.poisson(np.where(fading, 3, 30))
    return pl.DataFrame(
        {
            "customer_id": np.arange(n),
            "customer_status": ["active"] * n,
            "plan_tier": rng.choice(churn.TIERS, n).tolist(),
            "licensed_locations": rng.integers(1, 5, n),
            "mrr": rng.uniform(100, 1_000, n),
            "mrr_90d_before": rng.uniform(100, 1_000, n),
            "sessions_recent": recent.astype(float),
            "sessions_before": rng.poisson(30, n).astype(float),
            "sessions_baseline": rng.poisson(120, n).astype(float),
            "user_days_baseline": rng.poisson(180, n).astype(float),
            "feature_actions_baseline": rng.poisson(240, n).astype(float),
            "baseline_days": np.full(n, 56.0),
            "user_days_recent": recent * 1.5,
            "feature_actions_recent": recent * 2.0,
            "past_due_days": np.zeros(n),
            "days_since_active": np.where(fading, 5.0, 0.0),
            "pours_last_half": np.where(fading, 400.0, 1_200.0) * rng.uniform(0.8, 1.2, n),
            "pours_first_half": 1_200.0 * rng.uniform(0.8, 1.2, n),
            "pour_half_days": np.full(n, 10.0),
            "quiet_device_share": np.where(fading, 0.3, 0.0),
        }
    )


def test_the_churn_model_ranks_fading_customers_first_and_explains_why():
    rng = np.random.default_rng(4)
    fading = rng.random(600) < 0.1
    features = _churn_features(600, rng, fading)
    model = churn.train(features, fading.astype(int), m.CHURN_TRAIN_CUTOFF_DAYS)
    probability = model.probability(features)
    assert probability[fading].min() > probability[~fading].max()
    reasons = churn.top_reasons(model, features.filter(pl.Series(fading)))
    assert all(
        any(word in r for word in ("sessions", "active", "feature", "pours")) for r in reasons
    )
    assert set(churn.risk_band(np.array([0.05, 0.2, 0.6]))) == {"low", "medium", "high"}


def test_the_churn_model_trained_on_one_class_scores_the_base_rate():
    rng = np.random.default_rng(5)
    features = _churn_features(50, rng, np.zeros(50, dtype=bool))
    model = churn.train(features, np.zeros(50, dtype=int), 60)
    assert np.allclose(model.probability(features), 0.0)
    assert model.importances() == {}


def test_a_longer_horizon_never_lowers_a_churn_probability():
    rng = np.random.default_rng(6)
    fading = rng.random(300) < 0.2
    features = _churn_features(300, rng, fading)
    model = churn.train(features, fading.astype(int), 60)
    model_90 = churn.train(features, fading.astype(int), 90)
    assert (model.probability(features) >= model_90.probability(features) - 1e-12).all()


def test_leads_split_in_time_train_before_holdout_and_newest_only_scored():
    as_of = date(2026, 11, 22)
    created = [as_of - timedelta(days=d) for d in (400, 200, 100, 60, 10)]
    frame = pl.DataFrame(
        {
            "lead_id": range(1, 6),
            "form_type": ["trial_signup", "newsletter_signup", "trial_signup", None, "demo"],
            "trial_path": ["self_service", None, "self_service", None, None],
            "lead_source": ["web_form"] * 4 + ["purchased_list"],
            "created_at": pl.Series(created).cast(pl.Datetime("us", "UTC")),
            "weekday": [1, 2, 3, 4, 5],
            "became_customer": [True, False, True, False, False],
        }
    )
    scores, card = leads.fit_and_score(frame, as_of)
    assert scores["split"].to_list() == ["train", "train", "holdout", "holdout", "scored_only"]
    assert card["training_rows"] == 2 and card["holdout_rows"] == 2


def test_matching_the_observed_churn_rate_keeps_the_ranking_and_sets_the_level():
    rng = np.random.default_rng(6)
    probability = rng.beta(0.5, 20, 2_000)  # a model's under-confident 90-day probabilities
    matched = churn.match_rate(probability, 0.05)
    assert abs(matched.mean() - 0.05) < 1e-6
    assert (np.argsort(matched, kind="stable") == np.argsort(probability, kind="stable")).all()
    assert churn.match_rate(probability, 0.0) is probability  # no rate seen: left as it is
