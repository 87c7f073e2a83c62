"""Lead scoring: how likely a new lead is to become a paying customer.

The features are what is known when the lead arrives (its form, trial path, source, weekday);
the label is whether it became a customer. Time-based split: leads older than the holdout
window train the model, the holdout window's leads (old enough for their trials to have ended)
judge it, the newest are only scored.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
from sklearn.linear_model import LogisticRegression

from saas_datagen.config import ml as m

FEATURE_QUERY = """
select lead_id, form_type, trial_path, lead_source, created_at,
       extract(isodow from created_at)::bigint as weekday, became_customer
from {mart}.marketing_leads
order by lead_id
"""

CATEGORICAL = ("form_type", "trial_path", "lead_source")


def windows(as_of: date) -> tuple[date, date]:
    """(holdout start, holdout end): train before the first, judge between them."""
    end = as_of - timedelta(days=m.LEAD_MATURITY_DAYS)
    return end - timedelta(days=m.LEAD_HOLDOUT_DAYS), end


def design_matrix(
    leads: pl.DataFrame, levels: dict[str, list[str]]
) -> tuple[np.ndarray, list[str]]:
    columns: dict[str, np.ndarray] = {}
    for name in CATEGORICAL:
        values = leads[name].fill_null("none").to_numpy()
        for level in levels[name]:
            columns[f"{name}={level}"] = (values == level).astype(float)
    weekend = leads["weekday"].to_numpy() >= 6
    columns["weekend"] = weekend.astype(float)
    names = list(columns)
    return np.column_stack([columns[n] for n in names]), names


def split(leads: pl.DataFrame, as_of: date) -> dict[str, pl.DataFrame]:
    start, end = windows(as_of)
    day = pl.col("created_at").dt.date()
    return {
        "train": leads.filter(day < start),
        "holdout": leads.filter((day >= start) & (day < end)),
    }


def fit_and_score(leads: pl.DataFrame, as_of: date) -> tuple[pl.DataFrame, dict]:
    """Scores for every lead, and the model card."""
    parts = split(leads, as_of)
    train = parts["train"]
    levels = {name: sorted(set(train[name].fill_null("none").to_list())) for name in CATEGORICAL}
    x_train, names = design_matrix(train, levels)
    y_train = train["became_customer"].to_numpy().astype(int)
    x_all, _ = design_matrix(leads, levels)
    if len(np.unique(y_train)) < 2:
        score = np.full(leads.height, float(y_train.mean()) if len(y_train) else 0.0)
        importances: dict[str, float] = {}
    else:
        model = LogisticRegression(C=1.0, max_iter=2000).fit(x_train, y_train)
        score = model.predict_proba(x_all)[:, 1]
        order = np.argsort(-np.abs(model.coef_[0]), kind="stable")
        importances = {names[i]: round(float(model.coef_[0][i]), 4) for i in order[:10]}
    band = np.full(leads.height, m.LEAD_SCORE_BANDS[-1][1], dtype=object)
    for threshold, name in reversed(m.LEAD_SCORE_BANDS[:-1]):
        band[score >= threshold] = name
    start, end = windows(as_of)
    day = leads["created_at"].dt.date()
    scores = leads.select("lead_id", "form_type", "lead_source", "created_at").with_columns(
        conversion_probability=pl.Series(np.round(score, 6)),
        score=pl.Series(np.round(score * 100).astype(np.int64)),
        score_band=pl.Series(band.astype(str)),
        split=pl.when(day < start)
        .then(pl.lit("train"))
        .when(day < end)
        .then(pl.lit("holdout"))
        .otherwise(pl.lit("scored_only")),
    )
    card = {
        "model": "logistic regression on one-hot form type, trial path, source and weekend",
        "features": ", ".join(names),
        "training_window": f"leads created before {start}",
        "holdout_window": f"leads created {start} to {end - timedelta(days=1)}",
        "training_rows": train.height,
        "training_conversion_rate": round(float(y_train.mean()), 4) if len(y_train) else 0.0,
        "holdout_rows": parts["holdout"].height,
        "feature_importances": importances,
    }
    return scores, card
