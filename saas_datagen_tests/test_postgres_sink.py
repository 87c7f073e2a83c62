"""The PostgreSQL sink on Dask (issue #14): parts COPYed by several workers make the table."""

from __future__ import annotations

import pytest

from saas_datagen.generators.context import GenerationContext
from saas_datagen.registry import BY_NAME, TABLES
from saas_datagen.sinks import parts, postgres, scale_out
from saas_datagen.warehouse import server
from saas_datagen.warehouse.loader import load_table
from saas_datagen_tests.conftest import AS_OF, SEED

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

STREAMS = [spec for spec in TABLES if spec.stream is not None]
FINGERPRINT = (
    "SELECT count(*), coalesce(sum(('x' || left(md5(t::text), 15))::bit(60)::bigint), 0) "
    "FROM {schema}.{table} t"
)


def _fingerprints(url: str, schema: str) -> dict[str, tuple[int, int]]:
    with server.connect(url) as conn:
        return {
            spec.name: conn.execute(FINGERPRINT.format(schema=schema, table=spec.name)).fetchone()
            for spec in STREAMS
        }


def test_two_dask_workers_copy_the_same_event_tables_as_the_serial_loader(scratch_url, monkeypatch):
    # one unit per chunk and one chunk per part: many small parts, shared by the two workers
    # and finished out of order (the batching never changes the rows: tested elsewhere)
    monkeypatch.setattr(parts, "CHUNKS_PER_PART", 1)
    ctx = GenerationContext(seed=SEED, env="test", as_of=AS_OF)
    small = GenerationContext(seed=SEED, env="test", as_of=AS_OF, units_per_chunk=1)
    needed = set().union(*(spec.parents for spec in STREAMS))
    for schema in ("raw__build_serial", "raw__build_dask"):
        for spec in TABLES:
            if spec.name in needed and spec.stream is None:
                load_table(scratch_url, spec, spec.frames(ctx), schema=schema)
    for spec in STREAMS:
        load_table(scratch_url, spec, spec.frames(ctx), schema="raw__build_serial")
    lines: list[str] = []
    with scale_out.dask_client(workers=2) as client:
        for spec in STREAMS:
            result = postgres.load_in_parts(
                scratch_url, spec, small, "raw__build_dask", client, lines.append
            )
            assert result.rows > 0, spec.name
    serial = _fingerprints(scratch_url, "raw__build_serial")
    dask = _fingerprints(scratch_url, "raw__build_dask")
    with server.connect(scratch_url) as conn:
        partitions = conn.execute(
            "SELECT count(DISTINCT tableoid) FROM raw__build_dask.app_database_tap_events"
        ).fetchone()[0]
        keys = conn.execute(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = "
            "'raw__build_dask.app_database_tap_events'::regclass AND contype = 'p'"
        ).fetchone()[0]
        conn.execute("DROP SCHEMA raw__build_serial CASCADE")
        conn.execute("DROP SCHEMA raw__build_dask CASCADE")
        conn.commit()
    assert dask == serial
    assert partitions == ctx.size.tap_history_days and keys == 1  # a partition a day, keyed
    assert any("on 2 worker(s)" in line for line in lines)
    assert len(parts.plan([BY_NAME["app_database_tap_events"]], small)) > 2
