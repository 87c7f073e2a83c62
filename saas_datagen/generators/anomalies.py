"""Labelled metric anomalies injected into a build on request (`build --inject-anomalies`).

Off by default. When on, each injectable KPI gets a spike, a drop and a level shift on days
drawn from (seed, KPI) inside the part of its history a detector can judge (after
METRIC_MIN_HISTORY_DAYS), ten days or more apart, the level shift last (it lasts to the
horizon). The generators multiply that day's rate by the anomaly's factor; the plan itself is
written to truth.injected_metric_anomalies so detection can be measured.

Injectable KPIs are those generated day by day: pours (tap events, per venue-local day) and
app sessions (with their page views and feature use). Sign-ups and MRR come from the account
lifecycle that Stripe, HubSpot and every other source share, so they are not injected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from saas_datagen.config import ml as m
from saas_datagen.generators.context import GenerationContext

STREAM = "injected_metric_anomalies"


@dataclass(frozen=True)
class Injection:
    kpi: str
    kind: str  # spike, drop or level_shift
    first_day: int  # index into the KPI's generated days
    last_day: int  # inclusive
    factor: float


def history_days(ctx: GenerationContext, kpi: str) -> int:
    """How many days the KPI's event window holds (to the story's end)."""
    return ctx.window_days(_days_before_anchor(ctx, kpi))


def _days_before_anchor(ctx: GenerationContext, kpi: str) -> int:
    size = ctx.size
    return {"pours": size.tap_history_days, "sessions": size.usage_history_days}[kpi]


def first_day(ctx: GenerationContext, kpi: str) -> date:
    return ctx.anchor_day - timedelta(days=_days_before_anchor(ctx, kpi))


def plan(ctx: GenerationContext) -> tuple[Injection, ...]:
    """The build's injections (none unless the context asks for them)."""
    if not ctx.inject_anomalies:
        return ()
    return ctx.cached(STREAM, _plan)


def _plan(ctx: GenerationContext) -> tuple[Injection, ...]:
    injections = []
    for kpi in m.INJECTABLE_KPIS:
        days = history_days(ctx, kpi)
        # a clean week of scored days first, and no earlier than the injection window
        earliest = max(m.METRIC_MIN_HISTORY_DAYS + 7, days - m.INJECTION_WINDOW_DAYS)
        kinds = list(m.INJECTED_FACTORS)
        room = days - earliest - 1
        fits = min(len(kinds), room // m.INJECTION_SPACING_DAYS + 1) if room >= 0 else 0
        if fits == 0:
            continue  # too short a history to judge (qa and prod keep 24 days of pours)
        kinds = kinds[:fits] if fits == len(kinds) else ["spike", "drop"][:fits]
        rng = ctx.rng(f"{STREAM}.{kpi}")
        slack = room - (len(kinds) - 1) * m.INJECTION_SPACING_DAYS
        start = earliest + int(rng.integers(0, slack + 1))
        for i, kind in enumerate(kinds):
            day = start + i * m.INJECTION_SPACING_DAYS
            last = days - 1 if kind == "level_shift" else day
            injections.append(Injection(kpi, kind, day, last, m.INJECTED_FACTORS[kind]))
    return tuple(injections)


def multiplier(ctx: GenerationContext, kpi: str, day: int) -> float:
    """The factor on a KPI's rate on its `day`-th generated day (1.0: no anomaly)."""
    factor = 1.0
    for injection in plan(ctx):
        if injection.kpi == kpi and injection.first_day <= day <= injection.last_day:
            factor *= injection.factor
    return factor


def multipliers(ctx: GenerationContext, kpi: str) -> np.ndarray:
    return np.array([multiplier(ctx, kpi, d) for d in range(history_days(ctx, kpi))])
