"""Alerts: what the models found that a team should act on, as rows (mart.alerts).

Every build (the nightly one included) rewrites them from its own scores: customers at high
churn risk (customer success), devices flagged on the last day of data (operations), KPI
anomalies of the last week (the KPI's team). A webhook URL, off by default, receives them as
JSON once the build is published (`TAPFLOW_ALERT_WEBHOOK`).
"""

from __future__ import annotations

import json
import urllib.request
from datetime import date

import polars as pl

ALERTS_QUERY = """
select 'churn_risk' as kind,
       case when churn_probability >= 0.5 then 'critical' else 'high' end as severity,
       'customer_success' as owning_team,
       'customer ' || customer_id as subject,
       customer_id as customer_id, null::bigint as device_id, null::text as kpi,
       %(as_of)s::date - 1 as alert_day,
       round((churn_probability * 100)::numeric, 1) || '%% churn risk within 90 days: '
           || coalesce(nullif(top_reasons, ''), 'no single reason') as detail
from {mart}.ml_churn_scores
where risk_band = 'high'
union all
select 'device_fault',
       case when anomaly_kind like '%%silent_gap%%' then 'high' else 'medium' end,
       'operations', 'device ' || device_id, account_id, device_id, null,
       day,
       replace(anomaly_kind, '+', ' and ') || ': ' || trailing_anomalous || ' of '
           || trailing_pours || ' pours anomalous over the trailing week, '
           || pours || ' pours that day'
from {mart}.ml_device_anomalies
where is_anomaly and day = (select max(day) from {mart}.ml_device_anomalies)
union all
select 'metric_anomaly', 'medium', owning_team, kpi, null, null, kpi, day,
       kpi || ' ' || direction || ': ' || round(value::numeric, 2) || ' against '
           || round(expected_value::numeric, 2) || ' expected (z ' || round(z_score::numeric, 1)
           || ')'
from {mart}.metric_anomalies
where is_anomaly and day >= %(as_of)s::date - 7
order by 1, 2, 4
"""


def with_ids(alerts: pl.DataFrame) -> pl.DataFrame:
    return alerts.with_columns(alert_id=pl.int_range(1, pl.len() + 1, dtype=pl.Int64)).select(
        "alert_id", pl.exclude("alert_id")
    )


def post(url: str, env: str, as_of: date, alerts: pl.DataFrame, timeout: float = 10.0) -> int:
    """POST the alerts to a webhook as one JSON document; returns the HTTP status."""
    body = {
        "env": env,
        "as_of": as_of.isoformat(),
        "alerts": alerts.with_columns(pl.col("alert_day").cast(pl.String)).to_dicts(),
    }
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status
