"""Bulk loader against a real PostgreSQL: atomic, idempotent, keys declared."""

from __future__ import annotations

import polars as pl
import pytest

from saas_datagen.generators.context import GenerationContext
from saas_datagen.registry import BY_NAME, TABLES, enforceable
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


def test_a_load_that_fails_midway_keeps_the_previous_table(scratch_url, loaded):
    spec = BY_NAME["app_database_users"]
    with server.connect(scratch_url) as conn:
        before = conn.execute(
            "SELECT md5(string_agg(u::text, '' ORDER BY user_id)) FROM raw.app_database_users u"
        ).fetchone()[0]

    def broken_frames():
        yield next(iter(spec.frames(loaded))).head(5)
        raise RuntimeError("generator died")

    with pytest.raises(RuntimeError, match="generator died"):
        load_table(scratch_url, spec, broken_frames())
    with server.connect(scratch_url) as conn:
        after = conn.execute(
            "SELECT md5(string_agg(u::text, '' ORDER BY user_id)) FROM raw.app_database_users u"
        ).fetchone()[0]
    assert after == before


def validated(url: str, table: str) -> dict[str, bool]:
    with server.connect(url) as conn:
        rows = conn.execute(
            "SELECT conname, convalidated FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid = %s::regclass",
            (f"raw.{table}",),
        ).fetchall()
    return dict(rows)


def test_rebuilding_with_another_seed_works_and_ends_with_validated_keys(scratch_url, loaded):
    """Stripe ids depend on the seed: a new customer table orphans the old subscriptions
    until they are reloaded too. The swap must not fail; the child's key waits NOT VALID."""
    other = GenerationContext(seed=SEED + 1, env="test", as_of=AS_OF)
    customer = BY_NAME["stripe_customer"]
    messages: list[str] = []
    load_table(scratch_url, customer, customer.frames(other), progress=messages.append)
    assert any("NOT VALID" in m for m in messages)
    assert not all(validated(scratch_url, "stripe_subscription_history").values())
    for spec in TABLES:
        load_table(scratch_url, spec, spec.frames(other))
    for spec in TABLES:
        assert all(validated(scratch_url, spec.name).values()), spec.name
    with server.connect(scratch_url) as conn, pytest.raises(Exception, match="foreign key"):
        conn.execute(
            "INSERT INTO raw.app_database_locations VALUES (999999, 999999, "
            "'x', 'main', 'bar', 's', 'c', 'CA', '00000', 'UTC', 1, now())"
        )


def test_primary_and_foreign_keys_are_declared_in_postgres(scratch_url, loaded):
    with server.connect(scratch_url) as conn:
        rows = conn.execute(
            "SELECT conrelid::regclass::text, contype, count(*) FROM pg_constraint "
            "WHERE connamespace = 'raw'::regnamespace GROUP BY 1, 2"
        ).fetchall()
    declared = {(table.removeprefix("raw."), kind): n for table, kind, n in rows}
    for spec in TABLES:
        assert declared.get((spec.name, "p")) == 1, spec.name
        enforced = [fk for fk in spec.foreign_keys if enforceable(fk)]
        assert declared.get((spec.name, "f"), 0) == len(enforced), spec.name


def test_reloading_a_parent_keeps_its_children_foreign_keys(scratch_url, loaded):
    spec = BY_NAME["app_database_accounts"]
    load_table(scratch_url, spec, spec.frames(loaded))
    with server.connect(scratch_url) as conn:
        fks = conn.execute(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
            "AND confrelid = 'raw.app_database_accounts'::regclass"
        ).fetchone()[0]
        with pytest.raises(Exception, match="foreign key"):
            conn.execute(
                "INSERT INTO raw.app_database_locations VALUES (999999, 999999, "
                "'x', 'main', 'bar', 's', 'c', 'CA', '00000', 'UTC', 1, now())"
            )
    expected = sum(
        1 for s in TABLES for fk in s.foreign_keys if fk.parent == "app_database_accounts"
    )
    assert fks == expected


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
