"""The `ml` group: churn, lead scoring, MRR forecast, device and metric anomalies, alerts.

Each model reads the build's intermediate, entity and mart layers (`store.read_features`),
writes its table into the build's mart schema (published with the rest, in one transaction)
and is judged against the generator's ground truth (`judge`, the only reader of `truth`).
"""

# What the group writes into mart, in the order it is built.
OUTPUT_TABLES = (
    "ml_churn_scores",
    "ml_lead_scores",
    "ml_mrr_forecast",
    "ml_device_anomalies",
    "metric_anomalies",
    "alerts",
)
