"""The row-level raw checks in an advance (quality/rules.py): an event table's settled days are
the partitions the published build checked, attached unchanged, so `no_orphans` and
`no_temporal_paradoxes` read the new days and, of the settled days, only the rows whose
parent left or changed since the published build; and every row when the published build
ran other checks or models (AppendPlan.same_pipeline false).

Hand-made tables: a published raw schema and a build's, each with the parents the rules
join, and the build's event tables (plain tables: the rules read them as they read the
advance's views)."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from saas_datagen.quality.rules import Scope, rules_for
from saas_datagen.warehouse import server
from saas_datagen.warehouse.append import AppendPlan
from saas_datagen_tests.conftest import run_dbt

pytestmark = pytest.mark.postgres

PUBLISHED, BUILD = "scoped_published", "scoped_build"
FIRST_DAY = date(2026, 11, 1)
PLAN = AppendPlan(
    PUBLISHED, published_as_of=FIRST_DAY + timedelta(days=4), first_new_day=FIRST_DAY + timedelta(3)
)
SETTLED_DAY, NEW_DAY = "2026-11-02 12:00+00", "2026-11-04 12:00+00"

PARENTS = """
CREATE TABLE {s}.app_database_accounts (account_id bigint);
CREATE TABLE {s}.app_database_locations (location_id bigint);
CREATE TABLE {s}.app_database_users (user_id bigint, created_at timestamptz);
CREATE TABLE {s}.app_database_devices (device_id bigint, installed_at timestamptz);
CREATE TABLE {s}.app_database_user_sessions (session_id bigint, started_at timestamptz);
INSERT INTO {s}.app_database_accounts VALUES (1);
INSERT INTO {s}.app_database_locations VALUES (1);
INSERT INTO {s}.app_database_users VALUES (1, '2026-10-01');
INSERT INTO {s}.app_database_devices VALUES (1, '2026-10-01'), (2, '2026-10-01');
INSERT INTO {s}.app_database_user_sessions VALUES
    (10, '2026-11-01 08:00+00'), (11, '2026-11-04 08:00+00');
"""
EVENTS = """
CREATE TABLE {s}.app_database_tap_events AS
SELECT d * 10 + device_id AS tap_event_id, device_id, 1::bigint AS location_id,
       1::bigint AS account_id,
       timestamptz '2026-11-01 12:00+00' + d * interval '1 day' AS tapped_at
FROM generate_series(0, 4) d, (VALUES (1::bigint), (2::bigint)) devices(device_id);
CREATE TABLE {s}.app_database_page_views AS
SELECT 1::bigint AS page_view_id, 10::bigint AS session_id, 1::bigint AS user_id,
       1::bigint AS account_id, timestamptz '2026-11-01 09:00+00' AS viewed_at
UNION ALL SELECT 2, 11, 1, 1, timestamptz '2026-11-04 09:00+00'
UNION ALL SELECT 3, 11, 1, 1, timestamptz '2026-11-03 09:00+00';
"""


@pytest.fixture()
def build(scratch_url):
    """A connection to the build's raw schema, every change rolled back after the test."""
    with server.connect(scratch_url, schema=BUILD) as conn:
        for schema in (PUBLISHED, BUILD):
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            conn.execute(f"CREATE SCHEMA {schema}")
            conn.execute(PARENTS.format(s=schema))
        conn.execute(EVENTS.format(s=BUILD))
        yield conn
        conn.rollback()


def probe(conn, table: str, name: str, plan: AppendPlan | None = PLAN):
    rule = next(r for r in rules_for(table) if r.name == name)
    return rule.probe(conn, Scope("dev", PLAN.published_as_of, append=plan))


def test_with_no_parent_changed_the_advance_reads_only_the_new_days(build):
    # A settled orphan: the published build would have refused it, so the advance's check,
    # reading only the new days, does not see it; a check of every row does.
    build.execute(f"INSERT INTO app_database_tap_events VALUES (99, 7, 1, 1, '{SETTLED_DAY}')")
    scoped = probe(build, "app_database_tap_events", "no_orphans")
    assert scoped.passed
    assert scoped.metadata["rows_read.device_id"] == "the new days"
    every_row = probe(
        build, "app_database_tap_events", "no_orphans", replace(PLAN, same_pipeline=False)
    )
    assert not every_row.passed and every_row.metadata["orphans.device_id"] == 1
    assert not probe(build, "app_database_tap_events", "no_orphans", None).passed


