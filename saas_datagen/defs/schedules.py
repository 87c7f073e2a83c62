"""Nightly: one run per configured environment (default: dev only). An environment whose
published build is a cut of a longer story (`build --story-end`) is advanced to the tick's day
(the append: docs/timeline.md); any other is rebuilt. DATAGEN_NIGHTLY_MODE=rebuild rebuilds
every environment in full."""

from __future__ import annotations

import os
from datetime import UTC, date

import dagster as dg

from saas_datagen.config.environments import ENVIRONMENTS
from saas_datagen.defs.partitions import build_partition
from saas_datagen.defs.resources import (
    ANCHOR_TAG,
    APPEND_TAG,
    AS_OF_TAG,
    SEED_TAG,
    STORY_END_TAG,
    WarehouseResource,
)

NIGHTLY_ENVS_VAR = "DATAGEN_NIGHTLY_ENVS"
NIGHTLY_MODE_VAR = "DATAGEN_NIGHTLY_MODE"
NIGHTLY_MODES = ("advance", "rebuild")

build_warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Generate, load, dbt build and check one environment (the partition).",
)


def nightly_environments() -> list[str]:
    configured = os.environ.get(NIGHTLY_ENVS_VAR, "dev")
    envs = [e.strip() for e in configured.split(",") if e.strip()]
    return [e for e in envs if e in ENVIRONMENTS]


def nightly_mode() -> str:
    mode = os.environ.get(NIGHTLY_MODE_VAR, "advance").strip() or "advance"
    return mode if mode in NIGHTLY_MODES else "advance"


def nightly_request(env: str, day: date, published: dict | None, mode: str) -> dg.RunRequest:
    """The night's run of `env` for `day`: the advance of its published cut to `day` when
    that cut's story reaches it, else a full build as of `day`."""
    tags = {AS_OF_TAG: day.isoformat()}
    story_end = published and published.get("story_end")
    if mode == "advance" and story_end and published["as_of"] <= day <= story_end:
        tags |= {
            SEED_TAG: str(published["seed"]),
            STORY_END_TAG: story_end.isoformat(),
            ANCHOR_TAG: published["anchor"].isoformat() if published["anchor"] else "",
            APPEND_TAG: "true",
        }
    return dg.RunRequest(
        partition_key=build_partition(env, day), run_key=f"{env}-{day.isoformat()}", tags=tags
    )


def _published(env: str, log) -> dict | None:
    from saas_datagen.warehouse import versions

    try:
        return versions.published_build(WarehouseResource().env_url(env))
    except Exception as exc:  # the night's run still goes: a full build reports the server
        log.warning(f"{env}: cannot read the published build ({exc}); rebuilding in full")
        return None


@dg.schedule(
    cron_schedule="0 3 * * *",
    job=build_warehouse_job,
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def nightly_rebuild(context: dg.ScheduleEvaluationContext):
    # The tick's date is the run's as_of, whenever the run actually starts or ends.
    day = context.scheduled_execution_time.astimezone(UTC).date()
    mode = nightly_mode()
    for env in nightly_environments():
        published = _published(env, context.log) if mode == "advance" else None
        yield nightly_request(env, day, published, mode)
