"""`saas-datagen`: build a warehouse end to end, open the Dagster UI, manage the database."""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from saas_datagen.config.environments import ENVIRONMENTS, default_environment
from saas_datagen.errors import UserFacingError
from saas_datagen.memory import return_freed_memory_promptly
from saas_datagen.warehouse import server

REPO_ROOT = Path(__file__).resolve().parents[1]


def dagster_home() -> Path:
    """A project-local Dagster home whose storage is the `dagster` database."""
    home = server.project_home() / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    return home


def prepare_environment(database_url: str | None) -> str:
    """Resolve the server once, export it for Dagster, dbt and subprocesses; return its URL."""
    url = server.server_url(database_url)
    server.ensure_database(url, server.dagster_database_name())
    os.environ[server.DATABASE_URL_VAR] = url
    os.environ["DAGSTER_PG_URL"] = server.sqlalchemy_url(
        server.with_database(url, server.dagster_database_name())
    )
    os.environ["DAGSTER_HOME"] = str(dagster_home())
    return url


def cmd_build(args: argparse.Namespace) -> int:
    from saas_datagen.build import print_report, resolve_as_of, run_build

    as_of = resolve_as_of(args.as_of)  # settled once, here: the whole build uses this date
    story_end, anchor = _timeline(args, as_of)
    url = prepare_environment(args.database_url)
    injected = ", with injected metric anomalies" if args.inject_anomalies else ""
    print(
        f"Building `{args.env}` (seed {args.seed}, as_of {as_of}"
        f"{_describe_timeline(story_end, anchor)}{injected}) on "
        f"{server.describe(url)}",
        file=sys.stderr,
        flush=True,
    )
    scheduler = _start_dask(args)
    report = run_build(
        args.env,
        args.seed,
        as_of,
        inject_anomalies=args.inject_anomalies,
        dask_workers=args.workers,
        dask_scheduler=scheduler or "",
        story_end=story_end,
        anchor=anchor,
    )
    print_report(report, url)
    return 0 if report.ok else 1


def cmd_advance(args: argparse.Namespace) -> int:
    """The next day(s) of a published cut of a longer story (docs/timeline.md)."""
    from saas_datagen.build import advance, print_report
    from saas_datagen.defs.resources import parse_as_of

    url = prepare_environment(args.database_url)
    report = advance(
        args.env,
        parse_as_of(args.to) if args.to else None,
        full=args.full,
        say=lambda line: print(f"{line} on {server.describe(url)}", file=sys.stderr, flush=True),
    )
    print_report(report, url)
    return 0 if report.ok else 1