def test_an_orphan_in_the_new_days_is_found(build):
    build.execute(f"INSERT INTO app_database_tap_events VALUES (99, 7, 1, 1, '{NEW_DAY}')")
    outcome = probe(build, "app_database_tap_events", "no_orphans")
    assert not outcome.passed and outcome.metadata["orphans.device_id"] == 1


def test_a_parent_gone_since_the_published_build_orphans_its_settled_rows(build):
    build.execute("DELETE FROM app_database_devices WHERE device_id = 2")
    outcome = probe(build, "app_database_tap_events", "no_orphans")
    assert not outcome.passed
    assert outcome.metadata["orphans.device_id"] == 5  # device 2 pours once a day, days 0-4
    assert "settled rows of changed parents" in outcome.metadata["rows_read.device_id"]


def test_a_parent_now_created_later_makes_its_settled_rows_paradoxes(build):
    build.execute("UPDATE app_database_devices SET installed_at = '2026-11-03' WHERE device_id = 1")
    outcome = probe(build, "app_database_tap_events", "no_temporal_paradoxes")
    assert not outcome.passed
    assert (
        outcome.metadata["paradoxes.tapped_at<app_database_devices.installed_at"] == 2
    )  # device 1's pours of days 0 and 1


def test_an_appendable_parent_is_compared_on_its_regenerated_days_only(build):
    # Session 11 began on the first new day: the published build had it, this one has not,
    # so its page views are orphans, the new day's (2) and the settled one's (3). Session 10
    # is on a settled day, the same partition in both builds: it is not compared (taken
    # away here by hand, the check does not notice page view 1).
    build.execute("DELETE FROM app_database_user_sessions WHERE session_id IN (10, 11)")
    outcome = probe(build, "app_database_page_views", "no_orphans")
    assert not outcome.passed
    assert outcome.metadata["orphans.session_id"] == 2


# dbt's side: the row-level tests of the event staging models carry
# `where: "<day> >= __append_from__"` (macros/get_where_subquery.sql), which an advance turns
# into its first new day and a build drops.
EVENT_MODELS = {
    "stg_app_database__tap_events": "tapped_at",
    "stg_app_database__user_sessions": "started_at",
    "stg_app_database__page_views": "viewed_at",
    "stg_app_database__feature_usage": "used_at",
}
ROW_LEVEL_TESTS = {"not_null", "accepted_values", "accepted_range"}


def _event_model_tests(manifest: dict) -> dict[str, tuple[str, dict]]:
    """name → (the event model it tests, its node) for the generic tests on those models."""
    found = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or "test_metadata" not in node:
            continue
        model = (node.get("attached_node") or "").rsplit(".", 1)[-1]
        if model in EVENT_MODELS:
            found[node["name"]] = (model, node)
    return found


def test_every_row_level_test_of_an_event_model_reads_only_an_advances_new_days(dbt_manifest):
    tests = _event_model_tests(json.loads(Path(dbt_manifest).read_text()))
    row_level = {
        name: (model, node)
        for name, (model, node) in tests.items()
        if node["test_metadata"]["name"] in ROW_LEVEL_TESTS
    }
    assert len(row_level) >= 9
    for name, (model, node) in row_level.items():
        where = node["config"].get("where") or ""
        assert where == f"{EVENT_MODELS[model]} >= __append_from__", name


@pytest.mark.slow
def test_a_scoped_test_compiles_to_the_new_days_in_an_advance_and_every_row_in_a_build(
    scratch_url,
):
    def compiled(variables: dict) -> str:
        target = Path(tempfile.mkdtemp(prefix="tapflow_dbt_target_"))
        run_dbt(
            scratch_url,
            "compile",
            "--target-path",
            str(target),
            "--select",
            "not_null_stg_app_database__tap_events_device_id",
            "--vars",
            json.dumps(variables),
        )
        (sql_file,) = target.rglob("not_null_stg_app_database__tap_events_device_id.sql")
        return " ".join(sql_file.read_text().split())

    build = compiled({"as_of": "2026-11-22"})
    assert "__append_from__" not in build and "dbt_subquery" not in build
    assert 'from "tapflow_test_scratch"."staging"."stg_app_database__tap_events" where' in build
    advance = compiled({"as_of": "2026-11-22", "append_from": "2026-11-21"})
    assert "where tapped_at >= timestamptz '2026-11-21 00:00:00+00') dbt_subquery" in advance
