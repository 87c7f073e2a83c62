"""A build at a cut-off of a longer story (docs/timeline.md): the warehouse as of an earlier day,
loaded, modelled and checked like any build, every check passing; then `advance` to a later
day of the same story, which leaves every row settled before the first day as it was."""

from __future__ import annotations

import re
from datetime import timedelta

import dagster as dg
import pytest

from saas_datagen.build import advance, run_build
from saas_datagen.config import thresholds
from saas_datagen.defs.publish import expected_relations
from saas_datagen.defs.resources import _env_url
from saas_datagen.errors import UserFacingError
from saas_datagen.registry import TABLES
from saas_datagen.warehouse import append, fingerprint, server
from saas_datagen_tests.conftest import AS_OF, SEED

pytestmark = pytest.mark.postgres

STORY_END = AS_OF
ANCHOR = STORY_END - timedelta(days=60)
CUTOFF = ANCHOR + timedelta(days=10)


def _build_cut(as_of):
    """A full dev build of the story's cut at `as_of`."""
    return run_build(
        "dev",
        SEED,
        as_of,
        instance=dg.DagsterInstance.ephemeral(),
        story_end=STORY_END,
        anchor=ANCHOR,
    )


@pytest.fixture(scope="module")
def cut_build(dbt_manifest):
    return _build_cut(CUTOFF)


def test_a_build_at_a_cutoff_of_a_longer_story_passes_every_check(cut_build):
    assert cut_build.ok, (cut_build.failures, cut_build.failed_checks)
    assets = {check.asset for check in cut_build.checks}
    assert {f"raw/{spec.name}" for spec in TABLES} <= assets
    assert len(cut_build.checks) >= 700


def test_the_warehouse_at_a_cutoff_holds_nothing_after_it(cut_build, server_url):
    url = server.with_database(server_url, server.database_name("dev"))
    with server.connect(url) as conn:
        latest = conn.execute(
            "SELECT max(tapped_at), (SELECT max(created_at) FROM raw.app_database_accounts), "
            "(SELECT max(created) FROM raw.stripe_invoice) FROM raw.app_database_tap_events"
        ).fetchone()
        first_pour = conn.execute(
            "SELECT min(tapped_at) FROM raw.app_database_tap_events"
        ).fetchone()[0]
    assert all(moment.date() < CUTOFF for moment in latest)
    # The pours' window holds its days before the anchor, and the ten days since.
    assert first_pour.date() <= ANCHOR - timedelta(days=40)


# Rows settled before the first cut-off (nothing about them changes after it), by table and key.
SETTLED = {
    "app_database_tap_events": ("tap_event_id", "tapped_at < %(cutoff)s"),
    "app_database_user_sessions": ("session_id", "ended_at < %(cutoff)s - interval '1 second'"),
    "app_database_accounts": ("account_id", "updated_at < %(cutoff)s"),
    "stripe_invoice": ("id", "_fivetran_synced < %(cutoff)s - interval '1 minute'"),
    "stripe_charge": ("id", "_fivetran_synced < %(cutoff)s - interval '1 minute'"),
    "hubspot_contact": ("id", "_fivetran_synced < %(cutoff)s - interval '1 minute'"),
    "pipedrive_deal": ("id", "close_time < %(cutoff)s"),
}


def _rows(url: str, settled_only: bool) -> dict[str, dict[object, str]]:
    """Each table's rows as key -> md5 of the whole row: every row, or the settled ones."""
    with server.connect(url) as conn:
        return {
            table: dict(
                conn.execute(
                    f"SELECT {key}, md5(t::text) FROM raw.{table} t"
                    + (f" WHERE {where}" if settled_only else ""),
                    {"cutoff": CUTOFF},
                ).fetchall()
            )
            for table, (key, where) in SETTLED.items()
        }


ADVANCED_TO = CUTOFF + timedelta(days=2)


@pytest.fixture(scope="module")
def advanced(cut_build, server_url):
    """The dev warehouse's rows at the cut-off, then `advance` two days on (the append)."""
    url = server.with_database(server_url, server.database_name("dev"))
    before = _rows(url, settled_only=False)
    partitions = _day_partitions(url)
    instance = dg.DagsterInstance.ephemeral()
    with pytest.MonkeyPatch.context() as patch:
        # Sample the pours' pages as qa and prod do (dev reads them all): during an advance
        # the checks read a view, which TABLESAMPLE cannot sample (a qa advance failed so).
        patch.setattr(thresholds, "PEAK_SAMPLE_PERCENT", {"dev": 20.0})
        report = advance("dev", ADVANCED_TO, instance=instance)
    return before, report, instance, partitions