def _timeline(args: argparse.Namespace, as_of: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """--story-end and --anchor, checked against as_of before any work."""
    from saas_datagen.defs.resources import parse_as_of
    from saas_datagen.generators.context import check_timeline

    story_end = parse_as_of(args.story_end) if args.story_end else None
    anchor = parse_as_of(args.anchor) if args.anchor else None
    check_timeline(as_of, story_end, anchor)
    return story_end, anchor


def _describe_timeline(story_end: dt.date | None, anchor: dt.date | None) -> str:
    if story_end is None:
        return ""
    return f", a cut of the story to {story_end}" + (f" anchored on {anchor}" if anchor else "")


def _start_dask(args: argparse.Namespace) -> str | None:
    """The build's Dask cluster, started (or reached) before any step, so a bad address or
    worker count is one clear error; the build's steps use this same client."""
    from saas_datagen.sinks import scale_out

    scheduler = scale_out.scheduler_address(args.scheduler)
    if args.workers or scheduler:
        scale_out.shared_client(args.workers, scheduler or "")
        where = scheduler or f"a local Dask cluster of {args.workers} worker(s)"
        print(f"  stream tables load on {where}", file=sys.stderr, flush=True)
    return scheduler


def cmd_ui(args: argparse.Namespace) -> int:
    prepare_environment(args.database_url)
    from saas_datagen.dbt_project import prepare_manifest

    prepare_manifest()
    dagster = Path(sys.executable).parent / "dagster"
    cmd = [str(dagster), "dev", "-w", "workspace.yaml", "-p", str(args.port)]
    print(f"Dagster UI on http://127.0.0.1:{args.port} (Ctrl-C to stop)", file=sys.stderr)
    return run_supervised(cmd, cwd=REPO_ROOT)


def run_supervised(cmd: list[str], cwd: Path, grace_s: float = 30.0) -> int:
    """Run a service tree (dagster dev: webserver, daemon, code servers) so that Ctrl-C and
    SIGTERM both stop all of it: either signal becomes the SIGINT `dagster dev` shuts down
    on, and whatever still runs in its process group after `grace_s` is killed."""
    child = subprocess.Popen(cmd, cwd=cwd, start_new_session=True)
    stop_requested: list[float] = []  # when the first Ctrl-C or SIGTERM came

    def stop(signum, frame) -> None:
        stop_requested.append(time.monotonic())
        with contextlib.suppress(ProcessLookupError):
            child.send_signal(signal.SIGINT)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        # Poll rather than block: a blocking wait() resumes after the signal handler with no
        # timeout, so a dagster dev slow to stop (seen under load) was never killed.
        while True:
            try:
                code = child.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if stop_requested and time.monotonic() - stop_requested[0] > grace_s:
                    os.killpg(child.pid, signal.SIGKILL)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        # grandchildren that outlived dagster dev (a code server, the daemon)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signal.SIGTERM)
    if stop_requested:
        print("stopped", file=sys.stderr)
        return 0
    return code


def cmd_db(args: argparse.Namespace) -> int:
    if args.action == "stop":
        stopped = server.stop_embedded()
        print("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL is not running")
        return 0
    url = server.with_database(server.server_url(args.database_url), server.database_name(args.env))
    if args.action == "fingerprint":
        return _print_fingerprints(url, args.env)
    print(url)
    return 0


def _print_fingerprints(url: str, env: str) -> int:
    """Every published table's rows and hash, and one digest of them all: equal digests on
    two servers, equal warehouses (how `advance` is checked against a full build)."""
    from saas_datagen.warehouse import fingerprint, versions

    exists = server.database_exists(
        server.with_database(url, "postgres"), server.database_name(env)
    )
    published = versions.published_build(url) if exists else None
    if published is None:
        raise UserFacingError(f"`{env}` has no published build to fingerprint: build it first")
    tables = fingerprint.table_fingerprints(url)
    for name, (rows, hashed) in sorted(tables.items()):
        print(f"{name:<60} {rows:>12,}  {hashed}")
    print(
        f"{env}: {len(tables)} tables and views, as_of {published['as_of']}, "
        f"digest {fingerprint.digest(tables)}"
    )
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """`dbt docs generate` against an environment's database (it reads the live catalog)."""
    from saas_datagen.dbt_project import DBT_PROJECT_DIR

    url = server.with_database(server.server_url(args.database_url), server.database_name(args.env))
    dbt = Path(sys.executable).parent / "dbt"
    target = DBT_PROJECT_DIR / "target" / "docs"
    cmd = [
        str(dbt),
        "docs",
        "generate",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target),
        "--vars",
        json.dumps({"as_of": args.as_of or ""}),
    ]
    env = {**os.environ, **server.libpq_env(url)}
    result = subprocess.run(cmd, cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-3000:], file=sys.stderr)
        raise UserFacingError(
            f"dbt docs generate failed for `{args.env}` (build it first: python3 tapflow.py build"
            f" --env {args.env})"
        )
    print(f"docs written to {target / 'index.html'}")
    print(
        f"serve them: .venv/bin/dbt docs serve --project-dir dbt_project --profiles-dir "
        f"dbt_project --target-path {target.relative_to(REPO_ROOT)}"
    )
    return 0


def cmd_fivetran_compat(args: argparse.Namespace) -> int:
    """Run Fivetran's dbt packages on a built environment and report what came out."""
    from saas_datagen import fivetran_compat

    try:
        report = fivetran_compat.run(args.env, args.database_url, args.packages)
    except fivetran_compat.CompatError as error:
        raise UserFacingError(str(error)) from None
    fivetran_compat.print_report(report)
    if report.ok:
        fivetran_compat.print_comparison(fivetran_compat.compare(report.url))
    return 0 if report.ok else 1


