"""How engaged each account's people are: one factor per account, a log-normal spread pulled by
the account's status. Users' last logins and their app sessions both follow from it, so the
gap between a user's last login and as_of is the gap their session rate implies."""

from __future__ import annotations

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators.app_database.account_plan import account_plan
from saas_datagen.generators.context import GenerationContext

# The stream the factors have always been drawn from (it was the usage profile's).
STREAM = "app_database_usage_profile"
# Average of a week's days relative to a weekday (weekends are quieter).
WEEK_AVERAGE = (5 + 2 * d.WEEKEND_USAGE_FACTOR) / 7


def account_engagement(ctx: GenerationContext) -> pl.DataFrame:
    """account_id, engagement — in account_plan's row order."""
    return ctx.cached("app_database_account_engagement", _build)


def _build(ctx: GenerationContext) -> pl.DataFrame:
    plan = account_plan(ctx).select("account_id", "status")
    rng = ctx.rng(STREAM)
    status = plan["status"].to_numpy()
    spread = rng.lognormal(0.0, d.ENGAGEMENT_SIGMA, plan.height)
    # Each status group's accounts average exactly the lognormal's mean, so the status pull
    # shows even when a group has two accounts (dev's past-due ones once out-used the active).
    for group in np.unique(status):
        members = status == group
        spread[members] *= np.exp(d.ENGAGEMENT_SIGMA**2 / 2) / spread[members].mean()
    return pl.DataFrame(
        {
            "account_id": plan["account_id"],
            "engagement": spread
            * plan["status"].replace_strict(dict(d.ENGAGEMENT_BY_STATUS)).to_numpy(),
        }
    )
