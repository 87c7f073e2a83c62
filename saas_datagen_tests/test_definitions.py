"""Dagster definitions load, wire every registry table and schedule the nightly rebuild."""

from __future__ import annotations

import json
import os
import re
import time
from datetime import UTC, date, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

import dagster as dg
import pytest
import yaml

from saas_datagen.cli import REPO_ROOT
from saas_datagen.dbt_project import prune_run_targets
from saas_datagen.dbt_sources import render, sources, sources_path, stale_files
from saas_datagen.defs import schedules
from saas_datagen.defs.dbt_assets import dbt_build_args, incremental_models
from saas_datagen.defs.partitions import BUILD_PARTITIONS, DAYS_AHEAD, build_partition
from saas_datagen.defs.publish import PUBLISHED_KEY, expected_relations
from saas_datagen.defs.resources import (
    ANCHOR_TAG,
    APPEND_TAG,
    AS_OF_TAG,
    SEED_TAG,
    STORY_END_TAG,
    WarehouseResource,
)
from saas_datagen.defs.schedules import NIGHTLY_ENVS_VAR, nightly_rebuild, nightly_request
from saas_datagen.errors import UserFacingError
from saas_datagen.ml import OUTPUT_TABLES as ML_OUTPUT_TABLES
from saas_datagen.registry import TABLES, TRUTH_TABLES


@pytest.fixture(scope="module")
def defs(dbt_manifest):
    from saas_datagen.definitions import build_definitions

    return build_definitions()


def test_definitions_are_loadable(defs):
    dg.Definitions.validate_loadable(defs)


def test_every_registry_table_is_a_partitioned_raw_asset_with_checks(defs):
    graph = defs.resolve_asset_graph()
    for spec in TABLES:
        key = dg.AssetKey(["raw", spec.name])
        node = graph.get(key)
        assert node.partitions_def == BUILD_PARTITIONS
        assert {c.name for c in node.check_keys} >= {"row_count_contract"}


def test_a_build_is_partitioned_by_environment_and_day():
    assert BUILD_PARTITIONS.partitions_defs[1].partitions_def.get_partition_keys() == [
        "dev",
        "qa",
        "prod",
    ]
    key = build_partition("qa", date(2026, 11, 22))
    assert key.keys_by_dimension == {"env": "qa", "day": "2026-11-22"}
    assert BUILD_PARTITIONS.has_partition_key(key)
    with pytest.raises(UserFacingError, match="before 2020-01-01"):
        build_partition("dev", date(2019, 12, 31))
    with pytest.raises(UserFacingError, match="too far ahead"):
        build_partition("dev", date.today() + timedelta(days=DAYS_AHEAD + 1))


def test_dbt_models_sit_downstream_of_raw_assets(defs):
    graph = defs.resolve_asset_graph()
    entity = dg.AssetKey(["entity", "entity_customers"])
    staging = dg.AssetKey(["staging", "stg_app_database__accounts"])
    assert entity in graph.get_all_asset_keys()
    assert dg.AssetKey(["raw", "app_database_accounts"]) in graph.get(staging).parent_keys


def test_dbt_tests_become_asset_checks(defs):
    graph = defs.resolve_asset_graph()
    checks = {c.name for c in graph.get(dg.AssetKey(["entity", "entity_customers"])).check_keys}
    assert "assert_active_customers_have_mrr" in checks
    assert "unique_entity_customers_customer_id" in checks


def test_dbt_build_carries_as_of_and_the_builds_schema_suffix_as_vars():
    assert dbt_build_args("2026-11-22", "__build_0123456789ab", 2) == [
        "build",
        "--vars",
        '{"as_of": "2026-11-22", "schema_suffix": "__build_0123456789ab"}',
        "--exclude",
        "source:*",
        "--threads",
        "2",
        "--full-refresh",
    ]


def test_an_advance_runs_dbt_incrementally_from_its_first_new_day():
    args = dbt_build_args("2026-11-22", "__build_0123456789ab", 2, date(2026, 11, 21))
    assert "--full-refresh" not in args
    assert json.loads(args[2])["append_from"] == "2026-11-21"


def test_the_incremental_models_are_the_event_aggregates_by_day(dbt_manifest):
    models = incremental_models(json.loads(dbt_manifest.read_text()))
    assert {(m.schema, m.name, m.day_column, m.days_before) for m in models} == {
        ("intermediate", "int_devices__daily_pours", "tapped_date", 0),
        ("intermediate", "int_locations__daily_taps", "date_day", 0),
        ("intermediate", "int_locations__pours_by_local_hour", "local_date", 1),
    }


def test_publish_is_the_last_asset_and_depends_on_every_other(defs):
    graph = defs.resolve_asset_graph()
    published = graph.get(PUBLISHED_KEY)
    others = graph.get_all_asset_keys() - {PUBLISHED_KEY}
    assert set(published.parent_keys) == others
    assert graph.get(dg.AssetKey(["raw", "app_database_accounts"])).partitions_def == (
        published.partitions_def
    )


