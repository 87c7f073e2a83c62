"""Bulk loader against a real PostgreSQL: idempotent, isolated per schema, keys declared."""

from __future__ import annotations

import polars as pl
import pytest

from saas_datagen.generators.context import GenerationContext
from saas_datagen.registry import BY_NAME, TABLES, enforced_foreign_keys
from saas_datagen.warehouse import server
from saas_datagen.warehouse.loader import load_table
from saas_datagen_tests.conftest import AS_OF, SEED

pytestmark = pytest.mark.postgres


@pytest.fixture()
def loaded(scratch_url):
    ctx = GenerationContext(seed=SEED, env="test", as_of=AS_OF)
    for spec in TABLES:
        load_table(scratch_url, spec, spec.frames(ctx))
    return ctx


def count(url: str, table: str) -> int:
    with server.connect(url) as conn:
        return conn.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0]


def test_reloading_a_table_never_duplicates_rows(scratch_url, loaded):
    spec = BY_NAME["app_database_accounts"]
    before = count(scratch_url, spec.name)
    load_table(scratch_url, spec, spec.frames(loaded))
    load_table(scratch_url, spec, spec.frames(loaded))
    assert count(scratch_url, spec.name) == before == loaded.size.accounts


def test_a_load_that_fails_midway_leaves_the_published_table_untouched(scratch_url, loaded):
    """A build loads into its own schema; a generator dying there never reaches `raw`."""
    spec = BY_NAME["app_database_users"]
    fingerprint = (
        "SELECT md5(string_agg(u::text, '' ORDER BY user_id)) FROM raw.app_database_users u"
    )
    with server.connect(scratch_url) as conn:
        before = conn.execute(fingerprint).fetchone()[0]

    def broken_frames():
        yield next(iter(spec.frames(loaded))).head(5)
        raise RuntimeError("generator died")

    with pytest.raises(RuntimeError, match="generator died"):
        load_table(scratch_url, spec, broken_frames(), schema="raw__build_loadertest")
    with server.connect(scratch_url) as conn:
        assert conn.execute(fingerprint).fetchone()[0] == before
        conn.execute("DROP SCHEMA IF EXISTS raw__build_loadertest CASCADE")
        conn.commit()


def test_primary_and_foreign_keys_are_declared_in_postgres(scratch_url, loaded):
    with server.connect(scratch_url) as conn:
        rows = conn.execute(
            "SELECT conrelid::regclass::text, contype, count(*) FROM pg_constraint "
            "WHERE connamespace = 'raw'::regnamespace GROUP BY 1, 2"
        ).fetchall()
    declared = {(table.removeprefix("raw."), kind): n for table, kind, n in rows}
    for spec in TABLES:
        assert declared.get((spec.name, "p")) == 1, spec.name
        enforced = enforced_foreign_keys(spec)
        assert declared.get((spec.name, "f"), 0) == len(enforced), spec.name


def test_foreign_keys_are_enforced_after_load(scratch_url, loaded):
    with server.connect(scratch_url) as conn, pytest.raises(Exception, match="foreign key"):
        conn.execute(
            "INSERT INTO raw.app_database_locations VALUES (999999, 999999, "
            "'x', 'main', 'bar', 's', 'c', 'CA', '00000', 'UTC', 1, now())"
        )


def test_loaded_rows_round_trip_unchanged(scratch_url, loaded):
    spec = BY_NAME["app_database_subscriptions"]
    generated = pl.concat(list(spec.frames(loaded))).sort("subscription_id")
    with server.connect(scratch_url) as conn:
        cur = conn.execute("SELECT * FROM raw.app_database_subscriptions ORDER BY 1")
        names = [c.name for c in cur.description]
        stored = pl.DataFrame(cur.fetchall(), schema=names, orient="row")
    assert stored.columns == generated.columns
    for column in ("subscription_id", "account_id", "amount_cents", "status", "plan_tier"):
        assert stored[column].to_list() == generated[column].to_list(), column
    assert (stored["started_at"].dt.epoch("us") == generated["started_at"].dt.epoch("us")).all()


def test_declared_group_statistics_let_postgres_estimate_pours_per_device_day(scratch_url):
    # Without them PostgreSQL takes every tap event for its own (device, day) group and plans
    # the prod aggregate of int_devices__tap_activity as a hash spilled to disk in partitions.
    spec = BY_NAME["app_database_tap_events"]
    ctx = GenerationContext(seed=SEED, env="dev", as_of=AS_OF)
    needed = {spec.name}
    for table in reversed(TABLES):  # the tap events and every table they reference
        if table.name in needed:
            needed |= set(table.parents)
    for table in (t for t in TABLES if t.name in needed):
        load_table(scratch_url, table, table.frames(ctx), schema="raw__build_statstest")
    query = (
        "SELECT device_id, tapped_at::date, count(*) FROM raw__build_statstest."
        "app_database_tap_events GROUP BY 1, 2"
    )
    with server.connect(scratch_url) as conn:
        actual = conn.execute(f"SELECT count(*) FROM ({query}) g").fetchone()[0]
        plan = conn.execute(f"EXPLAIN (FORMAT JSON) {query}").fetchone()[0][0]["Plan"]
        rows = conn.execute("SELECT count(*) FROM raw__build_statstest.app_database_tap_events")
        total = rows.fetchone()[0]
        conn.execute("DROP SCHEMA raw__build_statstest CASCADE")
        conn.commit()
    assert total > 20 * actual  # many pours per device-day
    assert actual / 3 < plan["Plan Rows"] < actual * 3


def test_each_day_of_an_event_table_lands_in_its_own_postgres_partition(scratch_url, loaded):
    day_partitioned = [spec for spec in TABLES if spec.day_partitioned]
    assert {s.name for s in day_partitioned} >= {"app_database_tap_events"}
    with server.connect(scratch_url) as conn:
        for spec in day_partitioned:
            column = spec.freshness_column
            misplaced, days, partitions = conn.execute(
                f"SELECT count(*) FILTER (WHERE tableoid::regclass::text <> "
                f"'raw.{spec.name}_p' || to_char({column} AT TIME ZONE 'UTC', 'YYYYMMDD')), "
                f"count(DISTINCT ({column} AT TIME ZONE 'UTC')::date), "
                f"(SELECT count(*) FROM pg_inherits WHERE inhparent = 'raw.{spec.name}'::regclass) "
                f"FROM raw.{spec.name}"
            ).fetchone()
            assert (misplaced, partitions) == (0, days), spec.name
            kind = conn.execute(
                f"SELECT relkind FROM pg_class WHERE oid = 'raw.{spec.name}'::regclass"
            )
            assert kind.fetchone()[0] == "p", spec.name