def _day_partitions(url: str) -> dict[str, dict[str, int]]:
    """Each appendable table's day partitions in the published raw schema: name -> oid."""
    with server.connect(url) as conn:
        return {
            spec.name: dict(
                conn.execute(
                    "SELECT c.relname, c.oid FROM pg_inherits i "
                    "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
                    (f"raw.{spec.name}",),
                ).fetchall()
            )
            for spec in TABLES
            if append.appendable(spec)
        }


def test_advance_publishes_the_next_cut_and_keeps_every_settled_row(advanced, server_url):
    url = server.with_database(server_url, server.database_name("dev"))
    before, report, _, _ = advanced
    assert report.ok, (report.failures, report.failed_checks)
    with pytest.raises(UserFacingError, match="past the story's end"):
        advance("dev", STORY_END + timedelta(days=1), instance=dg.DagsterInstance.ephemeral())
    after = _rows(url, settled_only=True)
    for table, rows in after.items():
        # Every row the later warehouse shows settled before the first cut-off was there,
        # identical, in the warehouse at that cut-off.
        assert len(rows) > 0, table
        changed = [key for key, digest in rows.items() if before[table].get(key) != digest]
        assert changed == [], (table, changed[:5])
    with server.connect(url) as conn:
        newest = conn.execute("SELECT max(tapped_at) FROM raw.app_database_tap_events").fetchone()
    assert newest[0].date() == ADVANCED_TO - timedelta(days=1)


def test_advance_attaches_the_settled_event_days_without_copying_them(advanced, server_url):
    _, _, instance, before = advanced
    url = server.with_database(server_url, server.database_name("dev"))
    after = _day_partitions(url)
    for spec in TABLES:
        if not append.appendable(spec):
            continue
        event = instance.get_latest_materialization_event(dg.AssetKey(["raw", spec.name]))
        metadata = event.asset_materialization.metadata
        attached = metadata["settled_days_attached"].value
        # The published build's day partitions before its last day are the new version's,
        # the same relations (no row copied); its last day and the new ones were generated.
        kept = sorted(
            name for name, oid in before[spec.name].items() if after[spec.name].get(name) == oid
        )
        assert len(kept) == attached == len(before[spec.name]) - 1, spec.name
        assert len(after[spec.name]) == attached + 3, spec.name  # the last day and two new
        # The table's rows (its row-count check counts them) are mostly those attached.
        with server.connect(url) as conn:
            rows = conn.execute(f"SELECT count(*) FROM raw.{spec.name}").fetchone()[0]
        assert metadata["dagster/row_count"].value == rows, spec.name
        assert 0 < metadata["rows_generated"].value < 0.5 * rows, spec.name
    # dbt found the event aggregates seeded with their published days and only added the rest.
    [run] = instance.get_runs()
    seeded = [
        entry.user_message
        for entry in instance.all_logs(run.run_id)
        if "incremental models seeded" in (entry.user_message or "")
    ]
    assert len(seeded) == 1
    for model in ("int_devices__daily_pours", "int_locations__pours_by_local_hour"):
        assert re.search(rf"{model} [1-9][0-9,]* rows", seeded[0]), seeded[0]


def test_advance_makes_the_same_warehouse_as_a_full_build_in_another_database(
    advanced, server_url, monkeypatch
):
    """The invariant of the append: build at D, advance to D + k, and every table and view of
    every schema is identical (rows and hash) to a full build at D + k made apart."""
    dev_url = server.with_database(server_url, server.database_name("dev"))
    appended = fingerprint.table_fingerprints(dev_url)
    monkeypatch.setenv(server.DATABASE_PREFIX_VAR, "tapflow_test_full")
    _env_url.cache_clear()
    try:
        full = _build_cut(ADVANCED_TO)
        assert full.ok, (full.failures, full.failed_checks)
        rebuilt = fingerprint.table_fingerprints(
            server.with_database(server_url, server.database_name("dev"))
        )
    finally:
        _env_url.cache_clear()
    # Every relation a build makes (a user's own view in `mart`, which earlier tests may have
    # left in this database and which publishes carry over, is not the build's).
    built = {f"{schema}.{name}" for schema, names in expected_relations().items() for name in names}
    assert len(built) > 250 and built <= appended.keys() and built <= rebuilt.keys()
    appended = {name: appended[name] for name in built}
    rebuilt = {name: rebuilt[name] for name in built}
    differing = sorted(name for name in built if appended[name] != rebuilt[name])
    assert differing == []
    assert fingerprint.digest(appended) == fingerprint.digest(rebuilt)