def test_every_dbt_model_and_raw_table_is_expected_in_a_complete_build():
    expected = expected_relations()
    assert expected["raw"] == {spec.name for spec in TABLES}
    assert "entity_customers" in expected["entity"]
    assert "stg_app_database__accounts" in expected["staging"]
    # The metrics layer's row-grain marts and time spine publish with the rest.
    metric_grain = {"sales_deals", "product_active_users_daily", "metricflow_time_spine"}
    assert metric_grain <= expected["mart"]
    # ... and so do the marts the Operations dashboard draws.
    assert {"operations_pours_by_hour", "operations_device_health_by_state"} <= expected["mart"]
    # ... and the ground truth and the ml group's tables (issue #13).
    assert expected["truth"] == {spec.name for spec in TRUTH_TABLES}
    assert set(ML_OUTPUT_TABLES) <= expected["mart"]
    models = 195
    assert sum(len(names) for names in expected.values()) == (
        len(TABLES) + len(TRUTH_TABLES) + models + len(ML_OUTPUT_TABLES)
    )


def test_nightly_schedule_requests_a_dev_run_by_default_with_the_tick_date_as_as_of(
    defs, monkeypatch
):
    monkeypatch.delenv(NIGHTLY_ENVS_VAR, raising=False)
    monkeypatch.setattr(schedules, "_published", lambda env, log: None)
    tick = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    context = dg.build_schedule_context(
        repository_def=defs.get_repository_def(), scheduled_execution_time=tick
    )
    requests = nightly_rebuild.evaluate_tick(context).run_requests
    assert [r.partition_key for r in requests] == ["2026-11-23|dev"]
    assert requests[0].tags[AS_OF_TAG] == "2026-11-23"


def test_nightly_schedule_follows_the_configured_environments(defs, monkeypatch):
    monkeypatch.setenv(NIGHTLY_ENVS_VAR, "dev,qa,bogus")
    monkeypatch.setattr(schedules, "_published", lambda env, log: None)
    context = dg.build_schedule_context(
        repository_def=defs.get_repository_def(),
        scheduled_execution_time=datetime(2026, 11, 23, 3, 0, tzinfo=UTC),
    )
    requests = nightly_rebuild.evaluate_tick(context).run_requests
    assert [r.partition_key for r in requests] == ["2026-11-23|dev", "2026-11-23|qa"]


# A published cut of a story running to the end of the year.
PUBLISHED_CUT = {
    "build_id": "abc",
    "as_of": date(2026, 11, 22),
    "seed": 7,
    "story_end": date(2026, 12, 31),
    "anchor": date(2026, 10, 1),
}


def test_nightly_schedule_advances_a_published_cut_of_a_longer_story(defs, monkeypatch):
    monkeypatch.setenv(NIGHTLY_ENVS_VAR, "dev")
    monkeypatch.delenv(schedules.NIGHTLY_MODE_VAR, raising=False)
    monkeypatch.setattr(schedules, "_published", lambda env, log: PUBLISHED_CUT)
    context = dg.build_schedule_context(
        repository_def=defs.get_repository_def(),
        scheduled_execution_time=datetime(2026, 11, 23, 3, 0, tzinfo=UTC),
    )
    [request] = nightly_rebuild.evaluate_tick(context).run_requests
    assert request.tags[AS_OF_TAG] == "2026-11-23"
    assert request.tags[APPEND_TAG] == "true"
    assert (request.tags[SEED_TAG], request.tags[STORY_END_TAG], request.tags[ANCHOR_TAG]) == (
        "7",
        "2026-12-31",
        "2026-10-01",
    )
    # The run's resource takes the story from the tags.
    ctx = WarehouseResource().generation_context("dev", date(2026, 11, 23), request.tags)
    assert (ctx.seed, ctx.story_end, ctx.anchor) == (7, date(2026, 12, 31), date(2026, 10, 1))
    assert WarehouseResource().appends(request.tags)


def test_nightly_schedule_rebuilds_in_full_what_it_cannot_advance():
    day = date(2026, 11, 23)
    whole_story = PUBLISHED_CUT | {"story_end": None, "anchor": None}
    past_the_end = PUBLISHED_CUT | {"story_end": date(2026, 11, 22)}
    for published, mode in [
        (None, "advance"),
        (whole_story, "advance"),
        (past_the_end, "advance"),
        (PUBLISHED_CUT, "rebuild"),
    ]:
        request = nightly_request("dev", day, published, mode)
        assert request.tags == {AS_OF_TAG: "2026-11-23"}, (published, mode)
        assert not WarehouseResource().appends(request.tags)
    assert nightly_request("dev", day, PUBLISHED_CUT, "advance").tags[APPEND_TAG] == "true"


def test_dbt_source_yaml_matches_the_registry():
    for source in sources():
        assert sources_path(source).read_text() == render(source), (
            "run `saas-datagen dbt-sources` to regenerate"
        )


def test_generated_staging_models_match_the_registry():
    assert stale_files() == [], "run `saas-datagen dbt-sources` to regenerate"


