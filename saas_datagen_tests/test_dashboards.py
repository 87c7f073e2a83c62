"""The dashboard definitions (dashboards/*.yml) and the Superset bundle made from them: what
each team asked for is there, every chart is titled and described, and the generated
datasets, charts and dashboards cannot drift apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from saas_datagen.dashboards.bundle import Target, build_bundle, chart_params, object_uuid
from saas_datagen.dashboards.spec import SPEC_DIR, check_against_warehouse, load_dashboards
from saas_datagen.errors import UserFacingError

TEAMS = {"executive", "sales", "customer_success", "marketing", "product", "operations"}
# What the issue asks each dashboard to show, by chart title.
ASKED_FOR = {
    "executive": {
        "MRR and ARR trend",
        "Customers by health band",
        "Churn risk",
        "Net and gross revenue retention",
        "Device uptime",
    },
    "sales": {"Pipeline by stage", "Win rate", "Rep performance", "Sales cycle"},
    "customer_success": {
        "Health score distribution",
        "Churn alerts",
        "Tickets by month and priority",
    },
    "marketing": {
        "Spend by platform",
        "CAC by platform",
        "ROAS by platform",
        "Campaigns",
        "Attribution model comparison",
        "Funnel by form type",
        "Trial conversion by path",
    },
    "product": {"DAU, WAU and MAU", "Feature adoption curves", "Usage by tier"},
    "operations": {
        "Pours by local hour and weekday",
        "Volume by product",
        "Device health by state",
        "Telemetry anomalies by state",
    },
}


@pytest.fixture(scope="module")
def dashboards():
    return load_dashboards()


def fake_columns(dashboards) -> dict[str, dict[str, str]]:
    """Every column the specs name (filters name columns charts use), typed as the warehouse
    would: a date where the chart keeps its time."""
    columns: dict[str, dict[str, str]] = {}
    for dashboard in dashboards:
        for chart in dashboard.charts:
            table = columns.setdefault(chart.dataset, {})
            for name in chart.referenced_columns():
                table.setdefault(name, "date" if name == chart.temporal_column else "text")
    return columns


def test_each_team_has_a_dashboard_with_what_it_asked_for(dashboards):
    by_slug = {d.slug: d for d in dashboards}
    assert set(by_slug) == TEAMS
    for slug, titles in ASKED_FOR.items():
        assert titles <= {c.title for c in by_slug[slug].charts}, slug


def test_every_chart_has_a_title_and_a_one_line_description(dashboards):
    for dashboard in dashboards:
        assert dashboard.title and dashboard.description
        for chart in dashboard.charts:
            assert chart.title.strip()
            assert chart.description.strip() and "\n" not in chart.description
            assert chart.description.endswith("."), chart.title


def test_every_dashboard_filters_by_date_range_and_the_teams_filters_where_they_fit(dashboards):
    by_slug = {d.slug: d for d in dashboards}
    for dashboard in dashboards:
        assert "time_range" in {f.type for f in dashboard.filters}, dashboard.slug
    for slug in ("executive", "customer_success"):
        assert {"customer_tier", "industry"} <= {f.column for f in by_slug[slug].filters}
    assert "customer_tier" in {f.column for f in by_slug["product"].filters}


def test_the_bundle_is_the_same_every_time_and_keyed_by_environment(dashboards):
    columns = fake_columns(dashboards)
    dev = Target("dev", "postgresql+psycopg2://u@/saas_platform_dev?host=/tmp")
    first = build_bundle(dashboards, dev, columns)
    assert first == build_bundle(dashboards, dev, columns)
    qa = build_bundle(dashboards, Target("qa", "postgresql+psycopg2://u@/q?host=/tmp"), columns)
    dev_uuids = {yaml.safe_load(text)["uuid"] for path, text in first.items() if "/" in path}
    qa_uuids = {yaml.safe_load(text)["uuid"] for path, text in qa.items() if "/" in path}
    assert not dev_uuids & qa_uuids  # each environment has its own objects
    assert dev_uuids == {yaml.safe_load(t)["uuid"] for p, t in first.items() if "/" in p}


def test_charts_datasets_and_dashboards_in_the_bundle_refer_to_each_other(dashboards):
    files = build_bundle(
        dashboards, Target("dev", "postgresql+psycopg2://u@/d"), fake_columns(dashboards)
    )
    loaded = {path: yaml.safe_load(text) for path, text in files.items()}
    datasets = {c["uuid"]: c for p, c in loaded.items() if p.startswith("datasets/")}
    databases = {c["uuid"] for p, c in loaded.items() if p.startswith("databases/")}
    charts = {c["uuid"]: c for p, c in loaded.items() if p.startswith("charts/")}
    assert all(d["database_uuid"] in databases for d in datasets.values())
    assert all(c["dataset_uuid"] in datasets for c in charts.values())
    placed = []
    for path, board in loaded.items():
        if not path.startswith("dashboards/"):
            continue
        for item in board["position"].values():
            if isinstance(item, dict) and item.get("type") == "CHART":
                assert item["meta"]["uuid"] in charts
                placed.append(item["meta"]["uuid"])
                assert item["meta"]["sliceName"] == charts[item["meta"]["uuid"]]["slice_name"]
        for flt in board["metadata"]["native_filter_configuration"]:
            for target in flt["targets"]:
                assert not target or target["datasetUuid"] in datasets
    assert sorted(placed) == sorted(charts)  # every chart placed exactly once
    assert sum(len(d.charts) for d in dashboards) == len(charts)


def test_a_filter_applies_only_to_charts_whose_dataset_has_its_column(dashboards):
    executive = next(d for d in dashboards if d.slug == "executive")
    columns = fake_columns([executive])
    columns["mart.customer_success_health"].update(customer_tier="text", industry="text")
    board = yaml.safe_load(
        build_bundle([executive], Target("dev", "x"), columns)["dashboards/executive.yaml"]
    )
    ids = {
        item["meta"]["sliceName"]: item["meta"]["chartId"]
        for item in board["position"].values()
        if isinstance(item, dict) and item.get("type") == "CHART"
    }
    filters = {f["name"]: f for f in board["metadata"]["native_filter_configuration"]}
    tier_excluded = set(filters["Customer tier"]["scope"]["excluded"])
    assert ids["Customers by health band"] not in tier_excluded  # customer_success_health
    assert ids["MRR and ARR trend"] in tier_excluded  # finance_mrr_summary has no tier
    date_excluded = set(filters["Date range"]["scope"]["excluded"])
    assert ids["MRR and ARR trend"] not in date_excluded
    assert ids["Churn risk"] in date_excluded  # a snapshot of today


def test_a_map_colours_states_by_the_metric_not_by_a_categorical_scheme(dashboards):
    operations = next(d for d in dashboards if d.slug == "operations")
    maps = [c for c in operations.charts if c.type == "us_map"]
    assert maps
    for chart in maps:
        params = chart_params(chart)
        assert params["viz_type"] == "country_map" and params["select_country"] == "usa"
        assert "color_scheme" not in params and params["linear_color_scheme"]


def test_object_ids_depend_only_on_environment_kind_and_name():
    assert object_uuid("dev", "chart", "sales/Win rate") == object_uuid(
        "dev", "chart", "sales/Win rate"
    )
    assert object_uuid("dev", "chart", "sales/Win rate") != object_uuid(
        "qa", "chart", "sales/Win rate"
    )


HEAD = "title: T\ndescription: D\ncharts:\n  - "
PIE = "{title: C, description: D., type: pie, group_by: g, metric: {label: M, sql: COUNT(*)}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: T\ndescription: D\ncharts: []\n", "at least one chart"),
        (
            HEAD + "{title: C, description: D., type: pie3d, dataset: mart.x}\n",
            "type must be one of",
        ),
        (
            HEAD + "{title: C, description: D., type: line, dataset: mart.x, x: d}\n",
            "needs metrics",
        ),
        (HEAD + PIE + ", dataset: mart.x, colour: red}\n", "unknown field(s) colour"),
        (HEAD + PIE + ", dataset: x}\n", "schema.table"),
        ("title: T\ncharts: [x]\n", "description is required"),
        ("title: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_mistake_in_a_definition_names_its_file_and_what_is_wrong(tmp_path: Path, text, message):
    (tmp_path / "team.yml").write_text(text)
    with pytest.raises(UserFacingError) as caught:
        load_dashboards(tmp_path)
    assert message in str(caught.value)
    assert str(caught.value).startswith("team.yml")


def test_a_chart_naming_a_column_the_warehouse_lacks_is_refused_before_import(dashboards):
    columns = fake_columns(dashboards)
    del columns["mart.sales_deals"]["stage_name"]
    with pytest.raises(
        UserFacingError,
        match=re.escape("sales: 'Pipeline by stage': mart.sales_deals has no stage_name"),
    ):
        check_against_warehouse(dashboards, columns)
    columns.pop("mart.operations_pours_by_hour")
    with pytest.raises(
        UserFacingError, match=re.escape("reads mart.operations_pours_by_hour, not built")
    ):
        check_against_warehouse(dashboards, columns)


def test_the_specs_live_in_the_top_level_dashboards_folder():
    assert Path(__file__).resolve().parents[1] / "dashboards" == SPEC_DIR
    assert {p.stem for p in SPEC_DIR.glob("*.yml")} == TEAMS