def cmd_metrics(args: argparse.Namespace) -> int:
    """The metric API: list the metrics (or what one can be grouped by) and query them."""
    from saas_datagen import metrics

    layer = metrics.MetricsLayer(args.env, args.database_url)
    if args.action == "list":
        if args.metric:
            names = tuple(_names(args.metric))
            known = {m.name for m in layer.list_metrics()}
            unknown = [n for n in names if n not in known]
            if unknown:
                raise UserFacingError(
                    f"unknown metric(s): {', '.join(unknown)}; see: python3 tapflow.py metrics list"
                )
            print(f"{', '.join(names)} can be grouped by:")
            for name in layer.group_bys_for(names):
                print(f"  {name}")
            return 0
        infos = layer.list_metrics()
        width = max(len(m.name) for m in infos)
        for m in infos:
            print(f"{m.name:<{width}}  {m.type:<10}  {m.label}: {m.description}")
        print(f"\n{len(infos)} metrics; what one can be grouped by: metrics list --metric NAME")
        return 0
    request = metrics.MetricQuery(
        metrics=tuple(_names(args.metrics)),
        group_by=tuple(_names(args.group_by or "")),
        where=tuple(args.where or ()),
        order_by=tuple(_names(args.order_by or "")),
        limit=args.limit,
        start=args.start,
        end=args.end,
    )
    if args.explain:
        print(layer.explain(request))
        return 0
    result = layer.query(request)
    if args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows(result.rows)
    else:
        print(metrics.format_table(result, max_rows=None if args.limit else 100))
    return 0


def cmd_exercises(args: argparse.Namespace) -> int:
    """Print the team exercises, with answer keys computed from a built environment."""
    from saas_datagen import exercises

    answered = exercises.answer_all(args.env, args.database_url, args.team)
    if not args.check:
        print(exercises.render(answered, with_answers=args.answers))
    total = sum(len(answers) for _, answers in answered)
    wrong = [a for _, answers in answered for a in answers if not a.agrees]
    with_metric = sum(1 for _, answers in answered for a in answers if a.metric_result)
    for a in wrong:
        print(
            f"{a.exercise.id}: SQL and metrics layer disagree: {'; '.join(a.disagreements[:3])}",
            file=sys.stderr,
        )
    print(
        f"{total} exercises answered on `{args.env}`; {with_metric - len(wrong)} of {with_metric} "
        "metric answers agree with the SQL",
        file=sys.stderr,
    )
    return 1 if wrong else 0


def cmd_dashboards(args: argparse.Namespace) -> int:
    """Serve the team dashboards in Superset, or check every one of them in a browser."""
    from saas_datagen.dashboards import service

    superset = service.Superset(args.database_url, args.env)
    port = args.port or service.DEFAULT_PORT
    if args.action == "serve":
        service.require_free_port(port)  # before minutes of set-up, not after
    slugs = superset.prepare()
    if args.action == "check":
        return _check_dashboards(superset, args)
    base = f"http://127.0.0.1:{port}"
    print(f"Superset on {base}  (user {service.ADMIN_USER}, password {service.admin_password()})")
    for slug in sorted(slugs):
        print(f"  {base}/superset/dashboard/{slug}/")
    print("Ctrl-C to stop", file=sys.stderr, flush=True)
    os.environ.update(superset.environment())
    return run_supervised(superset.server_command(port, args.host), cwd=service.state_dir())


