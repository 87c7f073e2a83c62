"""The publish of an advance attaches the published build's settled event days to the new
version instead of copying them (warehouse/append.py), on a small hand-made table against a
real PostgreSQL. `test_timeline_build.py` proves the same on whole dev builds, and that the
result equals a full build."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

from saas_datagen.schema import RowContract, TableSpec, columns
from saas_datagen.warehouse import append, ddl, server, versions
from saas_datagen.warehouse.loader import load_table
from saas_datagen_tests.conftest import publish_test_database, run_dbt

pytestmark = pytest.mark.postgres

FIRST_DAY = date(2026, 11, 1)
DAYS = 4  # the published build holds days 0-3; its last day (3) is generated again
ADVANCED_AS_OF = FIRST_DAY + timedelta(days=DAYS + 1)  # the advance adds day 4
PLAN = append.AppendPlan(
    ddl.RAW_SCHEMA,
    published_as_of=FIRST_DAY + timedelta(days=DAYS),
    first_new_day=FIRST_DAY + timedelta(days=DAYS - 1),
)
POURS = TableSpec(
    source="test",
    table="pours",
    description="pours by day",
    columns=columns(
        """
        pour_id bigint
        poured_at timestamptz
        volume_ml integer
        """
    ),
    primary_key="pour_id",
    contract=lambda size: RowContract(0, 10**6),
    generate=lambda ctx: iter(()),
    freshness_column="poured_at",
    day_partitioned=True,
)
EXPECTED = {"raw": {POURS.name}, "staging": {"stg_pours"}, "intermediate": {"int_daily"}}


def _pours(days: range, volume: int) -> pl.DataFrame:
    """Ten pours a day at `volume` ml, ids by day (a day generated again keeps its ids)."""
    rows = [
        (
            day * 10 + i,
            datetime.combine(FIRST_DAY, datetime.min.time(), UTC)
            + timedelta(days=day, hours=2 * i),
            volume,
        )
        for day in days
        for i in range(10)
    ]
    return POURS.conform(pl.DataFrame(rows, schema=POURS.column_names, orient="row"))


def _build(url: str, build_id: str, volume: int, days: range, plan=None) -> versions.Build:
    """A build of the pours (`days` of them generated; with `plan`, the published build's
    settled days shown beside them) and the dbt-like views that read them."""
    build = versions.Build(build_id)
    versions.begin(url, build, run_id=build_id, env="test", seed=1, as_of=ADVANCED_AS_OF)
    result = load_table(url, POURS, [_pours(days, volume)], schema=build.raw_schema, settled=plan)
    staging, intermediate = build.schema("staging"), build.schema("intermediate")
    with server.connect(url) as conn:
        conn.execute(
            f"CREATE VIEW {staging}.stg_pours AS SELECT pour_id, poured_at::date AS day, "
            f"volume_ml FROM {build.raw_schema}.{POURS.name}"
        )
        conn.execute(
            f"CREATE VIEW {intermediate}.int_daily AS SELECT day, count(*) AS pours, "
            f"sum(volume_ml) AS ml FROM {staging}.stg_pours GROUP BY day"
        )
    assert result.settled_days == (0 if plan is None else DAYS - 1)
    return build


def _partitions(url: str) -> dict[str, int]:
    with server.connect(url) as conn:
        return dict(
            conn.execute(
                "SELECT c.relname, c.oid FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = %s::regclass",
                (f"raw.{POURS.name}",),
            ).fetchall()
        )


def _rows(url: str, query: str) -> list[tuple]:
    with server.connect(url) as conn:
        return conn.execute(query).fetchall()


@pytest.fixture()
def url(server_url):
    url = publish_test_database(server_url, "tapflow_test_attach")
    versions.publish(url, _build(url, "first", 100, range(DAYS)), EXPECTED)
    return url


def test_an_advance_publishes_the_settled_days_as_the_same_partitions_and_reads_them_all(url):
    before = _partitions(url)
    build = _build(url, "second", 200, range(DAYS - 1, DAYS + 1), PLAN)
    # During the build readers see the published days only; the build sees all five.
    assert _rows(url, "SELECT count(*) FROM intermediate.int_daily") == [(DAYS,)]
    in_build = f"SELECT day, pours, ml FROM {build.schema('intermediate')}.int_daily ORDER BY 1"
    assert [r[2] for r in _rows(url, in_build)] == [1000] * (DAYS - 1) + [2000, 2000]

    report = versions.publish(url, build, EXPECTED, PLAN, [POURS.name])

    assert report.attached == {POURS.name: DAYS - 1}
    after = _partitions(url)
    settled = [ddl.day_partition_name(POURS.name, FIRST_DAY + timedelta(d)) for d in range(3)]
    # The same relations, moved (no row copied); the last day and the new one generated.
    assert {name: after[name] for name in settled} == {name: before[name] for name in settled}
    assert len(after) == DAYS + 1
    last = ddl.day_partition_name(POURS.name, PLAN.first_new_day)
    assert after[last] != before[last]
    # The views the build made over its view read the table now, every day of it.
    daily = _rows(url, "SELECT day, pours, ml FROM intermediate.int_daily ORDER BY 1")
    assert [r[0] for r in daily] == [FIRST_DAY + timedelta(d) for d in range(DAYS + 1)]
    assert [r[2] for r in daily] == [1000] * (DAYS - 1) + [2000, 2000]
    relkind = _rows(url, f"SELECT relkind FROM pg_class WHERE oid = 'raw.{POURS.name}'::regclass")
    assert relkind == [("p",)]
    # The key holds over the whole table and the previous version is gone.
    with server.connect(url) as conn, pytest.raises(Exception, match="duplicate key"):
        conn.execute(f"INSERT INTO raw.{POURS.name} VALUES (5, '2026-11-01 10:00+00', 1)")
    assert not _rows(url, "SELECT nspname FROM pg_namespace WHERE nspname LIKE '%%\\_\\_%%'")
    assert report.dropped and not report.not_analyzed


def test_a_day_moved_to_another_table_is_attached_without_a_scan(url):
    """The CHECK constraint of `ddl.day_partition` proves the day's bounds: PostgreSQL says so
    (at DEBUG1) instead of reading the rows."""
    messages: list[str] = []
    with server.connect(url) as conn:
        conn.add_notice_handler(lambda notice: messages.append(notice.message_primary))
        conn.execute(ddl.create_table(POURS, "other_pours"))
        day = ddl.day_partition_name(POURS.name, FIRST_DAY)
        conn.execute(f"ALTER TABLE raw.{POURS.name} DETACH PARTITION raw.{day}")
        conn.execute("SET client_min_messages = debug1")
        conn.execute(
            f"ALTER TABLE other_pours ATTACH PARTITION raw.{day} "
            + ddl.partition_bounds(FIRST_DAY).as_string(conn)
        )
        conn.rollback()
    assert any("is implied by existing constraints" in m for m in messages), messages


def test_a_build_whose_view_is_read_by_a_materialised_view_is_refused_unchanged(url):
    build = _build(url, "third", 300, range(DAYS - 1, DAYS + 1), PLAN)
    with server.connect(url) as conn:
        conn.execute(
            f"CREATE MATERIALIZED VIEW {build.schema('intermediate')}.frozen AS "
            f"SELECT count(*) FROM {build.raw_schema}.{POURS.name}"
        )
    before = _partitions(url)
    with pytest.raises(versions.PublishRefused, match="not views"):
        versions.publish(url, build, EXPECTED, PLAN, [POURS.name])
    assert _partitions(url) == before
    assert _rows(url, "SELECT sum(ml) FROM intermediate.int_daily") == [(DAYS * 1000,)]


# `unique_by_day` (dbt_project/tests/generic): the uniqueness test of the event ids, which in an
# advance groups only the new days and looks up their ids among the settled ones.
UNIQUE_BY_DAY_CASES = {
    "clean": "",
    "a_new_id_among_the_settled": "(5, '2026-11-04 12:00+00')",
    "a_new_id_among_the_recent_settled": "(25, '2026-11-04 12:00+00')",
    "twice_in_the_new_days": "(41, '2026-11-04 12:00+00')",
    "twice_in_the_settled_days": "(5, '2026-11-02 12:00+00')",
}


def _dbt_inline(url: str, command: str, inline: str, variables: dict) -> dict:
    """The data of `dbt <command> --inline` (show: a preview, compile: the SQL), run as a
    build runs dbt."""
    result = run_dbt(
        url,
        command,
        "--inline",
        inline,
        "--vars",
        json.dumps(variables),
        "--output",
        "json",
        "--log-format",
        "json",
    )
    for line in result.stdout.splitlines():
        data = json.loads(line).get("data", {})
        if data.get("preview") or data.get("compiled"):
            return data
    raise AssertionError(result.stdout[-2000:])


def _unique_by_day(case: str) -> str:
    return (
        f"{{{{ test_unique_by_day(model='unique_by_day.{case}', "
        "column_name='pour_id', day_column='poured_at') }}"
    )


def _failures_of_unique_by_day(url: str, variables: dict) -> dict[str, int]:
    """Each case's failing rows, as dbt runs the test (`dbt show` of the test's query)."""
    counts = ", ".join(
        f"(select count(*) from ({_unique_by_day(case)}) t) as {case}"
        for case in UNIQUE_BY_DAY_CASES
    )
    return json.loads(_dbt_inline(url, "show", f"select {counts}", variables)["preview"])[0]


def _settled_days_scanned_whole(url: str, case: str, variables: dict) -> bool:
    """Whether the test's query, run, reads the settled days older than its last two."""
    query = _dbt_inline(url, "compile", _unique_by_day(case), variables)["compiled"]
    with server.connect(url) as conn:
        plan = [line for (line,) in conn.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {query}")]
    older = [line for line in plan if "Scan on " in line and f"{case} settled_1" in line]
    assert len(older) == 1, plan
    return "never executed" not in older[0]


@pytest.mark.slow
def test_unique_by_day_in_an_advance_checks_the_new_days_and_their_ids_among_the_settled(url):
    with server.connect(url) as conn:
        conn.execute("DROP SCHEMA IF EXISTS unique_by_day CASCADE")
        conn.execute("CREATE SCHEMA unique_by_day")
        for case, extra in UNIQUE_BY_DAY_CASES.items():
            # Days 0-4, ten pours a day with ids day * 10 + i; then the case's extra row.
            conn.execute(
                f"CREATE TABLE unique_by_day.{case} AS SELECT d * 10 + i AS pour_id, "
                "timestamptz '2026-11-01 00:00+00' + d * interval '1 day' + i * interval '1 hour'"
                " AS poured_at FROM generate_series(0, 4) d, generate_series(0, 9) i"
            )
            if extra:
                conn.execute(f"INSERT INTO unique_by_day.{case} VALUES {extra}")
    # A build: every duplicate, wherever it is.
    assert _failures_of_unique_by_day(url, {}) == {
        "clean": 0,
        "a_new_id_among_the_settled": 1,
        "a_new_id_among_the_recent_settled": 1,
        "twice_in_the_new_days": 1,
        "twice_in_the_settled_days": 1,
    }
    # An advance from 2026-11-04: the new days and their ids among the settled ones. A
    # duplicate among the settled days alone was the published build's to find (they are its
    # partitions, attached unchanged). Id 5 is older than the last two settled days: found
    # because the older days' largest id (9) is not below the new days' smallest (5).
    assert _failures_of_unique_by_day(url, {"append_from": "2026-11-04"}) == {
        "clean": 0,
        "a_new_id_among_the_settled": 1,
        "a_new_id_among_the_recent_settled": 1,
        "twice_in_the_new_days": 1,
        "twice_in_the_settled_days": 0,
    }
    # Their older days are read only when the ids are not in day order (the new days' smallest
    # id not above the older days' largest): in a healthy table, never.
    advance = {"append_from": "2026-11-04"}
    assert not _settled_days_scanned_whole(url, "clean", advance)
    assert _settled_days_scanned_whole(url, "a_new_id_among_the_settled", advance)
