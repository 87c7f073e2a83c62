"""Nightly rebuild: one run per configured environment (default: dev only)."""

import os
from datetime import UTC

import dagster as dg

from saas_datagen.config.environments import ENVIRONMENTS
from saas_datagen.defs.resources import AS_OF_TAG

NIGHTLY_ENVS_VAR = "DATAGEN_NIGHTLY_ENVS"

build_warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Generate, load, dbt build and check one environment (the partition).",
)


def nightly_environments() -> list[str]:
    configured = os.environ.get(NIGHTLY_ENVS_VAR, "dev")
    envs = [e.strip() for e in configured.split(",") if e.strip()]
    return [e for e in envs if e in ENVIRONMENTS]


@dg.schedule(
    cron_schedule="0 3 * * *",
    job=build_warehouse_job,
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def nightly_rebuild(context: dg.ScheduleEvaluationContext):
    # The tick's date is the run's as_of, whenever the run actually starts or ends.
    as_of = context.scheduled_execution_time.astimezone(UTC).date().isoformat()
    for env in nightly_environments():
        yield dg.RunRequest(partition_key=env, run_key=f"{env}-{as_of}", tags={AS_OF_TAG: as_of})
