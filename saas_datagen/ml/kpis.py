"""Metric anomaly detection on the daily KPIs: MRR, sign-ups, pours, sessions, tickets.

Each day is compared with the same weekday of the four weeks before (weekly seasonality); the
deviation is scored against the trailing deviations' spread (median and MAD), so a noisy KPI
needs a bigger move than a smooth one to raise a flag. Consecutive days off the baseline are
one anomaly (a level shift), flagged on its first day.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from saas_datagen.config import ml as m

# One row per KPI and day: (kpi, day, value). Each reads the layer that owns the figure.
FEATURE_QUERY = """
select 'mrr' as kpi, date_day as day, sum(monthly_recurring_revenue)::float8 as value
from {entity}.entity_customers_daily group by 2
union all
select 'sessions', date_day, sum(sessions)::float8
from {entity}.entity_customers_daily
where date_day >= (select min(date_day) from {entity}.entity_customers_daily where sessions > 0)
group by 2
union all
select 'signups', d.date_day, count(c.customer_id)::float8
from (select distinct date_day from {entity}.entity_customers_daily) d
left join {entity}.entity_customers c on c.customer_since::date = d.date_day
group by 2
union all
select 'pours', tapped_date, sum(tap_events)::float8
from {intermediate}.int_devices__daily_pours
where tapped_date < %(as_of)s::date
group by 2
union all
select 'tickets', d.date_day, count(t.ticket_id)::float8
from (select distinct date_day from {entity}.entity_customers_daily) d
left join {mart}.customer_success_ticket_details t on t.created_at::date = d.date_day
group by 2
order by 1, 2
"""

KPI_TEAMS = {
    "mrr": "finance",
    "signups": "marketing",
    "pours": "operations",
    "sessions": "product",
    "tickets": "customer_success",
}


def _score(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(expected, z) for each day of one KPI's series.

    Expected: the median of the same weekday over the four weeks before. z: the day's
    deviation from it over the spread of the deviations of the trailing weeks (MAD), never
    below the Poisson spread of a count (a KPI of a few sign-ups a day moves by whole ones)."""
    n = len(values)
    expected = np.full(n, np.nan)
    for i in range(28, n):
        expected[i] = np.median(values[[i - 7, i - 14, i - 21, i - 28]])
    deviation = values - expected
    z = np.full(n, np.nan)
    for i in range(m.METRIC_MIN_HISTORY_DAYS, n):
        past = deviation[max(28, i - m.METRIC_BASELINE_DAYS * 2) : i]
        past = past[~np.isnan(past)]
        if len(past) < 7:
            continue
        centre = np.median(past)
        spread = max(
            1.4826 * np.median(np.abs(past - centre)),
            np.sqrt(max(expected[i], 1.0)),
            0.01 * abs(expected[i]),
        )
        z[i] = (deviation[i] - centre) / spread
    return expected, z


def _episode_starts(flagged: np.ndarray) -> np.ndarray:
    """A run of flagged days (a level shift stays off its baseline for weeks) is one alarm,
    raised on its first day."""
    previous = np.concatenate([[False], flagged[:-1]])
    return flagged & ~previous


def detect(series: pl.DataFrame) -> pl.DataFrame:
    """Every KPI day with its expected value, z-score and flag (mart.metric_anomalies)."""
    parts = []
    for kpi in sorted(series["kpi"].unique().to_list()):
        one = series.filter(pl.col("kpi") == kpi).sort("day")
        values = one["value"].to_numpy().astype(float)
        expected, z = _score(values)
        off_baseline = np.nan_to_num(np.abs(z), nan=0.0) >= m.METRIC_ANOMALY_Z
        flagged = _episode_starts(off_baseline)
        parts.append(
            one.with_columns(
                expected_value=pl.Series(np.round(expected, 2)),
                z_score=pl.Series(np.round(z, 3)),
                off_baseline=pl.Series(off_baseline),
                is_anomaly=pl.Series(flagged),
                direction=pl.when(pl.Series(flagged))
                .then(
                    pl.when(pl.Series(np.nan_to_num(z) > 0))
                    .then(pl.lit("spike"))
                    .otherwise(pl.lit("drop"))
                )
                .otherwise(pl.lit(None, pl.String)),
                owning_team=pl.lit(KPI_TEAMS.get(kpi, "analytics")),
            )
        )
    return pl.concat(parts).with_columns(pl.col("expected_value", "z_score").fill_nan(None))