def _check_dashboards(superset, args: argparse.Namespace) -> int:
    from saas_datagen.dashboards import browser, service
    from saas_datagen.dashboards.spec import load_dashboards

    chromium = service.ensure_chromium()
    port = args.port if args.port else service.free_port()
    screenshots = (args.screenshots or service.state_dir() / "screenshots").resolve()
    service.log(f"starting Superset on port {port} for the browser check ...")
    process = superset.start(port)
    try:
        seen = browser.check_in_browser(
            f"http://127.0.0.1:{port}",
            superset.envs,
            load_dashboards(superset.spec_dir),
            chromium,
            screenshots,
        )
    finally:
        service.stop(process)
    failures = 0
    for dashboard in seen:
        problems = dashboard.problems() + [f"page error: {e}" for e in dashboard.page_errors]
        rows = sum(c.rows or 0 for c in dashboard.charts)
        status = "OK " if not problems else "BAD"
        print(
            f"{status} {dashboard.env:<4} {dashboard.spec.title:<17} {len(dashboard.charts):>2} "
            f"charts, {rows:>7,} rows, {dashboard.seconds:>5.1f} s  {dashboard.screenshot}"
        )
        for problem in problems:
            print(f"      {problem}")
        failures += bool(problems)
    print(f"{len(seen) - failures} of {len(seen)} dashboards render every chart with data")
    return 1 if failures else 0


def _names(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from None


def cmd_dbt_sources(args: argparse.Namespace) -> int:
    from saas_datagen.dbt_sources import stale_files, write_all

    if args.check:
        stale = stale_files()
        for path in stale:
            print(f"out of date: {path}")
        return 1 if stale else 0
    for path in write_all():
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    return 0


def cmd_benchmark(args: argparse.Namespace) -> int:
    from saas_datagen import benchmark
    from saas_datagen.defs.resources import parse_as_of

    url = server.server_url(args.database_url)
    print(f"Benchmarking tap events for `{args.env}` on {server.describe(url)}", file=sys.stderr)
    result = benchmark.run(
        args.env,
        url,
        args.seed,
        parse_as_of(args.as_of),
        args.ceiling_rows,
        log=lambda m: print(f"  {m}", file=sys.stderr, flush=True),
    )
    print(result.render())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from saas_datagen.build import resolve_as_of
    from saas_datagen.generators.context import GenerationContext
    from saas_datagen.sinks import parquet, scale_out

    as_of = resolve_as_of(args.as_of)
    story_end, anchor = _timeline(args, as_of)
    scaled = f"-x{args.scale}" if args.scale > 1 else ""
    target = args.to or str(REPO_ROOT / ".tapflow" / "parquet" / f"{args.env}{scaled}")
    tables = _names(args.tables) if args.tables else None
    specs = parquet.tables_to_export(tables)  # an unknown name fails before any work
    print(
        f"Exporting `{args.env}`{f' x{args.scale}' if scaled else ''} (seed {args.seed}, "
        f"as_of {as_of}{_describe_timeline(story_end, anchor)}) to Parquet: {target} "
        f"({len(specs)} tables)",
        file=sys.stderr,
        flush=True,
    )
    ctx = GenerationContext(
        seed=args.seed,
        env=args.env,
        as_of=as_of,
        inject_anomalies=args.inject_anomalies,
        scale=args.scale,
        story_end=story_end,
        anchor=anchor,
    )

    def log(line: str) -> None:
        print(f"  {line}", file=sys.stderr, flush=True)

    scheduler = scale_out.scheduler_address(args.scheduler)
    if args.workers or scheduler:
        with scale_out.dask_client(args.workers, scheduler) as client:
            where = scheduler or f"a local Dask cluster of {args.workers} worker(s)"
            log(f"parts run on {where}")
            report = parquet.export(ctx, target, tables, log, scale_out.dask_runner(client))
    else:
        report = parquet.export(ctx, target, tables, log)
    files = sum(t.files for t in report.tables)
    rate = report.rows / max(report.seconds, 1e-9)
    print(
        f"exported {report.rows:,} rows of {len(report.tables)} tables in {files:,} Parquet "
        f"files to {target} in {report.seconds:.0f}s ({rate:,.0f} rows/s)"
    )
    peaks = ", ".join(f"{mb:,.0f}" for mb in sorted(report.peak_rss_mb.values(), reverse=True))
    print(f"  peak memory of each process that wrote parts (MB): {peaks}")
    print(
        f"  read it with DuckDB: select count(*) from read_parquet('{target}/raw/"
        "app_database_tap_events/**/*.parquet', hive_partitioning = true);"
    )
    return 0


def _whole_number(what: str, minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least `minimum`, else one clear error."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{what} must be a whole number, got {value!r}"
            ) from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"{what} must be {minimum} or more")
        return number

    return parse


