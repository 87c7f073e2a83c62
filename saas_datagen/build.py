"""`saas-datagen build`: one build of an environment through Dagster, from the command line.

The edge of the product: run settings (env, seed, as_of) are settled here once and passed
down; runs that died are marked failed and their leftovers removed before a new build
starts; the full log goes to a file and the console shows progress, then a summary.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from saas_datagen.errors import UserFacingError
from saas_datagen.warehouse import server, versions


@dataclass(frozen=True)
class CheckLine:
    asset: str
    check: str
    passed: bool
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildReport:
    env: str
    success: bool
    checks: list[CheckLine]
    row_counts: list[tuple[str, int]]  # raw tables, as loaded by this build
    failures: list[str]
    seconds: float
    build_id: str = ""
    published: bool = False
    cleaned: list[str] = field(default_factory=list)
    log_path: Path | None = None

    @property
    def failed_checks(self) -> list[CheckLine]:
        return [c for c in self.checks if not c.passed]

    @property
    def ok(self) -> bool:
        return self.success and bool(self.checks) and not self.failed_checks and self.published


def resolve_as_of(value: str | date | None) -> date:
    """as_of, settled once per build: a build that crosses midnight UTC keeps its date."""
    if isinstance(value, date):
        return value
    from saas_datagen.defs.resources import parse_as_of

    return parse_as_of(value or "")


def prepare_run(instance, url: str, env: str, say=lambda message: None) -> list[str]:
    """Before a build: refuse to race a live build of the same env, mark dead runs failed,
    remove what dead or failed builds left. Returns what was cleaned, in words."""
    from saas_datagen.defs import builds

    live = builds.live_in_process_runs(instance, env)
    if live:
        run = live[0]
        raise UserFacingError(
            f"a build of `{env}` is already running (run {run.run_id[:8]}, pid "
            f"{run.tags[builds.PID_TAG]}); wait for it to finish or stop it first"
        )
    cleaned = [
        f"marked run {run.run_id[:8]} failed: its process (pid {run.tags[builds.PID_TAG]}) is gone"
        for run in builds.fail_dead_runs(instance, env)
    ]
    cleaned += versions.remove_leftovers(url, keep=builds.active_builds(instance))
    for line in cleaned:
        say(f"cleaned up: {line}")
    warning = disk_warning(url, server.embedded_data_dir() if server.is_embedded(url) else None)
    if warning:
        say(warning)
    return cleaned


# A build writes a second copy beside the published one, and dbt's sorts spill temporary
# files on top (up to ~17 GB over prod's 50 GB before tap activity was pre-aggregated).
BUILD_SPACE_FACTOR = 1.3


def disk_warning(url: str, data_dir: Path | None) -> str | None:
    """A warning when the embedded server's disk cannot hold a rebuild beside the published
    warehouse (a server at a URL keeps its disk out of sight: no check)."""
    if data_dir is None or not data_dir.exists():
        return None
    needed = versions.published_bytes(url) * BUILD_SPACE_FACTOR
    free = shutil.disk_usage(data_dir).free
    if needed <= free:
        return None
    return (
        f"warning: this build needs about {needed / 1e9:,.0f} GB beside the published "
        f"warehouse and {data_dir} has {free / 1e9:,.0f} GB free; it will likely fail for "
        "space (the published warehouse stays as it is). Free some space first."
    )


def log_path_for(env: str) -> Path:
    logs = server.project_home() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return logs / f"build-{env}-{datetime.now(UTC):%Y%m%dT%H%M%S}.log"


def dbt_totals() -> tuple[int, int]:
    from saas_datagen.dbt_project import prepare_manifest

    nodes = json.loads(prepare_manifest().read_text())["nodes"].values()
    models = sum(1 for n in nodes if n["resource_type"] == "model")
    tests = sum(  # a build skips the tests on sources (see defs/dbt_assets.py)
        1
        for n in nodes
        if n["resource_type"] == "test"
        and not any(parent.startswith("source.") for parent in n["depends_on"]["nodes"])
    )
    return models, tests


def advance(
    env: str,
    to: date | None = None,
    instance=None,
    say: Callable[[str], None] = print,
    full: bool = False,
) -> BuildReport:
    """The next day(s) of the published build of `env`, a cut of a longer story: the cut at
    `to` (default: the day after) of the same story (seed, story end, anchor), built, checked
    and published like a build. The rows before the published as_of stay as they were
    (docs/timeline.md). The event tables' settled days are copied from the published build
    and only the rest generated (warehouse/append.py), unless `full`; every other table is
    generated whole (they are small), and dbt and the checks run as in a build."""
    from saas_datagen.defs.resources import WarehouseResource

    published = versions.published_build(WarehouseResource().env_url(env))
    if published is None:
        raise UserFacingError(
            f"`{env}` has no published build to advance: build it first, e.g. "
            f"python3 tapflow.py build --env {env} --as-of DAY --story-end LATER_DAY"
        )
    if published["story_end"] is None:
        raise UserFacingError(
            f"the published `{env}` build (as_of {published['as_of']}) is the whole story to "
            "its as_of, not a cut of a longer one: build with --story-end to advance it"
        )
    start, story_end = published["as_of"], published["story_end"]
    target = to or start + timedelta(days=1)
    if target <= start:
        raise UserFacingError(f"--to {target} is not after the published as_of {start}")
    if target > story_end:
        raise UserFacingError(
            f"--to {target} is past the story's end {story_end}: a later day needs a new story "
            "(a build with a later --story-end)"
        )
    say(
        f"Advancing `{env}` from {start} to {target} (seed {published['seed']}, a cut of the "
        f"story to {story_end})"
    )
    return run_build(
        env,
        published["seed"],
        target,
        instance=instance,
        story_end=story_end,
        anchor=published["anchor"],
        append=not full,
    )


def run_build(
    env: str,
    seed: int,
    as_of: str | date | None,
    instance=None,
    progress=None,
    log_path: Path | None = None,
    inject_anomalies: bool = False,
    dask_workers: int = 0,
    dask_scheduler: str = "",
    story_end: date | None = None,
    anchor: date | None = None,
    append: bool = False,
) -> BuildReport:
    """Materialise every asset of one environment through Dagster and collect the outcome
    (`append`: copy the published build's settled event days, see `advance`)."""
    import dagster as dg

    from saas_datagen.console import BuildProgress, ProgressHandler, Totals, file_handler
    from saas_datagen.dbt_project import prepare_manifest
    from saas_datagen.defs import builds
    from saas_datagen.defs.loggers import RUN_LOGGER
    from saas_datagen.defs.partitions import build_partition
    from saas_datagen.defs.resources import AS_OF_TAG, SEED_TAG, WarehouseResource
    from saas_datagen.memory import freeze_long_lived
    from saas_datagen.registry import TABLES

    day = resolve_as_of(as_of)
    partition = build_partition(env, day)  # refuses a day out of range before any work
    prepare_manifest()  # parses again only if the dbt project changed since the last parse
    from saas_datagen.definitions import build_definitions

    instance = instance or dg.DagsterInstance.get()
    warehouse = WarehouseResource(
        seed=seed,
        as_of=day.isoformat(),
        inject_anomalies=inject_anomalies,
        dask_workers=dask_workers,
        dask_scheduler=dask_scheduler,
        story_end=story_end.isoformat() if story_end else "",
        anchor=anchor.isoformat() if anchor else "",
        append=append,
    )
    url = warehouse.env_url(env)
    models, tests = dbt_totals()
    # The display writes to its own handle on the console: while a step runs, Dagster points
    # the process's stderr at a pipe that tees into its compute logs (no longer a terminal).
    console = open(os.dup(sys.stderr.fileno()), "w", buffering=1, encoding="utf-8")  # noqa: SIM115
    progress = progress or BuildProgress(Totals(len(TABLES), models, tests), out=console)
    cleaned = prepare_run(instance, url, env, say=progress.line)
    log_path = log_path or log_path_for(env)

    defs = build_definitions(warehouse)
    job = defs.resolve_job_def("build_warehouse")
    # One process runs every step: keep a few pooled connections to Dagster's storage instead
    # of a new one per event (~900 events at dev size), and keep the long-lived objects out of
    # the per-table collections (saas_datagen.memory).
    instance.optimize_for_webserver(statement_timeout=0, pool_recycle=3600, max_overflow=4)
    freeze_long_lived()
    run_log = logging.getLogger(RUN_LOGGER)
    handlers = [file_handler(log_path), ProgressHandler(progress)]
    started = time.perf_counter()
    with open(log_path, "a", encoding="utf-8") as raw_output, contextlib.ExitStack() as stack:
        for handler in handlers:
            run_log.addHandler(handler)
            stack.callback(run_log.removeHandler, handler)
        # dbt's own event lines go to stdout: into the log file, not the console.
        stack.enter_context(contextlib.redirect_stdout(raw_output))
        result = job.execute_in_process(
            partition_key=partition,
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"compact": {"config": {"log_level": "DEBUG"}}}},
            tags={
                SEED_TAG: str(seed),
                AS_OF_TAG: day.isoformat(),
                **builds.process_tags(),
            },
        )
    progress.finish()
    for handler in handlers:
        handler.close()
    console.close()
    build = builds.build_of(result.dagster_run)
    published = versions.published_build(url)
    if not (published and published["build_id"] == build.build_id):
        versions.mark_failed(url, build)
    return BuildReport(
        env,
        result.success,
        [
            CheckLine(
                "/".join(e.asset_key.path),
                e.check_name,
                e.passed,
                {k: getattr(v, "value", v) for k, v in (e.metadata or {}).items()},
            )
            for e in result.get_asset_check_evaluations()
        ],
        [
            (event.asset_key.path[-1], int(getattr(rows, "value", rows)))
            for event in result.get_asset_materialization_events()
            if event.asset_key.path[0] == "raw"
            and (rows := event.materialization.metadata.get("dagster/row_count")) is not None
        ],
        [
            f"{event.step_key}: {_error_message(event)}"
            for event in result.all_events
            if event.is_step_failure
        ],
        time.perf_counter() - started,
        build_id=build.build_id,
        published=bool(published and published["build_id"] == build.build_id),
        cleaned=cleaned,
        log_path=log_path,
    )


