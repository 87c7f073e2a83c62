"""Which build a Dagster run writes, and what the other runs of the job left behind.

A run of `build_warehouse` (with its re-executions, which share its root run id) is one build
of an environment: every step writes that build's schemas, and `published_warehouse` swaps
them in at the end (see `warehouse.versions`).
"""

from __future__ import annotations

import os
import socket

import dagster as dg
import psutil

from saas_datagen.defs.partitions import ENV_RUN_TAG
from saas_datagen.generators.context import GenerationContext
from saas_datagen.processes import alive
from saas_datagen.warehouse import append, versions

BUILD_JOB = "build_warehouse"
PID_TAG = "saas_datagen/pid"
HOST_TAG = "saas_datagen/host"
IN_PROGRESS = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]


def build_of(run: dg.DagsterRun) -> versions.Build:
    return versions.Build.for_run(run.root_run_id or run.run_id)


def process_tags() -> dict[str, str]:
    """Tags that let a later build tell whether this in-process run's process still lives."""
    return {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


def active_builds(instance: dg.DagsterInstance) -> set[str]:
    runs = instance.get_runs(filters=dg.RunsFilter(job_name=BUILD_JOB, statuses=IN_PROGRESS))
    return {build_of(run).build_id for run in runs}


def live_in_process_runs(instance: dg.DagsterInstance, env: str) -> list[dg.DagsterRun]:
    """In-progress runs of this env started by a process on this host that still runs."""
    return [run for run in _in_process_runs(instance, env) if _still_running(instance, run)]


def fail_dead_runs(instance: dg.DagsterInstance, env: str) -> list[dg.DagsterRun]:
    """Mark in-progress runs whose process died (kill -9, power loss) as failed, as Dagster's
    run monitoring does for runs the daemon launched. Returns the runs marked."""
    dead = [run for run in _in_process_runs(instance, env) if not _still_running(instance, run)]
    for run in dead:
        instance.report_run_failed(
            run, message=f"its process (pid {run.tags[PID_TAG]}) ended without finishing the run"
        )
    return dead


def _still_running(instance: dg.DagsterInstance, run: dg.DagsterRun) -> bool:
    """The run's process is alive, and is that process (not a later one given its pid)."""
    pid = int(run.tags[PID_TAG])
    if not alive(pid):
        return False
    record = instance.get_run_record_by_id(run.run_id)
    try:
        started = psutil.Process(pid).create_time()
    except psutil.Error:
        return False
    return record is None or started <= record.create_timestamp.timestamp() + 1


def _in_process_runs(instance: dg.DagsterInstance, env: str) -> list[dg.DagsterRun]:
    runs = instance.get_runs(
        filters=dg.RunsFilter(job_name=BUILD_JOB, statuses=IN_PROGRESS, tags={ENV_RUN_TAG: env})
    )
    host = socket.gethostname()
    return [r for r in runs if r.tags.get(HOST_TAG) == host and r.tags.get(PID_TAG, "").isdigit()]


_begun: set[tuple[str, str]] = set()


def begin(
    context: dg.AssetExecutionContext,
    url: str,
    build: versions.Build,
    generation: GenerationContext,
) -> None:
    """Every step calls this; the first one in a process removes what dead or failed builds
    left behind, records this build and creates its schemas."""
    if (url, build.build_id) in _begun:
        return
    keep = active_builds(context.instance) | {build.build_id}
    for removed in versions.remove_leftovers(url, keep=keep):
        context.log.info(f"removed leftovers: {removed}")
    versions.begin(
        url,
        build,
        run_id=context.run.run_id,
        env=generation.env,
        seed=generation.seed,
        as_of=generation.as_of,
        story_end=generation.story_end,
        anchor=generation.anchor,
        story_key=append.story_key(generation),
        pipeline_key=append.pipeline_key(),
    )
    _begun.add((url, build.build_id))