_seed = _whole_number("seed", 0)
_workers = _whole_number("--workers", 1)
_scale = _whole_number("scale", 1)


def _as_of(value: str) -> str:
    from saas_datagen.defs.resources import parse_as_of

    try:
        parse_as_of(value)
    except UserFacingError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="saas-datagen",
        description="TapFlow synthetic SaaS warehouse: generate raw sources, bulk-load them into "
        "PostgreSQL, build the dbt models and run every asset check, via Dagster.",
        epilog="With no DATABASE_URL the project starts its own PostgreSQL in .tapflow/pgdata.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def database_flag(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--database-url",
            default=None,
            metavar="URL",
            help="PostgreSQL server to use, e.g. postgresql://root@127.0.0.1:5432/"
            "postgres (default: $DATABASE_URL, else the embedded server). One "
            "database per environment is created on it: saas_platform_<env>.",
        )

    def timeline_flags(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--story-end",
            type=_as_of,
            default="",
            metavar="YYYY-MM-DD",
            help="the day the stories run to; as_of is then a cut of them, so the data before "
            "a day is the same at every later as_of (docs/timeline.md; default: as_of)",
        )
        p.add_argument(
            "--anchor",
            type=_as_of,
            default="",
            metavar="YYYY-MM-DD",
            help="with --story-end: the first as_of served; the event windows (pours, app "
            "usage, telemetry) hold their days before it and run on to the story's end "
            "(default: the story's end)",
        )

    def dask_flags(p: argparse.ArgumentParser, what: str, where: str) -> None:
        p.add_argument(
            "--workers",
            type=_workers,
            default=0,
            metavar="N",
            help=f"{what} on a local Dask cluster of N worker processes (default: in this process)",
        )
        p.add_argument(
            "--scheduler",
            default=None,
            metavar="ADDRESS",
            help=f"{what} on a running Dask cluster, e.g. tcp://10.0.0.5:8786 (default: "
            f"$TAPFLOW_DASK_SCHEDULER); {where}",
        )

    build = sub.add_parser("build", help="generate → load → dbt build → checks for one environment")
    build.add_argument(
        "--env",
        choices=ENVIRONMENTS,
        default=default_environment(),
        help="size to build: dev (100 accounts), qa (10k), prod (40k); default $DATAGEN_ENV or dev",
    )
    build.add_argument(
        "--seed",
        type=_seed,
        default=42,
        help="random seed; the same seed and as_of give identical data (default 42)",
    )
    build.add_argument(
        "--as-of",
        type=_as_of,
        default="",
        metavar="YYYY-MM-DD",
        help="date the data is anchored on: nothing happens after it (default: today, UTC)",
    )
    build.add_argument(
        "--inject-anomalies",
        action="store_true",
        help="inject labelled spikes, drops and level shifts into the daily pours and "
        "sessions (listed in truth.injected_metric_anomalies), to measure metric anomaly "
        "detection (default: off)",
    )
    timeline_flags(build)
    dask_flags(
        build,
        what="generate and COPY the event tables' parts",
        where="its workers must reach the database by its URL",
    )
    database_flag(build)
    build.set_defaults(func=cmd_build)

    advance = sub.add_parser(
        "advance",
        help="the next day(s) of a published build that is a cut of a longer story "
        "(build --story-end): the next cut, built, checked and published like a build",
    )
    advance.add_argument("--env", choices=ENVIRONMENTS, default=default_environment())
    advance.add_argument(
        "--to",
        type=_as_of,
        default="",
        metavar="YYYY-MM-DD",
        help="the new as_of, after the published one and on or before the story's end "
        "(default: the day after the published as_of)",
    )
    advance.add_argument(
        "--full",
        action="store_true",
        help="generate every day again instead of copying the published build's settled "
        "event days (the result is the same; the append is faster)",
    )
    database_flag(advance)
    advance.set_defaults(func=cmd_advance)

    export_cmd = sub.add_parser(
        "export",
        help="generate an environment's raw and truth tables as Parquet (no database needed)",
    )
    export_cmd.add_argument("--env", choices=ENVIRONMENTS, default=default_environment())
    export_cmd.add_argument("--seed", type=_seed, default=42, help="random seed (default 42)")
    export_cmd.add_argument(
        "--as-of", type=_as_of, default="", metavar="YYYY-MM-DD", help="default: today, UTC"
    )
    export_cmd.add_argument(
        "--to",
        default=None,
        metavar="DIR_OR_URL",
        help="a directory or an fsspec URL (s3://..., gs://..., memory://...); replaced as a "
        "whole (default: .tapflow/parquet/<env>)",
    )
    export_cmd.add_argument(
        "--tables",
        default="",
        metavar="A,B",
        help="only these tables, comma-separated (default: every raw and truth table)",
    )
    export_cmd.add_argument(
        "--inject-anomalies", action="store_true", help="as for build (default: off)"
    )
    export_cmd.add_argument(
        "--scale",
        type=_scale,
        default=1,
        metavar="N",
        help="multiply every count of the environment by N (e.g. --env prod --scale 10: 400k "
        "accounts, ~2B tap events); Parquet only, never loaded into PostgreSQL (default 1; "
        "default --to .tapflow/parquet/<env>-xN)",
    )
    dask_flags(
        export_cmd,
        what="generate",
        where="--to must then be a place every worker can write",
    )
    timeline_flags(export_cmd)
    export_cmd.set_defaults(func=cmd_export)

    ui = sub.add_parser("ui", help="open the Dagster UI (dagster dev -w workspace.yaml)")
    ui.add_argument("--port", type=int, default=3000, help="web port (default 3000)")
    database_flag(ui)
    ui.set_defaults(func=cmd_ui)

    db = sub.add_parser(
        "db",
        help="print an environment's database URL, stop the embedded server, or fingerprint "
        "the published warehouse (every table's rows and hash, one digest to compare)",
    )
    db.add_argument("action", choices=["url", "stop", "fingerprint"])
    db.add_argument("--env", choices=ENVIRONMENTS, default=default_environment())
    database_flag(db)
    db.set_defaults(func=cmd_db)

    bench = sub.add_parser(
        "benchmark",
        help="measure tap-event generate / load / COPY-ceiling throughput on this machine",
    )
    bench.add_argument(
        "--env",
        choices=ENVIRONMENTS,
        default="dev",
        help="size to measure (qa = ~50M rows; default dev)",
    )
    bench.add_argument("--seed", type=_seed, default=42)
    bench.add_argument("--as-of", type=_as_of, default="2026-11-22", metavar="YYYY-MM-DD")
    bench.add_argument(
        "--ceiling-rows",
        type=int,
        default=5_000_000,
        help="pre-generated rows for the plain-COPY ceiling (default 5M)",
    )
    database_flag(bench)
    bench.set_defaults(func=cmd_benchmark)

    docs = sub.add_parser(
        "docs", help="generate dbt docs (models, columns, lineage) for a built env"
    )
    docs.add_argument("--env", choices=ENVIRONMENTS, default=default_environment())
    docs.add_argument("--as-of", type=_as_of, default=None, metavar="YYYY-MM-DD")
    database_flag(docs)
    docs.set_defaults(func=cmd_docs)

    compat = sub.add_parser(
        "fivetran-compat",
        help="run the Fivetran dbt packages (Stripe, HubSpot, Iterable, ads) on a built env",
    )
    compat.add_argument("--env", choices=ENVIRONMENTS, default=default_environment())
    compat.add_argument(
        "--packages",
        type=Path,
        default=None,
        metavar="DIR",
        help="the packages' sources (stripe/, hubspot/, ...) instead of `dbt deps` from the hub",
    )
    database_flag(compat)
    compat.set_defaults(func=cmd_fivetran_compat)

    metrics_cmd = sub.add_parser(
        "metrics",
        help="the metrics layer (MetricFlow): list metrics, query any metric x dimension x grain",
    )
    metrics_sub = metrics_cmd.add_subparsers(dest="action", required=True)
    listing = metrics_sub.add_parser("list", help="every metric with its type and definition")
    listing.add_argument(
        "--metric", default=None, metavar="NAME[,NAME]", help="list what these can be grouped by"
    )
    query = metrics_sub.add_parser(
        "query",
        help="query metrics, e.g. --metrics mrr --group-by metric_time__month",
        epilog="group-bys: metric_time__day|week|month|quarter|year, or a dimension such as "
        "customer__customer_tier, campaign__platform, trial__trial_path (metrics list --metric "
        "NAME shows them all). Filters use MetricFlow's syntax, e.g. --where "
        "\"{{ Dimension('customer__industry') }} = 'hotel'\".",
    )
    query.add_argument("--metrics", required=True, metavar="NAME[,NAME]")
    query.add_argument("--group-by", default="", metavar="NAME[,NAME]")
    query.add_argument("--where", action="append", metavar="FILTER", help="may repeat")
    query.add_argument(
        "--order-by", default="", metavar="NAME[,NAME]", help="prefix - for descending"
    )
    query.add_argument("--limit", type=int, default=None)
    query.add_argument("--start", type=_date, default=None, metavar="YYYY-MM-DD")
    query.add_argument("--end", type=_date, default=None, metavar="YYYY-MM-DD")
    query.add_argument("--csv", action="store_true", help="CSV on stdout instead of a table")
    query.add_argument("--explain", action="store_true", help="print the SQL, do not run it")
    for p in (listing, query):
        p.add_argument("--env", choices=ENVIRONMENTS, default=default_environment())
        database_flag(p)
    metrics_cmd.set_defaults(func=cmd_metrics)

    exercises_cmd = sub.add_parser(
        "exercises",
        help="team exercise sets (docs/exercises) with answer keys computed from a built env",
    )
    exercises_cmd.add_argument("--team", default=None, help="one team's set (default: all)")
    exercises_cmd.add_argument("--answers", action="store_true", help="print the answer keys")
    exercises_cmd.add_argument(
        "--check", action="store_true", help="only check every answer against the metrics layer"
    )
    exercises_cmd.add_argument("--env", choices=ENVIRONMENTS, default=default_environment())
    database_flag(exercises_cmd)
    exercises_cmd.set_defaults(func=cmd_exercises)

    dashboards_cmd = sub.add_parser(
        "dashboards",
        help="team dashboards in Apache Superset on 127.0.0.1:8088 (serve), or check them all "
        "in headless Chromium (check)",
    )
    dashboards_cmd.add_argument(
        "action",
        nargs="?",
        choices=["serve", "check"],
        default="serve",
        help="serve (default): import and run Superset until Ctrl-C; check: open every "
        "dashboard in Chromium, assert each chart drew with data, write screenshots",
    )
    dashboards_cmd.add_argument(
        "--env",
        action="append",
        choices=ENVIRONMENTS,
        default=None,
        help="environment to register (may repeat; default: every built one)",
    )
    dashboards_cmd.add_argument(
        "--port", type=int, default=None, help="web port (serve: 8088; check: a free one)"
    )
    dashboards_cmd.add_argument(
        "--host",
        default="127.0.0.1",
        help="serve: address to listen on (default 127.0.0.1; 0.0.0.0 in a container)",
    )
    dashboards_cmd.add_argument(
        "--screenshots",
        type=Path,
        default=None,
        metavar="DIR",
        help="check: where the PNGs go (default .tapflow/superset/screenshots)",
    )
    database_flag(dashboards_cmd)
    dashboards_cmd.set_defaults(func=cmd_dashboards)

    sources = sub.add_parser("dbt-sources", help="regenerate dbt source YAML from the registry")
    sources.add_argument("--check", action="store_true", help="only report out-of-date files")
    sources.set_defaults(func=cmd_dbt_sources)
    return parser


def main(argv: list[str] | None = None) -> int:
    return_freed_memory_promptly()  # before anything imports polars (here or in Dagster's)
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UserFacingError as exc:
        print(f"saas-datagen: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "saas-datagen: interrupted; the published warehouse is unchanged (the next build "
            "removes this one's schemas)",
            file=sys.stderr,
        )
        return 130


if __name__ == "__main__":
    sys.exit(main())
