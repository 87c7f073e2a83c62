"""Settings of the `ml` group (issue #13): horizons, windows and the quality bars, per environment.

Quality bars apply where an environment is big enough to measure them: dev's 100 accounts see a
handful of churns a quarter, so its churn and lead figures are reported, not judged (None)."""

from types import MappingProxyType

# --- churn -----------------------------------------------------------------------------------
CHURN_HORIZON_DAYS = 90  # label: churns within this many days of the cut-off
# Training cut-off: this many days before as_of, so its labels are observed in the warehouse
# (churned by as_of) and its features find tap history before it (qa and prod keep 24 days).
# Its horizon is therefore these days; probabilities are converted to the 90-day horizon under
# a constant hazard (the generator's own churn model).
CHURN_TRAIN_CUTOFF_DAYS = 14
CHURN_ACTIVITY_DAYS = 14  # features compare the last 14 days of activity with the 14 before
# ... and with the account's own baseline: the 8 weeks before those 14 days (whole weeks, so
# weekends weigh the same in both), or as much of them as the usage history holds (qa and prod
# keep 90 days of app activity, dev 60).
CHURN_BASELINE_DAYS = 56
CHURN_POUR_DAYS = 12  # ... and the pours of the last 12 days with the 12 before (as available)
CHURN_RISK_BANDS = ((0.30, "high"), (0.10, "medium"), (0.0, "low"))  # 90-day probability
# The target, on qa and prod alike (dev's handful of churners is reported, not judged).
MIN_CHURN_AUC = MappingProxyType({"test": None, "dev": None, "qa": 0.80, "prod": 0.80})
# Predicted churners / observed churners over the holdout, within this band.
CHURN_CALIBRATION_RANGE = MappingProxyType(
    {"test": None, "dev": None, "qa": (0.5, 2.0), "prod": (0.5, 2.0)}
)

# --- lead scoring ------------------------------------------------------------------------------
# Leads created in the last LEAD_HOLDOUT_DAYS before the maturity gap are the holdout; those
# before train the model; the newest LEAD_MATURITY_DAYS are scored only (their trials are open).
LEAD_HOLDOUT_DAYS = 120
LEAD_MATURITY_DAYS = 30
LEAD_SCORE_BANDS = ((0.5, "A"), (0.2, "B"), (0.05, "C"), (0.0, "D"))
MIN_LEAD_AUC = MappingProxyType({"test": None, "dev": None, "qa": 0.75, "prod": 0.75})

# --- MRR forecast ------------------------------------------------------------------------------
FORECAST_MONTHS = 12
FORECAST_FIT_MONTHS = 24  # trend fitted over the last 24 complete months
FORECAST_BACKTEST_ORIGINS = 6  # origins of the rolling backtest (last 6 complete months)
FORECAST_BACKTEST_HORIZON = 3
FORECAST_INTERVAL_Z = 1.2816  # 80% prediction interval
MAX_FORECAST_MAPE = MappingProxyType({"test": None, "dev": None, "qa": 0.10, "prod": 0.10})

# --- device anomalies --------------------------------------------------------------------------
DEVICE_BASELINE_ANOMALY_SHARE = 0.005  # a healthy device's share of anomalous pours
DEVICE_TRAILING_DAYS = 7  # a device-day is judged on its trailing week of pours
DEVICE_ANOMALY_P_VALUE = 1e-4  # binomial tail probability that flags a device-day
DEVICE_GAP_MIN_EXPECTED = (
    7.0  # a zero-pour day is a silent gap only if the device usually pours ≥ 7 (P(0) < 0.1%)
)
MIN_DEVICE_PRECISION = MappingProxyType({"test": None, "dev": 0.80, "qa": 0.80, "prod": 0.80})
MIN_DEVICE_RECALL = MappingProxyType({"test": None, "dev": 0.80, "qa": 0.80, "prod": 0.80})

# --- metric anomalies ----------------------------------------------------------------------------
METRIC_BASELINE_DAYS = 28  # a day is compared with the same weekday over the trailing 4 weeks
METRIC_ANOMALY_Z = 5.0  # robust z-score (median / MAD) that flags a day
METRIC_MIN_HISTORY_DAYS = 35
MAX_FALSE_ALARMS_PER_KPI_MONTH = 1.0
# Share of injected anomalies found. Not judged on dev: its ~300 sessions a day move ±20% on
# their own, so a 20% level shift is within its noise (reported, not judged).
MIN_INJECTED_RECALL = MappingProxyType({"test": None, "dev": None, "qa": 0.9, "prod": 0.9})
INJECTION_MATCH_DAYS = 1  # a flag within a day of an injected anomaly finds it (pours are
# generated per venue-local day, counted per UTC day)

# --- injected anomalies (`build --inject-anomalies`) -------------------------------------------
INJECTABLE_KPIS = ("pours", "sessions")
INJECTED_FACTORS = MappingProxyType({"spike": 2.0, "drop": 0.4, "level_shift": 0.8})
# Injections fall within the last 60 days of a KPI's history: a level shift lasts to the
# horizon, so the table keeps its size contract (±10%).
INJECTION_WINDOW_DAYS = 60
INJECTION_SPACING_DAYS = 10
