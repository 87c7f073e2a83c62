"""raw.app_database_locations: venues of an account (bars, restaurants, hotels ...)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators import pools, timeline
from saas_datagen.generators.app_database.account_plan import account_plan
from saas_datagen.generators.context import GenerationContext, to_datetime
from saas_datagen.generators.sampling import (
    exact_counts,
    group_positions,
    skewed_between,
    stratified_choice,
)
from saas_datagen.schema import ForeignKey, RowContract, TableSpec, TemporalRule, columns

TABLE = "app_database_locations"
# Share of an account's extra locations that stay in the main location's state.
SAME_STATE_SHARE = 0.7


def build(ctx: GenerationContext) -> pl.DataFrame:
    return ctx.cached(TABLE, _build)


def _states(rng: np.random.Generator, n: int) -> np.ndarray:
    names = [s[0] for s in d.STATES]
    counts = exact_counts(n, [s[1] for s in d.STATES])
    values = np.repeat(np.array(names), counts)
    rng.shuffle(values)
    return values


def _build(ctx: GenerationContext) -> pl.DataFrame:
    plan = account_plan(ctx)
    rng = ctx.rng(TABLE)
    per_account = plan["n_locations"].to_numpy()
    account_row = np.repeat(np.arange(plan.height), per_account)
    n = len(account_row)
    position = group_positions(account_row)
    is_main = position == 0

    main_state = _states(rng, plan.height)
    other_state = _states(rng, n)
    keep = rng.random(n) < SAME_STATE_SHARE
    state = np.where(is_main | keep, main_state[account_row], other_state)
    timezone_of = {s[0]: s[2] for s in d.STATES}

    extra_type = stratified_choice(rng, n, d.EXTRA_LOCATION_TYPE_SHARES)
    location_type = np.where(is_main, "main", extra_type)

    industry = plan["industry"].to_numpy()[account_row]
    seat_low = np.array([d.SEATING_BY_INDUSTRY[i][0] for i in industry.tolist()])
    seat_high = np.array([d.SEATING_BY_INDUSTRY[i][1] for i in industry.tolist()])
    seats = (seat_low + rng.random(n) ** 1.5 * (seat_high - seat_low)).astype(int)

    created = plan["created_us"].to_numpy()[account_row]
    churned = plan["churned"].to_numpy()[account_row]
    active_until = np.where(churned, plan["churn_us"].to_numpy()[account_row], ctx.horizon_us)
    # Extra locations are added over the account's life, mostly early on.
    later = skewed_between(rng, created, active_until, 2.0)
    opened = np.where(is_main, created, later)

    cities = pools.sample(rng, ctx.seed, "city", n)
    streets = pools.sample(rng, ctx.seed, "street", n)
    words = pools.sample(rng, ctx.seed, "company_word", n)
    label = np.where(is_main, "Main", words.astype(str))

    return pl.DataFrame(
        {
            "location_id": np.arange(1, n + 1, dtype=np.int64),
            "account_id": plan["account_id"].to_numpy()[account_row],
            "location_name": np.char.add(np.char.add(cities.astype(str), " "), label.astype(str)),
            "location_type": location_type,
            "venue_type": industry,
            "street_address": streets,
            "city": cities,
            "state": state,
            "postal_code": np.char.zfill(rng.integers(1001, 99950, n).astype(str), 5),
            "timezone": [timezone_of[s] for s in state.tolist()],
            "seating_capacity": seats,
            "opened_at": to_datetime(opened),
        }
    )


def generate(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield build(ctx)


SPEC = TableSpec(
    source="app_database",
    table="locations",
    description="Physical venues of an account where TapFlow devices are installed.",
    freshness_column="opened_at",
    primary_key="location_id",
    generate=generate,
    # A venue never changes once it is live.
    cut=timeline.before_cutoff("opened_at"),
    contract=lambda size: RowContract(size.locations),
    foreign_keys=(ForeignKey("account_id", "app_database_accounts", "account_id"),),
    temporal_rules=(TemporalRule("opened_at", "account_id", "created_at"),),
    columns=columns(
        """
        location_id bigint Primary key.
        account_id bigint Owning account.
        location_name text Display name.
        location_type text main (one per account), branch or franchise.
        venue_type text Venue type, the account's industry.
        street_address text Street address.
        city text City.
        state text US state code.
        postal_code text ZIP code.
        timezone text IANA timezone of the venue.
        seating_capacity integer Seats or capacity.
        opened_at timestamptz When the location went live on TapFlow.
        """
    ),
)
