"""A build's partition: the environment by the day it is as of.

Every asset is partitioned by env (the same graph at dev, qa and prod sizes) and by day (the
build's as_of), so the UI shows which days each environment was built or advanced to
(`advance` materialises the next day's partition). A run is one (day, env) partition.
"""

from __future__ import annotations

from datetime import date, timedelta

import dagster as dg

from saas_datagen.config.environments import ENVIRONMENTS
from saas_datagen.errors import UserFacingError

ENV_DIMENSION = "env"
DAY_DIMENSION = "day"
# The days a build can be as of: from the first a story can be told to a year and a month
# past today (a cut of a story that ends in the future; Dagster counts from the run's clock).
FIRST_DAY = date(2020, 1, 1)
DAYS_AHEAD = 400

ENV_PARTITIONS = dg.StaticPartitionsDefinition(list(ENVIRONMENTS))
DAY_PARTITIONS = dg.DailyPartitionsDefinition(
    start_date=FIRST_DAY.isoformat(), end_offset=DAYS_AHEAD, timezone="UTC"
)
BUILD_PARTITIONS = dg.MultiPartitionsDefinition(
    {ENV_DIMENSION: ENV_PARTITIONS, DAY_DIMENSION: DAY_PARTITIONS}
)
# The run tag holding a run's environment (Dagster tags each dimension of a run's partition).
ENV_RUN_TAG = f"dagster/partition/{ENV_DIMENSION}"


def build_partition(env: str, day: date) -> dg.MultiPartitionKey:
    """The partition of a build of `env` as of `day` (refused, in words, outside the range)."""
    if day < FIRST_DAY:
        raise UserFacingError(
            f"as_of {day} is before {FIRST_DAY}, the first day a build can be as of"
        )
    key = dg.MultiPartitionKey({ENV_DIMENSION: env, DAY_DIMENSION: day.isoformat()})
    if not BUILD_PARTITIONS.has_partition_key(key):
        raise UserFacingError(
            f"as_of {day} is too far ahead: a build can be as of {DAYS_AHEAD} days after today "
            f"at most (up to {date.today() + timedelta(days=DAYS_AHEAD - 1)})"
        )
    return key


def partition_of(context: dg.AssetExecutionContext) -> tuple[str, date]:
    """The (env, day) a step builds."""
    keys = context.partition_key.keys_by_dimension
    return keys[ENV_DIMENSION], date.fromisoformat(keys[DAY_DIMENSION])