def _error_message(event) -> str:
    error = event.step_failure_data.error
    while error.cause is not None and error.cls_name.startswith("Dagster"):
        error = error.cause
    return error.message.strip().splitlines()[0] if error.message else error.cls_name


HEADLINES = {
    "customers": """
        SELECT subscription_status, count(*), coalesce(sum(monthly_recurring_revenue), 0),
               avg(health_score)
        FROM entity.entity_customers GROUP BY 1 ORDER BY 2 DESC
    """,
}


def headline_figures(url: str) -> list[str]:
    """A few figures of the published warehouse, to see at a glance that it is believable."""
    with server.connect(url) as conn:
        rows = conn.execute(HEADLINES["customers"]).fetchall()
    mrr = sum(float(r[2]) for r in rows)
    lines = [
        "customers  " + ", ".join(f"{n:,} {status}" for status, n, _, _ in rows),
        f"MRR        ${mrr:,.0f}   ARR ${mrr * 12:,.0f}",
        "health     "
        + ", ".join(
            f"{status} {health:.2f}" for status, _, _, health in rows if health is not None
        ),
    ]
    return lines


def print_report(report: BuildReport, url: str) -> None:
    env_url = server.with_database(url, server.database_name(report.env))
    verdict = "OK" if report.ok else "FAILED"
    print()
    print(f"TapFlow warehouse `{report.env}` — {verdict} in {_duration(report.seconds)}")
    total_rows = sum(rows for _, rows in report.row_counts)
    biggest = sorted(report.row_counts, key=lambda item: -item[1])[:4]
    print(
        f"  raw:      {len(report.row_counts)} tables, {total_rows:,} rows (largest: "
        + ", ".join(f"{t} {r:,}" for t, r in biggest)
        + ")"
    )
    by_asset = {c.asset for c in report.checks}
    print(
        f"  checks:   {len(report.checks) - len(report.failed_checks)} passed, "
        f"{len(report.failed_checks)} failed, on {len(by_asset)} assets"
    )
    for check in report.failed_checks:
        print(f"    FAILED  {check.check}  on {check.asset}")
        for key, value in check.metadata.items():
            print(f"              {key}: {_short(value)}")
    for failure in report.failures:
        print(f"    ERROR   {failure}")
    for line in _dbt_errors(report.log_path) if report.failures else []:
        print(f"              {line}")
    if report.published:
        print(f"  published build {report.build_id}; readers now see it")
        try:
            for line in headline_figures(env_url):
                print(f"  {line}")
        except Exception as exc:  # figures are a courtesy; never turn a good build red
            print(f"  (headline figures unavailable: {str(exc).splitlines()[0]})")
    else:
        current = versions.published_build(env_url)
        kept = (
            f"build {current['build_id']} (as_of {current['as_of']}) stays published"
            if current
            else "nothing was published before"
        )
        print(f"  NOT published: {kept}; this build's schemas (*__build_{report.build_id}) are")
        print("            kept for inspection until the next build removes them")
    if report.log_path:
        print(f"  full log: {report.log_path}")
    print(f'  query:    psql "{env_url}"')
    print(
        "  schemas:  raw, staging, intermediate, entity, mart (with the ml group's tables), "
        "truth (the generator's latent variables); tapflow.builds: build history"
    )
    print("  UI:       python3 tapflow.py ui   (then open http://127.0.0.1:3000)")


ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def _dbt_errors(log_path: Path | None, limit: int = 12) -> list[str]:
    """What dbt said went wrong (its summary at the end of the log), without colour codes."""
    if log_path is None or not log_path.exists():
        return []
    found: list[str] = []
    lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    for index, line in enumerate(lines):
        text = ANSI_COLOUR.sub("", line).strip()
        if text.startswith("Failure in ") or text.startswith("Database Error"):
            found.append(text)
            detail = (
                re.sub(r"\x1b\[[0-9;]*m", "", lines[index + 1]).strip()
                if index + 1 < len(lines)
                else ""
            )
            if text.startswith("Database Error") and detail:
                found.append(f"  {detail}")
    return found[:limit]


def _duration(seconds: float) -> str:
    return f"{seconds:.0f}s" if seconds < 120 else f"{seconds // 60:.0f}m{seconds % 60:02.0f}s"


def _short(value: Any) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else value
    return text if len(text) <= 200 else text[:197] + "..."
