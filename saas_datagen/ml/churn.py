"""Churn prediction: which live customers churn within the next 90 days.

Point in time: the features of a cut-off date read only `entity_customers_daily` rows dated
before it (the state in force each day and that day's activity), so training at a past cut-off
sees what the company saw then. The model trains at `as_of - CHURN_TRAIN_CUTOFF_DAYS`, whose
outcome the warehouse has observed (churned by as_of), and scores every live customer at as_of.
Its strongest inputs compare each account's recent activity with its own baseline weeks. The
generator knows what happens next (truth.account_churn.latent_churn_at): the holdout is
that future, which no real company could score against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

import numpy as np
import polars as pl
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

from saas_datagen.config import ml as m

# Point-in-time features at a cut-off: the state on the day before it, app activity over the
# 2 x CHURN_ACTIVITY_DAYS days before it and the trend of pours over the tap history before it
# (at most 2 x CHURN_POUR_DAYS days); never a row on or after it.
FEATURE_QUERY = """
with state as (
    select customer_id, customer_status, plan_tier, licensed_locations,
           monthly_recurring_revenue
    from {entity}.entity_customers_daily
    where date_day = %(cutoff)s::date - 1
),
usage_window as (
    -- each account's own baseline: the CHURN_BASELINE_DAYS of app activity before the recent
    -- window, or as many of them as the warehouse's usage history holds
    select greatest(min(date_day), %(cutoff)s::date - %(days)s - %(baseline_days)s)
               as baseline_start
    from {entity}.entity_customers_daily
    where sessions > 0 and date_day < %(cutoff)s::date
),
activity as (
    select customer_id,
           sum(sessions) filter (where date_day >= %(cutoff)s::date - %(days)s) as sessions_recent,
           sum(sessions) filter (
               where date_day >= %(cutoff)s::date - 2 * %(days)s
                 and date_day < %(cutoff)s::date - %(days)s
           ) as sessions_before,
           sum(sessions) filter (
               where date_day >= u.baseline_start and date_day < %(cutoff)s::date - %(days)s
           )
               as sessions_baseline,
           sum(active_users) filter (where date_day >= %(cutoff)s::date - %(days)s)
               as user_days_recent,
           sum(active_users) filter (
               where date_day >= u.baseline_start and date_day < %(cutoff)s::date - %(days)s
           )
               as user_days_baseline,
           sum(feature_actions) filter (where date_day >= %(cutoff)s::date - %(days)s)
               as feature_actions_recent,
           sum(feature_actions) filter (
               where date_day >= u.baseline_start and date_day < %(cutoff)s::date - %(days)s
           )
               as feature_actions_baseline,
           count(*) filter (
               where customer_status = 'past_due' and date_day >= %(cutoff)s::date - 2 * %(days)s
           ) as past_due_days,
           max(date_day) filter (
               where sessions > 0 and date_day >= %(cutoff)s::date - 2 * %(days)s
           ) as last_active_day
    from {entity}.entity_customers_daily
    cross join usage_window u
    where date_day >= least(u.baseline_start, %(cutoff)s::date - 2 * %(days)s)
      and date_day < %(cutoff)s::date
    group by 1
),
pour_window as (
    -- the tap history before the cut-off (at most 2 x CHURN_POUR_DAYS), cut in two halves
    select first_day, (%(cutoff)s::date - first_day) / 2 as half
    from (
        select greatest(min(tapped_date), %(cutoff)s::date - 2 * %(pour_days)s) as first_day
        from {intermediate}.int_devices__daily_pours
        where tapped_date < %(cutoff)s::date
    ) f
),
device_halves as (
    -- devices pouring at both ends of the window: their trend is the venue's, not that of
    -- a tap installed or taken away meanwhile
    select p.device_id,
           sum(p.tap_events) filter (where p.tapped_date < w.first_day + w.half) as first_half,
           sum(p.tap_events) filter (where p.tapped_date >= %(cutoff)s::date - w.half)
               as last_half,
           bool_or(p.tapped_date < w.first_day + 2) as poured_at_start,
           bool_or(p.tapped_date >= %(cutoff)s::date - 2) as poured_at_end
    from {intermediate}.int_devices__daily_pours p
    cross join pour_window w
    where p.tapped_date >= w.first_day and p.tapped_date < %(cutoff)s::date
    group by 1
),
pours as (
    select d.account_id as customer_id,
           sum(h.first_half) filter (where poured_at_start and poured_at_end)
               as pours_first_half,
           sum(h.last_half) filter (where poured_at_start and poured_at_end) as pours_last_half,
           count(*) filter (where poured_at_start) as devices_at_start,
           count(*) filter (where poured_at_start and not poured_at_end) as devices_gone_quiet
    from device_halves h
    join {entity}.entity_devices d using (device_id)
    group by 1
),
earlier as (
    select customer_id, monthly_recurring_revenue as mrr_90d_before
    from {entity}.entity_customers_daily
    where date_day = %(cutoff)s::date - 91
)
select s.customer_id, s.customer_status, s.plan_tier, s.licensed_locations::bigint,
       s.monthly_recurring_revenue::float8 as mrr,
       coalesce(e.mrr_90d_before, 0)::float8 as mrr_90d_before,
       coalesce(a.sessions_recent, 0)::float8 as sessions_recent,
       coalesce(a.sessions_before, 0)::float8 as sessions_before,
       coalesce(a.user_days_recent, 0)::float8 as user_days_recent,
       coalesce(a.feature_actions_recent, 0)::float8 as feature_actions_recent,
       coalesce(a.sessions_baseline, 0)::float8 as sessions_baseline,
       coalesce(a.user_days_baseline, 0)::float8 as user_days_baseline,
       coalesce(a.feature_actions_baseline, 0)::float8 as feature_actions_baseline,
       greatest(%(cutoff)s::date - %(days)s - u.baseline_start, 1)::float8 as baseline_days,
       coalesce(a.past_due_days, 0)::float8 as past_due_days,
       (%(cutoff)s::date - coalesce(a.last_active_day, %(cutoff)s::date - 2 * %(days)s))::float8
           as days_since_active,
       coalesce(p.pours_first_half, 0)::float8 as pours_first_half,
       coalesce(p.pours_last_half, 0)::float8 as pours_last_half,
       coalesce(p.devices_gone_quiet, 0)::float8 / greatest(p.devices_at_start, 1)
           as quiet_device_share,
       greatest(w.half, 1)::float8 as pour_half_days
