"""MRR forecast: the next 12 months of closing MRR with an 80% interval, backtested.

A log-linear trend fitted over the last 24 complete months (MRR compounds: new business on a
growing base, churn as a share of it), with the classic OLS prediction interval. The backtest
re-fits at each of the last six origins that have three months of actuals after them and
scores the 3-month-ahead forecast (MAPE).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from saas_datagen.config import ml as m

FEATURE_QUERY = """
select month_start, closing_mrr::float8 as closing_mrr
from {mart}.finance_mrr_summary
where month_start < date_trunc('month', %(as_of)s::date)
order by month_start
"""


def _fit(log_mrr: np.ndarray) -> tuple[float, float, float, float, int]:
    """(intercept, slope, residual sd, mean t, Sxx) of log MRR on month index 0..n-1."""
    n = len(log_mrr)
    t = np.arange(n, dtype=float)
    slope, intercept = np.polyfit(t, log_mrr, 1)
    residual = log_mrr - (intercept + slope * t)
    sd = float(np.sqrt((residual**2).sum() / max(n - 2, 1)))
    return float(intercept), float(slope), sd, float(t.mean()), float(((t - t.mean()) ** 2).sum())


def forecast(history: np.ndarray, months: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(point, lower, upper) for the `months` after `history` (closing MRR, oldest first)."""
    series = np.log(np.maximum(history[-m.FORECAST_FIT_MONTHS :], 1.0))
    n = len(series)
    intercept, slope, sd, t_mean, sxx = _fit(series)
    t = np.arange(n, n + months, dtype=float)
    centre = intercept + slope * t
    spread = sd * np.sqrt(1 + 1 / n + (t - t_mean) ** 2 / max(sxx, 1e-9))
    z = m.FORECAST_INTERVAL_Z
    return np.exp(centre), np.exp(centre - z * spread), np.exp(centre + z * spread)


def _add_months(month: date, k: int) -> date:
    index = month.year * 12 + month.month - 1 + k
    return date(index // 12, index % 12 + 1, 1)


def backtest(months: list[date], mrr: np.ndarray) -> pl.DataFrame:
    """One row per origin: the 3-month-ahead forecast against what happened."""
    h = m.FORECAST_BACKTEST_HORIZON
    rows = []
    last_origin = len(mrr) - 1 - h
    for origin in range(max(last_origin - m.FORECAST_BACKTEST_ORIGINS + 1, 2), last_origin + 1):
        point, lower, upper = forecast(mrr[: origin + 1], h)
        actual = float(mrr[origin + h])
        rows.append(
            {
                "month_start": months[origin + h],
                "kind": "backtest",
                "origin_month": months[origin],
                "months_ahead": h,
                "mrr_forecast": round(float(point[-1]), 2),
                "mrr_lower_80": round(float(lower[-1]), 2),
                "mrr_upper_80": round(float(upper[-1]), 2),
                "mrr_actual": round(actual, 2),
            }
        )
    return pl.DataFrame(rows) if rows else _empty()


def _empty() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "month_start": pl.Date,
            "kind": pl.String,
            "origin_month": pl.Date,
            "months_ahead": pl.Int64,
            "mrr_forecast": pl.Float64,
            "mrr_lower_80": pl.Float64,
            "mrr_upper_80": pl.Float64,
            "mrr_actual": pl.Float64,
        }
    )


def mape(backtest_rows: pl.DataFrame) -> float | None:
    if backtest_rows.is_empty():
        return None
    actual = backtest_rows["mrr_actual"].to_numpy()
    error = np.abs(backtest_rows["mrr_forecast"].to_numpy() - actual) / np.maximum(actual, 1.0)
    return float(error.mean())


def run(history: pl.DataFrame) -> tuple[pl.DataFrame, dict]:
    """The forecast and backtest rows (mart.ml_mrr_forecast) and the model card."""
    months = history["month_start"].to_list()
    mrr = history["closing_mrr"].to_numpy()
    if len(mrr) < 3:
        return _empty(), {"model": "log-linear trend", "note": "fewer than 3 complete months"}
    point, lower, upper = forecast(mrr, m.FORECAST_MONTHS)
    ahead = pl.DataFrame(
        {
            "month_start": [_add_months(months[-1], k) for k in range(1, m.FORECAST_MONTHS + 1)],
            "kind": "forecast",
            "origin_month": months[-1],
            "months_ahead": np.arange(1, m.FORECAST_MONTHS + 1, dtype=np.int64),
            "mrr_forecast": np.round(point, 2),
            "mrr_lower_80": np.round(lower, 2),
            "mrr_upper_80": np.round(upper, 2),
            "mrr_actual": pl.Series([None] * m.FORECAST_MONTHS, dtype=pl.Float64),
        }
    )
    tested = backtest(months, mrr)
    fit = np.log(np.maximum(mrr[-m.FORECAST_FIT_MONTHS :], 1.0))
    _, slope, sd, _, _ = _fit(fit)
    error = mape(tested)
    card = {
        "model": "log-linear trend on closing MRR, OLS 80% prediction interval",
        "training_window": f"{months[-len(fit)]} to {months[-1]} ({len(fit)} complete months)",
        "monthly_growth": round(float(np.exp(slope) - 1), 4),
        "residual_sd_log": round(sd, 4),
        "backtest_origins": tested.height,
        "backtest_mape_3m": None if error is None else round(error, 4),
    }
    return pl.concat([tested, ahead]).sort("kind", "month_start"), card
