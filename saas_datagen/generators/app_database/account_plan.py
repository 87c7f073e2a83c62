"""The account lifecycle every app table derives from (not loaded itself).

One row per account: size, tier, industry, how many locations and users it has, when it
signed up, whether it is trialing, when it changed plan and when it churned. Deciding this
once keeps accounts, locations, users and subscriptions telling the same story.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext
from saas_datagen.generators.sampling import (
    allocate,
    exact_counts,
    exact_share,
    growth_times,
    stratified_choice,
    stratified_uniform,
    uniform_between,
)

PLAN_NAME = "account_plan"
YEAR_US = int(365.25 * MICROS_PER_DAY)
# A plan change needs this much paid tenure before and after it.
PLAN_CHANGE_MIN_TENURE_DAYS = 30


def account_plan(ctx: GenerationContext) -> pl.DataFrame:
    return ctx.cached(PLAN_NAME, _build)


def signed_up_share(story_end: date, day: date) -> float:
    """The growth model's share of the story's sign-ups that came before `day` (the accounts
    are placed by it, stratified: a cut-off at `day` holds this share of them, to a row)."""
    span = d.HISTORY_YEARS
    before = span - (story_end - day).days / 365.25
    rate = np.log1p(d.ANNUAL_GROWTH)
    return float(np.expm1(rate * max(before, 0.0)) / np.expm1(rate * span))


def trialing_count(new_subscriptions: int) -> int:
    """How many of the trailing window's new subscriptions are still in trial.

    The nearest count to the target share that stays inside the allowed band, when one exists.
    """
    low, high = d.TRIAL_SHARE_BOUNDS
    target = round(d.TRIAL_SHARE_OF_NEW * new_subscriptions)
    candidates = [
        k for k in range(new_subscriptions + 1) if low <= k / max(new_subscriptions, 1) <= high
    ]
    if not candidates:
        return target
    return min(candidates, key=lambda k: (abs(k - target), k))


def _tier_by_size(log_size: np.ndarray) -> np.ndarray:
    """Largest accounts are enterprise, then business, ... at the configured shares."""
    biggest_first = tuple(reversed(d.TIERS))
    counts = exact_counts(len(log_size), [d.TIER_SHARES[t] for t in biggest_first])
    tier = np.empty(len(log_size), dtype=object)
    tier[np.argsort(-log_size, kind="stable")] = np.repeat(biggest_first, counts)
    return tier


def _quota_by_tier(
    rng: np.random.Generator, tier: np.ndarray, share_by_tier: Mapping[str, float]
) -> np.ndarray:
    """True for the tier's share of each tier's accounts (rounded), picked at random."""
    chosen = np.zeros(len(tier), dtype=bool)
    for name, share in share_by_tier.items():
        chosen |= exact_share(rng, np.flatnonzero(tier == name), share, len(tier))
    return chosen


def _lookup(mapping, keys: np.ndarray) -> np.ndarray:
    return np.array([mapping[k] for k in keys.tolist()], dtype=float)


def _build(ctx: GenerationContext) -> pl.DataFrame:
    size = ctx.size
    n = size.accounts
    rng = ctx.rng(PLAN_NAME)
    horizon = ctx.horizon_us
    history_start = horizon - int(d.HISTORY_YEARS * YEAR_US)

    industry = stratified_choice(rng, n, d.INDUSTRY_SHARES)
    log_size = rng.normal(0.0, 1.0, n) + _lookup(d.INDUSTRY_SIZE_BOOST, industry)
    tier = _tier_by_size(log_size)
    tier_weight = _lookup(d.TIER_WEIGHT, tier)

    n_locations = allocate(rng, size.locations, tier_weight * rng.lognormal(0, 0.4, n))
    n_users = allocate(rng, size.users, tier_weight**0.7 * n_locations * rng.lognormal(0, 0.3, n))

    created = growth_times(
        stratified_uniform(rng, n), history_start, horizon - MICROS_PER_DAY // 24, d.ANNUAL_GROWTH
    )

    # Churn: exponential time-to-churn after the trial, hazard skewed to small accounts.
    hazard = (
        d.ANNUAL_CHURN_RATE
        * _lookup(d.CHURN_MULTIPLIER_BY_TIER, tier)
        * np.where(n_locations == 1, d.SINGLE_LOCATION_CHURN_MULTIPLIER, 1.0)
    )
    trial_end = created + d.TRIAL_DAYS * MICROS_PER_DAY
    # Stratified draws: with 100 accounts, independent ones moved the paid months (and so the
    # invoices, charges and balance transactions) by ±15% between seeds.
    churn_at = trial_end + (-np.log1p(-stratified_uniform(rng, n)) / hazard * YEAR_US).astype(
        np.int64
    )
    churned = churn_at < horizon - MICROS_PER_DAY

    trial_end = created + d.TRIAL_DAYS * MICROS_PER_DAY
    # Only accounts with paid tenure change plan, so the newest accounts (moved below to
    # shape the trial share) never carry a plan change.
    young = created > horizon - 2 * d.NEW_SUBSCRIPTION_WINDOW_DAYS * MICROS_PER_DAY
    paid_until = np.where(churned, churn_at, horizon)
    change_at, change_kind = _plan_changes(
        ctx, rng, tier, n_locations, trial_end, paid_until, young, size.subscriptions - n
    )

    window_start = ctx.days_before_horizon_us(d.NEW_SUBSCRIPTION_WINDOW_DAYS)
    changes_in_window = int((change_at >= window_start).sum())
    created = _shape_new_signups(rng, created, change_at > 0, window_start, changes_in_window)
    new_subscriptions = int((created >= window_start).sum()) + changes_in_window
    created = _place_trials(ctx, rng, created, trialing_count(new_subscriptions))

    trial_end = created + d.TRIAL_DAYS * MICROS_PER_DAY
    trialing = trial_end > horizon
    churned &= ~trialing
    # Every account has a churn date; only those before the horizon happened. The rest is the
    # future the company is heading for (truth.account_churn, and usage fades towards it).
    latent_churn_at = np.maximum(churn_at, trial_end + MICROS_PER_DAY)
    churn_at = np.where(churned, latent_churn_at, 0)

    status = np.where(churned, "churned", np.where(trialing, "trialing", "active")).astype(object)
    active = np.flatnonzero(status == "active")
    # A downgrade's proration credit can cover its whole invoice, leaving nothing to fail.
    can_fail = active[change_kind[active] != "downgrade"]
    past_due = rng.choice(can_fail, round(d.PAST_DUE_SHARE_OF_ACTIVE * len(active)), replace=False)
    status[past_due] = "past_due"

    path_score = log_size + rng.normal(0.0, 1.0, n)
    sales_assisted = np.zeros(n, dtype=bool)
    n_sales = exact_counts(n, list(d.ACQUISITION_PATH_SHARES.values()))[1]
    sales_assisted[np.argsort(-path_score, kind="stable")[:n_sales]] = True

    annual = _quota_by_tier(rng, tier, d.ANNUAL_BILLING_SHARE_BY_TIER)
    # Its own stream, so the billing story can change without moving any other draw.
    # (the share exactly, of the churned: each involuntary churn adds four failed attempts)
    involuntary = exact_share(
        ctx.rng(f"{PLAN_NAME}.churn_reason"), np.flatnonzero(churned), d.INVOLUNTARY_CHURN_SHARE, n
    )
    churn_reason = np.where(
        churned, np.where(involuntary, "payment_failed", "customer_churn"), ""
    ).astype(object)

    # Account ids follow sign-up order, as a serial key would.
    order = np.argsort(created, kind="stable")
    plan = pl.DataFrame(
        {
            "account_id": np.arange(1, n + 1, dtype=np.int64),
            "industry": industry[order],
            "tier": tier[order],
            "log_size": log_size[order],
            "n_locations": n_locations[order],
            "n_users": n_users[order],
            "created_us": created[order],
            "trial_end_us": trial_end[order],
            "churned": churned[order],
            "churn_us": churn_at[order],
            "churn_reason": churn_reason[order],
            # The annual churn hazard its churn date was drawn from (truth.account_churn).
            "churn_hazard": hazard[order],
            "latent_churn_us": latent_churn_at[order],
            "status": status[order],
            "acquisition_path": np.where(sales_assisted, "sales_assisted", "self_service")[order],
            "billing_interval": np.where(annual, "year", "month")[order],
            "plan_change_us": change_at[order],
            "plan_change_kind": change_kind[order],
        }
    )
    return plan.with_columns(pl.col("plan_change_kind", "churn_reason").replace("", None))


def _nearest_feasible(count: int) -> int:
    """The nearest count of new subscriptions for which some trial count hits the band."""
    low, high = d.TRIAL_SHARE_BOUNDS

    def feasible(n: int) -> bool:
        return any(low <= k / n <= high for k in range(n + 1)) if n else False

    return min((n for n in range(count + 40) if feasible(n)), key=lambda n: (abs(n - count), -n))


def _shape_new_signups(
    rng: np.random.Generator,
    created: np.ndarray,
    changed: np.ndarray,
    window_start: int,
    changes_in_window: int,
) -> np.ndarray:
    """Move a few sign-ups across the window edge so the trial share can hit its band.

    With only ~100 accounts a window of 11-13 new subscriptions has no trial count within
    10-15%; shifting the sign-ups nearest the edge by days fixes that without changing the
    growth curve. Accounts with a plan change are never moved.
    """
    in_window = int((created >= window_start).sum())
    wanted = _nearest_feasible(in_window + changes_in_window) - changes_in_window
    created = created.copy()
    movable = np.flatnonzero(~changed)
    if wanted > in_window:
        before = movable[created[movable] < window_start]
        move = before[np.argsort(-created[before], kind="stable")][: wanted - in_window]
        created[move] = window_start + (rng.random(len(move)) * 10 * MICROS_PER_DAY).astype(
            np.int64
        )
    elif wanted < in_window:
        inside = movable[created[movable] >= window_start]
        move = inside[np.argsort(created[inside], kind="stable")][: in_window - wanted]
        created[move] = window_start - ((1 + rng.random(len(move)) * 10) * MICROS_PER_DAY).astype(
            np.int64
        )
    return created


def _place_trials(
    ctx: GenerationContext, rng: np.random.Generator, created: np.ndarray, k: int
) -> np.ndarray:
    """Make exactly the `k` newest accounts fall inside their 14-day trial at the horizon."""
    horizon = ctx.horizon_us
    hour = 3_600_000_000
    trial_span = d.TRIAL_DAYS * MICROS_PER_DAY
    newest = np.argsort(-created, kind="stable")
    created = created.copy()
    trial = newest[:k]
    created[trial] = uniform_between(
        rng, np.full(k, horizon - trial_span + hour), np.full(k, horizon - hour)
    )
    # Everyone else signed up long enough ago to have finished the trial.
    rest = newest[k:]
    late = rest[created[rest] > horizon - trial_span - hour]
    created[late] = uniform_between(
        rng,
        np.full(len(late), horizon - 2 * trial_span),
        np.full(len(late), horizon - trial_span - hour),
    )
    return created


def _plan_changes(
    ctx: GenerationContext,
    rng: np.random.Generator,
    tier: np.ndarray,
    n_locations: np.ndarray,
    trial_end: np.ndarray,
    paid_until: np.ndarray,
    young: np.ndarray,
    count: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Pick `count` accounts that changed plan once, opening a second subscription.

    Kinds come at the configured shares; each kind is drawn from the accounts where it is
    possible (an upgrade needs a lower previous tier, a quantity change more than one
    location), the scarcest kind first, tenure-weighted.
    """
    n = len(tier)
    tenure = PLAN_CHANGE_MIN_TENURE_DAYS * MICROS_PER_DAY
    earliest = trial_end + tenure
    latest = paid_until - tenure
    available = ~young & (latest > earliest)
    feasible = {
        "upgrade": tier != d.TIERS[0],
        "downgrade": tier != d.TIERS[-1],
        "quantity_change": n_locations > 1,
    }
    shares = list(d.PLAN_CHANGE_SHARES.values())
    wanted = dict(zip(d.PLAN_CHANGE_SHARES, exact_counts(count, shares), strict=True))
    change_at = np.zeros(n, dtype=np.int64)
    change_kind = np.full(n, "", dtype=object)
    for kind in sorted(wanted, key=lambda k: (int((available & feasible[k]).sum()), k)):
        pool = np.flatnonzero(available & feasible[kind])
        if wanted[kind] > len(pool):
            raise ValueError(
                f"{ctx.env}: {wanted[kind]} {kind} plan changes wanted, "
                f"{len(pool)} accounts eligible"
            )
        span = (latest - earliest)[pool].astype(float)
        chosen = rng.choice(pool, wanted[kind], replace=False, p=span / span.sum())
        available[chosen] = False
        change_at[chosen] = uniform_between(rng, earliest[chosen], latest[chosen])
        change_kind[chosen] = kind
    return change_at, change_kind
