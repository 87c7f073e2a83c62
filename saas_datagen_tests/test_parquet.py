"""The Parquet sink (issue #14): files DuckDB reads, identical run to run, safe to re-run."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest

from saas_datagen import schema
from saas_datagen.cli import main
from saas_datagen.errors import UserFacingError
from saas_datagen.generators.context import GenerationContext
from saas_datagen.sinks import parquet
from saas_datagen_tests.conftest import AS_OF, SEED

SMALL = ["app_database_accounts", "app_database_device_telemetry", "account_churn"]


def _ctx() -> GenerationContext:
    return GenerationContext(seed=SEED, env="dev", as_of=AS_OF)


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_same_seed_and_as_of_export_the_same_files_byte_for_byte(tmp_path):
    parquet.export(_ctx(), str(tmp_path / "a"), SMALL, log=lambda _: None)
    parquet.export(_ctx(), str(tmp_path / "b"), SMALL, log=lambda _: None)
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert len(a) > 5 and a == b


def test_event_tables_are_hive_partitioned_by_day_and_the_flush_size_changes_no_row(
    tmp_path, monkeypatch
):
    whole = parquet.export(_ctx(), str(tmp_path / "whole"), SMALL[1:2], log=lambda _: None)
    # the stream in slices of 1,000 rows, flushed every 3,000: several files a day
    monkeypatch.setattr(schema, "ROWS_PER_SLICE", 1_000)
    monkeypatch.setattr(parquet, "FLUSH_ROWS", 3_000)
    parts = parquet.export(_ctx(), str(tmp_path / "parts"), SMALL[1:2], log=lambda _: None)
    assert parts.tables[0].files > whole.tables[0].files
    query = (
        "select * exclude (day), day from read_parquet('{}/raw/app_database_device_telemetry/"
        "**/*.parquet', hive_partitioning = true) order by reading_id"
    )
    left = duckdb.sql(query.format(tmp_path / "whole")).fetchall()
    right = duckdb.sql(query.format(tmp_path / "parts")).fetchall()
    assert len(left) == whole.rows and left == right
    # each row sits in the partition of its own UTC day
    misplaced = duckdb.sql(
        f"select count(*) from read_parquet('{tmp_path}/whole/raw/app_database_device_telemetry/"
        "**/*.parquet', hive_partitioning = true) "
        "where cast(timezone('UTC', recorded_at) as date) <> cast(day as date)"
    ).fetchall()[0][0]
    assert misplaced == 0
    manifest = json.loads((tmp_path / "whole" / "_manifest.json").read_text())
    assert manifest["tables"]["app_database_device_telemetry"]["rows"] == whole.rows
    assert (tmp_path / "whole" / "_SUCCESS").exists()


def test_a_failed_export_leaves_the_previous_one_whole(tmp_path, monkeypatch):
    target = tmp_path / "export"
    parquet.export(_ctx(), str(target), SMALL[:1], log=lambda _: None)
    before = _digests(target)

    def broken(spec, frame):
        raise RuntimeError("disk full")

    monkeypatch.setattr(parquet, "_partitions", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        parquet.export(_ctx(), str(target), SMALL, log=lambda _: None)
    assert _digests(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]  # no partial left behind


def test_an_export_never_overwrites_a_directory_that_is_not_an_export(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UserFacingError, match="holds no TapFlow export"):
        parquet.export(_ctx(), str(tmp_path), SMALL[:1], log=lambda _: None)
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tables", "app_database_acounts"], "unknown table(s): app_database_acounts"),
        (["--to", "{file}"], "is a file"),
        (["--workers", "-1"], "--workers must be 1 or more"),
        (["--scale", "0"], "scale must be 1 or more"),
        (["--scale", "ten"], "scale must be a whole number"),
    ],
)
def test_bad_export_arguments_give_one_clear_error(tmp_path, capsys, args, message):
    (tmp_path / "file").write_text("x")
    args = [a.format(file=tmp_path / "file") for a in args]
    try:
        code = main(["export", "--as-of", AS_OF.isoformat(), "--to", str(tmp_path / "out"), *args])
    except SystemExit as exit_:  # argparse's own usage error
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err


@pytest.mark.slow
def test_one_or_two_dask_workers_write_the_same_files_as_one_process(tmp_path):
    from saas_datagen.sinks import scale_out

    tables = [*SMALL, "app_database_tap_events", "app_database_page_views"]
    parquet.export(_ctx(), str(tmp_path / "here"), tables, log=lambda _: None)
    peaks = {}
    for workers in (1, 2):
        with scale_out.dask_client(workers) as client:
            report = parquet.export(
                _ctx(),
                str(tmp_path / f"dask{workers}"),
                tables,
                log=lambda _: None,
                run_parts=scale_out.dask_runner(client),
            )
        peaks[workers] = report.peak_rss_mb
    reference = _digests(tmp_path / "here")
    assert len(reference) > 200  # tap events and page views: several parts, a file a day
    assert _digests(tmp_path / "dask1") == reference
    assert _digests(tmp_path / "dask2") == reference
    assert len(peaks[1]) == 1 and len(peaks[2]) == 2  # the parts really ran on the workers


def test_an_fsspec_url_gets_the_same_files_and_success_last(tmp_path):
    """An object store has no rename: the export is written in place, `_SUCCESS` last, and an
    earlier export there is replaced (memory:// stands in for s3:// and the like)."""
    import fsspec

    url = "memory://tapflow-test-export"
    fs = fsspec.filesystem("memory")
    fs.pipe(f"{url}/_SUCCESS", b"")  # an earlier export ...
    fs.pipe(f"{url}/raw/stale_table/part-00000-000.parquet", b"old")
    parquet.export(_ctx(), url, SMALL, log=lambda _: None)
    parquet.export(_ctx(), str(tmp_path / "local"), SMALL, log=lambda _: None)
    try:
        remote = {
            path.removeprefix("/tapflow-test-export/"): hashlib.sha256(fs.cat(path)).hexdigest()
            for path in fs.find(url)
        }
        assert remote == _digests(tmp_path / "local")  # ... is gone, the new one is whole
    finally:
        fs.rm(url, recursive=True)


def test_parts_finishing_in_any_order_write_the_same_export(tmp_path):
    """Dask workers finish parts in any order; the manifest (and every file) must not care."""
    tables = [*SMALL, "device_faults", "device_fault_days"]

    def backwards(settings, parts, root):
        ctx = settings.context()
        return reversed([parquet.write_part(ctx, part, root) for part in parts])

    parquet.export(_ctx(), str(tmp_path / "forwards"), tables, log=lambda _: None)
    parquet.export(_ctx(), str(tmp_path / "backwards"), tables, lambda _: None, backwards)
    assert _digests(tmp_path / "backwards") == _digests(tmp_path / "forwards")


def test_a_scaled_export_multiplies_every_table_within_its_scaled_contract(tmp_path):
    """`--scale 3` is the same company three times over: every table of the `test` size meets
    its contract at three times the counts, the entity tables exactly."""
    base = GenerationContext(seed=SEED, env="test", as_of=AS_OF)
    scaled = GenerationContext(seed=SEED, env="test", as_of=AS_OF, scale=3)
    report = parquet.export(scaled, str(tmp_path / "x3"), log=lambda _: None)
    manifest = json.loads((tmp_path / "x3" / parquet.MANIFEST).read_text())
    assert manifest["scale"] == 3 and len(report.tables) == len(parquet.tables_to_export(None))
    for table in report.tables:
        contract = table.spec.contract(scaled.size)
        assert contract.accepts(table.rows), (table.spec.name, table.rows, contract.describe())
    rows = {t.spec.name: t.rows for t in report.tables}
    assert rows["app_database_accounts"] == 3 * base.size.accounts
    assert rows["app_database_devices"] == 3 * base.size.devices