def test_dagster_yaml_passes_dagsters_own_validation_with_postgres_storage(monkeypatch):
    from dagster._core.instance.config import dagster_instance_config

    monkeypatch.setenv("DAGSTER_PG_URL", "postgresql://tapflow@localhost:5432/dagster")
    config, _ = dagster_instance_config(str(REPO_ROOT), "dagster.yaml")
    assert config["storage"]["postgres"]["postgres_url"] == {"env": "DAGSTER_PG_URL"}
    # the daemon marks runs whose worker died as failed
    assert config["run_monitoring"]["enabled"] is True
    assert config["run_monitoring"]["max_runtime_seconds"] == 3 * 3600


def test_docker_compose_runs_postgres_webserver_daemon_user_code_and_superset():
    compose = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "user_code", "webserver", "daemon", "superset"}
    workspace = yaml.safe_load((REPO_ROOT / "workspace.docker.yaml").read_text())
    code_server = workspace["load_from"][0]["grpc_server"]
    assert str(code_server["port"]) in services["user_code"]["command"]
    for name in ("user_code", "webserver", "daemon"):
        env = services[name]["environment"]
        assert {"DATABASE_URL", "DAGSTER_PG_URL", "DAGSTER_HOME"} <= set(env)
    # Superset serves the dashboards on 8088 from its own image, over the same server.
    superset = services["superset"]
    assert superset["ports"] == ["8088:8088"]
    assert (
        superset["environment"]["DATABASE_URL"]
        == services["user_code"]["environment"]["DATABASE_URL"]
    )
    dockerfile = (REPO_ROOT / superset["build"]["dockerfile"]).read_text()
    assert "ensure_superset()" in dockerfile
    assert '"dashboards", "serve", "--host", "0.0.0.0", "--port", "8088"' in dockerfile


def test_old_dbt_run_folders_are_pruned_but_recent_and_other_ones_kept(tmp_path):
    day = 24 * 3600
    now = time.time()
    ages = {"a": 10 * day, "b": 9 * day, "c": 8 * day, "d": 2 * day, "e": 3600, "f": 60}
    for name, age in ages.items():
        folder = tmp_path / f"tapflow_dbt_models-{name}"
        (folder / "run").mkdir(parents=True)
        os.utime(folder, (now - age, now - age))
    (tmp_path / "other_op-x").mkdir()
    os.utime(tmp_path / "other_op-x", (now - 30 * day, now - 30 * day))

    removed = prune_run_targets("tapflow_dbt_models", keep=2, target=tmp_path)

    # the two newest stay whatever their age; of the rest only those over a day old go
    assert sorted(p.name[-1] for p in removed) == ["a", "b", "c", "d"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "other_op-x",
        "tapflow_dbt_models-e",
        "tapflow_dbt_models-f",
    ]


def test_the_dbt_resource_knows_the_installed_dbt_version_without_a_subprocess(monkeypatch):
    from saas_datagen.defs.dbt_assets import DbtCli

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"unexpected subprocess {args}")

    monkeypatch.setattr("dagster_dbt.core.resource.check_output", no_subprocess)
    resource = DbtCli(project_dir=str(REPO_ROOT / "dbt_project"))
    assert str(resource._cli_version) == version("dbt-core")


def test_every_raw_table_is_declared_one_way():
    # TableSpec(..., columns=columns("""name type[?] description""")): no Column tuples, no
    # second constructor, so a table reads the same in every generator module.
    generators = Path(__file__).parents[1] / "saas_datagen" / "generators"
    offenders = [
        str(p.relative_to(generators))
        for p in generators.rglob("*.py")
        if "Column(" in p.read_text() or "declare(" in p.read_text()
    ]
    assert offenders == []


def test_marts_read_entities_and_intermediates_not_staging():
    marts = Path(__file__).parents[1] / "dbt_project" / "models" / "marts"
    reading_staging = [p.name for p in marts.glob("*.sql") if "ref('stg_" in p.read_text()]
    assert reading_staging == []


def test_every_daily_entity_takes_its_window_from_one_var_and_the_shared_spine(dbt_manifest):
    """The entity_*_daily tables share one date spine and as-of join (macros/daily_spine.sql)
    and read their window from a var, never a number written into the model."""
    manifest = json.loads(Path(dbt_manifest).read_text())
    project = yaml.safe_load((REPO_ROOT / "dbt_project" / "dbt_project.yml").read_text())
    daily = {
        n["name"]: n["raw_code"]
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and re.fullmatch(r"entity_\w+_daily", n["name"])
    }
    assert len(daily) == 7
    for name, code in daily.items():
        assert "in_force_on(" in code, name
        assert not re.search(r"as_of_date\(\) \}\}\s*-\s*\d", code), name
        assert "valid_from <" not in code, name
        if name != "entity_campaigns_daily":  # a campaign's days are the days it ran
            window = re.search(r"trailing_days\(var\('(\w+)'\)\)", code)
            assert window and window.group(1) in project["vars"], name
