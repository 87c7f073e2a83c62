"""Before a build: a live build of the same environment is refused, dead runs are failed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid

import dagster as dg
import pytest

from saas_datagen.build import prepare_run
from saas_datagen.defs import builds
from saas_datagen.defs.partitions import ENV_RUN_TAG
from saas_datagen.errors import UserFacingError
from saas_datagen.warehouse import server

pytestmark = pytest.mark.postgres


def add_run(instance: dg.DagsterInstance, pid: int, env: str = "dev") -> dg.DagsterRun:
    run = dg.DagsterRun(
        job_name=builds.BUILD_JOB,
        run_id=str(uuid.uuid4()),
        status=dg.DagsterRunStatus.STARTED,
        tags={ENV_RUN_TAG: env, **builds.process_tags(), builds.PID_TAG: str(pid)},
    )
    instance.add_run(run)
    return run


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_second_build_of_a_running_environment_is_refused(scratch_url):
    instance = dg.DagsterInstance.ephemeral()
    running = add_run(instance, os.getpid())
    with pytest.raises(UserFacingError, match=f"already running \\(run {running.run_id[:8]}"):
        prepare_run(instance, scratch_url, "dev")
    # another environment is not blocked
    assert prepare_run(instance, scratch_url, "qa") == []


def test_runs_whose_process_died_are_marked_failed(scratch_url):
    instance = dg.DagsterInstance.ephemeral()
    dead = add_run(instance, dead_pid())
    cleaned = prepare_run(instance, scratch_url, "dev")
    assert cleaned == [
        f"marked run {dead.run_id[:8]} failed: its process (pid {dead.tags[builds.PID_TAG]}) "
        "is gone"
    ]
    assert instance.get_run_by_id(dead.run_id).status == dg.DagsterRunStatus.FAILURE


def test_a_rebuild_that_cannot_fit_beside_the_published_warehouse_is_warned_about(
    tmp_path, monkeypatch
):
    from saas_datagen import build

    free = shutil.disk_usage(tmp_path).free
    monkeypatch.setattr(build.versions, "published_bytes", lambda url: free)
    warning = build.disk_warning("url", tmp_path)
    assert warning and f"{free * 1.3 / 1e9:,.0f} GB" in warning
    monkeypatch.setattr(build.versions, "published_bytes", lambda url: free // 2)
    assert build.disk_warning("url", tmp_path) is None
    # a server at a URL: its disk is not ours to measure
    monkeypatch.setattr(build.versions, "published_bytes", lambda url: free * 10)
    assert build.disk_warning("url", None) is None


def test_published_bytes_counts_the_published_schemas(scratch_url):
    from saas_datagen.warehouse import versions

    before = versions.published_bytes(scratch_url)
    with server.connect(scratch_url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA IF NOT EXISTS mart")
        conn.execute("CREATE TABLE mart.disk_probe AS SELECT generate_series(1, 100000) AS n")
    try:
        assert versions.published_bytes(scratch_url) - before > 3_000_000
    finally:
        with server.connect(scratch_url, autocommit=True) as conn:
            conn.execute("DROP TABLE mart.disk_probe")