from state s
cross join pour_window w
cross join usage_window u
left join activity a using (customer_id)
left join pours p using (customer_id)
left join earlier e using (customer_id)
where s.customer_status <> 'churned'
order by s.customer_id
"""

# Whether each customer live at the cut-off had churned by as_of (the observed label).
OBSERVED_LABEL_QUERY = """
select customer_id, bool_or(customer_status = 'churned') as churned
from {entity}.entity_customers_daily
where date_day >= %(cutoff)s::date and date_day < %(as_of)s::date
group by 1
"""

# The windows of FEATURE_QUERY, bound as its parameters.
WINDOWS = MappingProxyType(
    {
        "days": m.CHURN_ACTIVITY_DAYS,
        "baseline_days": m.CHURN_BASELINE_DAYS,
        "pour_days": m.CHURN_POUR_DAYS,
    }
)
# The churn rate the company itself has seen over one horizon: of the customers live
# CHURN_HORIZON_DAYS before as_of, the share churned by as_of.
HORIZON_RATE_QUERY = """
with live as (
    select customer_id
    from {entity}.entity_customers_daily
    where date_day = %(cutoff)s::date - 1 and customer_status <> 'churned'
),
later as (
    select customer_id, bool_or(customer_status = 'churned') as churned
    from {entity}.entity_customers_daily
    where date_day >= %(cutoff)s::date and date_day < %(as_of)s::date
    group by 1
)
select count(*)::bigint as customers, count(*) filter (where later.churned)::bigint as churned
from live
left join later using (customer_id)
"""

TIERS = ("starter", "professional", "business", "enterprise")
CV_FOLDS = 5
REGULARISATION_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
# Added to daily rates before their log: an account with a handful of sessions a day is not
# "falling" by chance from one day to the next.
RATE_SMOOTHING = 0.5
# Readable names of the model's inputs (the "top reasons" of a score).
REASONS = {
    "pour_slope": "pours falling day by day",
    "quiet_device_share": "taps gone quiet",
    "log_pours_recent": "few pours lately",
    "log_sessions_recent": "few sessions in the last 14 days",
    "session_trend": "sessions falling against the 14 days before",
    "sessions_vs_baseline": "sessions down against the account's own past",
    "user_days_vs_baseline": "fewer active users than the account used to have",
    "feature_actions_vs_baseline": "feature use down against the account's own past",
    "log_user_days_recent": "few active users",
    "log_feature_actions_recent": "little feature use",
    "days_since_active": "days since anyone used the app",
    "past_due_days": "days past due on payment",
    "is_past_due": "payment past due now",
    "single_location": "a single location",
    "log_locations": "few licensed locations",
    "log_mrr": "low MRR",
    "mrr_change": "MRR down over 90 days",
    **{f"tier_{t}": f"{t} tier" for t in TIERS},
}


def _fall(baseline: pl.Series, recent: pl.Series, f: pl.DataFrame) -> np.ndarray:
    """Log fall of the daily rate from the account's own baseline to the recent window
    (positive: falling). Churn fades usage over the 90 days before it, so an account a few
    weeks into its fade shows against its own past long before it looks small among others."""
    before = baseline.to_numpy() / f["baseline_days"].to_numpy()
    after = recent.to_numpy() / m.CHURN_ACTIVITY_DAYS
    return np.log(before + RATE_SMOOTHING) - np.log(after + RATE_SMOOTHING)


def design_matrix(features: pl.DataFrame) -> tuple[np.ndarray, list[str]]:
    f = features
    sessions_recent = f["sessions_recent"].to_numpy()
    sessions_before = f["sessions_before"].to_numpy()
    half = f["pour_half_days"].to_numpy()
    pours_recent = f["pours_last_half"].to_numpy() / half
    pours_before = f["pours_first_half"].to_numpy() / half
    columns = {
        # log change per day between the halves' midpoints (positive: falling)
        "pour_slope": (np.log1p(pours_before) - np.log1p(pours_recent)) / half,
        "log_pours_recent": -np.log1p(pours_recent),
        "quiet_device_share": f["quiet_device_share"].to_numpy(),
        "log_sessions_recent": -np.log1p(sessions_recent),
        "session_trend": np.log1p(sessions_before) - np.log1p(sessions_recent),
        "sessions_vs_baseline": _fall(f["sessions_baseline"], f["sessions_recent"], f),
        "user_days_vs_baseline": _fall(f["user_days_baseline"], f["user_days_recent"], f),
        "feature_actions_vs_baseline": _fall(
            f["feature_actions_baseline"], f["feature_actions_recent"], f
        ),
        "log_user_days_recent": -np.log1p(f["user_days_recent"].to_numpy()),
        "log_feature_actions_recent": -np.log1p(f["feature_actions_recent"].to_numpy()),
        "days_since_active": f["days_since_active"].to_numpy(),
        "past_due_days": f["past_due_days"].to_numpy(),
        "is_past_due": (f["customer_status"] == "past_due").to_numpy().astype(float),
        "single_location": (f["licensed_locations"] <= 1).to_numpy().astype(float),
        "log_locations": -np.log1p(f["licensed_locations"].to_numpy().astype(float)),
        "log_mrr": -np.log1p(f["mrr"].to_numpy()),
        "mrr_change": np.log1p(f["mrr_90d_before"].to_numpy()) - np.log1p(f["mrr"].to_numpy()),
        **{f"tier_{t}": (f["plan_tier"] == t).to_numpy().astype(float) for t in TIERS},
    }
    names = list(columns)
    return np.column_stack([columns[n] for n in names]).astype(float), names


@dataclass
class ChurnModel:
    scaler: StandardScaler
    model: LogisticRegression | None  # None when training saw a single class
    names: list[str]
    base_rate: float
    train_horizon_days: int

    def probability(self, features: pl.DataFrame) -> np.ndarray:
        """Probability of churning within CHURN_HORIZON_DAYS, for each row of `features`."""
        x, _ = design_matrix(features)
        if self.model is None:
            p_train = np.full(len(x), self.base_rate)
        else:
            p_train = self.model.predict_proba(self.scaler.transform(x))[:, 1]
        # Constant hazard: P(churn within H) = 1 - (1 - P(within h)) ** (H / h).
        return 1.0 - (1.0 - p_train) ** (m.CHURN_HORIZON_DAYS / self.train_horizon_days)

    def contributions(self, features: pl.DataFrame) -> np.ndarray:
        x, _ = design_matrix(features)
        if self.model is None:
            return np.zeros_like(x)
        return self.scaler.transform(x) * self.model.coef_[0]

    @property
    def regularisation(self) -> float | None:
        return None if self.model is None else float(self.model.C)

    def importances(self) -> dict[str, float]:
        if self.model is None:
            return {}
        weights = np.abs(self.model.coef_[0])
        order = np.argsort(-weights, kind="stable")
        return {self.names[i]: round(float(self.model.coef_[0][i]), 4) for i in order}


def train(features: pl.DataFrame, labels: np.ndarray, horizon_days: int) -> ChurnModel:
    x, names = design_matrix(features)
    scaler = StandardScaler().fit(x)
    base_rate = float(labels.mean()) if len(labels) else 0.0
    if len(np.unique(labels)) < 2:
        return ChurnModel(scaler, None, names, base_rate, horizon_days)
    positives = int(labels.sum())
    if positives >= CV_FOLDS * 2:
        # regularisation chosen by cross-validated ROC-AUC on the training cut-off alone
        search = LogisticRegressionCV(
            Cs=REGULARISATION_GRID,
            cv=StratifiedKFold(CV_FOLDS),
            scoring="roc_auc",
            max_iter=5000,
            l1_ratios=(0.0,),
            use_legacy_attributes=False,
        ).fit(scaler.transform(x), labels)
        c = float(np.atleast_1d(search.C_)[0])
    else:
        c = 0.5
    model = LogisticRegression(C=c, max_iter=5000).fit(scaler.transform(x), labels)
    return ChurnModel(scaler, model, names, base_rate, horizon_days)


def match_rate(probability: np.ndarray, rate: float) -> np.ndarray:
    """The probabilities moved by one shift of their log-odds so that they average `rate`:
    the ranking stays, the level becomes the churn rate observed over a whole horizon.
    (The model learns from a 14-day horizon, whose churners are deep in their fade; carried to
    90 days under a constant hazard it under-predicts the accounts only starting to fade.)"""
    if len(probability) == 0 or not 0.0 < rate < 1.0:
        return probability
    logit = np.log(np.clip(probability, 1e-9, 1 - 1e-9)) - np.log1p(
        -np.clip(probability, 1e-9, 1 - 1e-9)
    )
    low, high = -30.0, 30.0
    for _ in range(100):  # bisection: the mean is increasing in the shift
        shift = (low + high) / 2
        if (1.0 / (1.0 + np.exp(-(logit + shift)))).mean() < rate:
            low = shift
        else:
            high = shift
    return 1.0 / (1.0 + np.exp(-(logit + (low + high) / 2)))


def horizon_cutoff(as_of: date) -> date:
    """The cut-off whose whole horizon the warehouse has observed by as_of."""
    return as_of - timedelta(days=m.CHURN_HORIZON_DAYS)


def risk_band(probability: np.ndarray) -> np.ndarray:
    band = np.full(len(probability), m.CHURN_RISK_BANDS[-1][1], dtype=object)
    for threshold, name in reversed(m.CHURN_RISK_BANDS[:-1]):
        band[probability >= threshold] = name
    return band


def top_reasons(model: ChurnModel, features: pl.DataFrame, k: int = 3) -> list[str]:
    """The k inputs pushing each customer's risk up the most, in words."""
    contributions = model.contributions(features)
    reasons = []
    for row in contributions:
        order = [i for i in np.argsort(-row, kind="stable")[:k] if row[i] > 0]
        reasons.append("; ".join(REASONS[model.names[i]] for i in order))
    return reasons


def cutoffs(as_of: date) -> tuple[date, date]:
    """(training cut-off, scoring cut-off)."""
    return as_of - timedelta(days=m.CHURN_TRAIN_CUTOFF_DAYS), as_of
