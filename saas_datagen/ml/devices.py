"""Device anomaly detection: which device is faulty on which day, from its pours alone.

Two signals per device and day, each a test against what a healthy device does:
- anomalous readings: over the trailing days (that day included), more pours too warm or at
  low pressure than a healthy device's share could plausibly give (binomial tail);
- silent gap: no pours at all on a day its usual rate makes that implausible (Poisson zero).
Only days the device was in service count: installed, not yet silent for good, account live.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.stats import binom

from saas_datagen.config import ml as m

FEATURE_QUERY = """
with span as (
    select min(tapped_date) as first_day, max(tapped_date) as last_day
    from {intermediate}.int_devices__daily_pours
),
in_service as (
    select d.device_id, d.location_id, d.account_id,
           greatest(d.installed_at::date, s.first_day) as from_day,
           least(d.last_seen_at::date, coalesce(c.churned_at::date, s.last_day), s.last_day)
               as to_day
    from {entity}.entity_devices d
    cross join span s
    left join {entity}.entity_customers c on c.customer_id = d.account_id
),
grid as (
    select device_id, location_id, account_id,
           generate_series(from_day, to_day, interval '1 day')::date as day
    from in_service
    where to_day >= from_day
)
select g.device_id, g.location_id, g.account_id, g.day,
       coalesce(p.tap_events, 0) as pours,
       coalesce(p.anomalous_events, 0) as anomalous_pours
from grid g
left join {intermediate}.int_devices__daily_pours p
    on p.device_id = g.device_id and p.tapped_date = g.day
order by g.device_id, g.day
"""


def detect(days: pl.DataFrame) -> pl.DataFrame:
    """One row per device and in-service day with its flags (mart.ml_device_anomalies)."""
    window = m.DEVICE_TRAILING_DAYS
    frame = days.sort("device_id", "day").with_columns(
        trailing_pours=pl.col("pours").rolling_sum(window, min_samples=1).over("device_id"),
        trailing_anomalous=pl.col("anomalous_pours")
        .rolling_sum(window, min_samples=1)
        .over("device_id"),
        usual_pours=pl.col("pours").median().over("device_id"),
    )
    n = frame["trailing_pours"].to_numpy().astype(np.int64)
    k = frame["trailing_anomalous"].to_numpy().astype(np.int64)
    # P(X >= k) for X ~ Binomial(n, healthy share)
    p_readings = np.where(k > 0, binom.sf(k - 1, n, m.DEVICE_BASELINE_ANOMALY_SHARE), 1.0)
    usual = frame["usual_pours"].to_numpy().astype(float)
    silent = (frame["pours"].to_numpy() == 0) & (usual >= m.DEVICE_GAP_MIN_EXPECTED)
    readings = p_readings < m.DEVICE_ANOMALY_P_VALUE
    kind = np.where(
        readings & silent,
        "anomalous_readings+silent_gap",
        np.where(readings, "anomalous_readings", np.where(silent, "silent_gap", "")),
    )
    return frame.select(
        "device_id",
        "location_id",
        "account_id",
        "day",
        "pours",
        "anomalous_pours",
        "trailing_pours",
        "trailing_anomalous",
        readings_p_value=pl.Series(np.round(p_readings, 12)),
        is_anomaly=pl.Series(readings | silent),
        anomaly_kind=pl.Series(kind).replace("", None),
    )


CARD = {
    "model": "per device-day statistical tests: binomial tail of anomalous pours over the "
    f"trailing {m.DEVICE_TRAILING_DAYS} days against a healthy share of "
    f"{m.DEVICE_BASELINE_ANOMALY_SHARE:.1%} (flag at p < {m.DEVICE_ANOMALY_P_VALUE:g}), and "
    f"silent days of devices that usually pour ≥ {m.DEVICE_GAP_MIN_EXPECTED:g} a day",
    "features": "pours, anomalous pours (too warm or low pressure) per device and day "
    "(intermediate.int_devices__daily_pours), days in service (entity_devices)",
}
