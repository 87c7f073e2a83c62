"""Dashboard specs -> Superset's asset import bundle (databases, datasets, charts, dashboards
as YAML files keyed by path), for one environment's database.

Every object gets a UUID derived from (environment, kind, name), so re-importing overwrites
the same objects instead of adding copies, and each environment has its own set."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass

import yaml

from saas_datagen.dashboards.spec import GRAINS, Chart, Dashboard, Filter, Metric

VERSION = "1.0.0"
NAMESPACE = uuid.UUID("5d0c9a8e-3b7f-4a51-9d7e-7a1f0c2b6e44")
TEMPORAL_TYPES = ("date", "timestamp")
VIZ_TYPES = {
    "line": "echarts_timeseries_line",
    "bar": "echarts_timeseries_bar",
    "area": "echarts_area",
    "pie": "pie",
    "table": "table",
    "heatmap": "heatmap_v2",
    "us_map": "country_map",
}


@dataclass(frozen=True)
class Target:
    """One environment's warehouse as Superset reaches it."""

    env: str
    sqlalchemy_uri: str  # without the password
    password: str = ""

    @property
    def database_name(self) -> str:
        return f"TapFlow {self.env}"


def object_uuid(env: str, kind: str, name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{env}/{kind}/{name}"))


def dashboard_slug(env: str, dashboard: Dashboard) -> str:
    return f"{env}-{dashboard.slug.replace('_', '-')}"


def build_bundle(
    dashboards: list[Dashboard], target: Target, columns_of: dict[str, dict[str, str]]
) -> dict[str, str]:
    """The import bundle: {path: YAML}. `columns_of` maps schema.table to {column: type}."""
    files = {
        "metadata.yaml": _dump(
            {"version": VERSION, "type": "assets", "timestamp": "1970-01-01T00:00:00+00:00"}
        )
    }
    database_uuid = object_uuid(target.env, "database", "warehouse")
    files["databases/tapflow.yaml"] = _dump(_database(target, database_uuid))
    for dataset in sorted({c.dataset for d in dashboards for c in d.charts}):
        schema, table = dataset.split(".")
        files[f"datasets/tapflow/{schema}__{table}.yaml"] = _dump(
            _dataset(target.env, schema, table, columns_of[dataset], database_uuid)
        )
    for dashboard in dashboards:
        for chart in dashboard.charts:
            files[f"charts/{dashboard.slug}__{_file_name(chart.title)}.yaml"] = _dump(
                _chart(target.env, dashboard, chart)
            )
        files[f"dashboards/{dashboard.slug}.yaml"] = _dump(
            _dashboard(target.env, dashboard, columns_of)
        )
    return files


def _dump(obj: object) -> str:
    return yaml.safe_dump(obj, sort_keys=True, allow_unicode=True)


def _file_name(title: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in title.lower()).strip("_")


def _database(target: Target, database_uuid: str) -> dict:
    config = {
        "database_name": target.database_name,
        "sqlalchemy_uri": target.sqlalchemy_uri,
        "cache_timeout": None,
        "expose_in_sqllab": True,
        "allow_run_async": False,
        "allow_ctas": False,
        "allow_cvas": False,
        "allow_dml": False,
        "allow_file_upload": False,
        "extra": {"allows_virtual_table_explore": True},
        "uuid": database_uuid,
        "version": VERSION,
    }
    if target.password:
        config["password"] = target.password
    return config


def _dataset(
    env: str, schema: str, table: str, columns: dict[str, str], database_uuid: str
) -> dict:
    return {
        "table_name": table,
        "schema": schema,
        "main_dttm_col": None,
        "description": None,
        "default_endpoint": None,
        "offset": 0,
        "cache_timeout": None,
        "sql": None,
        "params": None,
        "template_params": None,
        "filter_select_enabled": True,
        "fetch_values_predicate": None,
        "extra": None,
        "normalize_columns": False,
        "always_filter_main_dttm": False,
        "uuid": object_uuid(env, "dataset", f"{schema}.{table}"),
        "database_uuid": database_uuid,
        "metrics": [],
        "columns": [
            {
                "column_name": name,
                "type": data_type.upper(),
                "is_dttm": data_type.lower().startswith(TEMPORAL_TYPES),
                "groupby": True,
                "filterable": True,
                "is_active": True,
                "expression": None,
                "description": None,
                "verbose_name": None,
                "python_date_format": None,
                "extra": None,
            }
            for name, data_type in columns.items()
        ],
        "version": VERSION,
    }


def _key(*parts: str) -> str:
    return hashlib.sha1("/".join(parts).encode()).hexdigest()[:12]


def _metric(metric: Metric) -> dict:
    return {
        "expressionType": "SQL",
        "sqlExpression": metric.sql,
        "label": metric.label,
        "hasCustomLabel": True,
        "optionName": f"metric_{_key(metric.label, metric.sql)}",
    }


def _filters(chart: Chart) -> list[dict]:
    filters = []
    if chart.temporal_column:
        filters.append(
            {
                "clause": "WHERE",
                "expressionType": "SIMPLE",
                "subject": chart.temporal_column,
                "operator": "TEMPORAL_RANGE",
                "comparator": "No filter",
            }
        )
    if chart.where:
        filters.append(
            {
                "clause": "WHERE",
                "expressionType": "SQL",
                "sqlExpression": chart.where,
                "filterOptionName": f"filter_{_key(chart.where)}",
            }
        )
    return filters


def chart_params(chart: Chart) -> dict:
    """Superset's form data for the chart (the `params` of its export)."""
    viz = (
        "big_number"
        if chart.type == "big_number" and chart.grain
        else VIZ_TYPES.get(chart.type, "big_number_total")
    )
    params: dict = {
        "viz_type": viz,
        "adhoc_filters": _filters(chart),
        "color_scheme": "supersetColors",
        "row_limit": 10000,
        "extra_form_data": {},
        "dashboards": [],
    }
    number_format = chart.format or "SMART_NUMBER"
    metrics = [_metric(m) for m in chart.metrics]
    if chart.type == "big_number":
        params.update(
            metric=metrics[0],
            y_axis_format=number_format,
            header_font_size=0.4,
            subheader_font_size=0.15,
            time_format="smart_date",
        )
        if chart.grain:
            params.update(
                x_axis=chart.x,
                time_grain_sqla=GRAINS[chart.grain],
                show_trend_line=True,
                start_y_axis_at_zero=True,
                rolling_type=None,
            )
    elif chart.type in {"line", "bar", "area"}:
        params.update(
            x_axis=chart.x,
            metrics=metrics,
            groupby=list(chart.group_by),
            y_axis_format=number_format,
            stack="Stack" if chart.stack else None,
            show_legend=True,
            legendType="scroll",
            legendOrientation="top",
            rich_tooltip=True,
            truncate_metric=True,
            only_total=True,
            orientation="vertical",
            x_axis_sort_asc=True,
            x_axis_time_format="smart_date",
            markerEnabled=chart.type == "line" and not chart.group_by,
            zoomable=False,
            show_value=False,
        )
        if chart.grain:
            params["time_grain_sqla"] = GRAINS[chart.grain]
        if chart.type == "bar" and not chart.grain:
            params.update(x_axis_sort=chart.metrics[0].label, x_axis_sort_asc=False)
    elif chart.type == "pie":
        params.update(
            groupby=list(chart.group_by),
            metric=metrics[0],
            donut=True,
            show_labels=True,
            label_type="key_percent",
            labels_outside=True,
            show_legend=True,
            legendOrientation="top",
            number_format=number_format,
            sort_by_metric=True,
            innerRadius=40,
            outerRadius=70,
        )
    elif chart.type == "table":
        params.update(
            row_limit=100,
            order_desc=True,
            table_timestamp_format="smart_date",
            show_cell_bars=True,
            include_search=False,
        )
        if chart.columns:
            params.update(
                query_mode="raw",
                all_columns=list(chart.columns),
                groupby=[],
                metrics=[],
                order_by_cols=[json.dumps([chart.order_by, False])] if chart.order_by else [],
            )
        else:
            params.update(
                query_mode="aggregate",
                groupby=list(chart.group_by),
                metrics=metrics,
                all_columns=[],
                percent_metrics=[],
            )
            if chart.order_by:
                by = next(m for m in chart.metrics if m.label == chart.order_by)
                params["timeseries_limit_metric"] = _metric(by)
    elif chart.type == "heatmap":
        params.update(
            x_axis=chart.x,
            groupby=chart.y,
            metric=metrics[0],
            normalize_across="heatmap",
            sort_x_axis="alpha_asc",
            sort_y_axis="alpha_asc",
            show_legend=True,
            show_percentage=False,
            show_values=False,
            linear_color_scheme="blue_white_yellow",
            y_axis_format=number_format,
            xscale_interval=-1,
            yscale_interval=-1,
            left_margin="auto",
            bottom_margin="auto",
            value_bounds=[None, None],
        )
    elif chart.type == "us_map":
        # the map colours by the metric only without a categorical scheme (else by state)
        params.pop("color_scheme")
        params.update(
            select_country="usa",
            entity=chart.entity,
            metric=metrics[0],
            number_format=number_format,
            linear_color_scheme="superset_seq_1",
        )
    return params


def _chart(env: str, dashboard: Dashboard, chart: Chart) -> dict:
    params = chart_params(chart)
    return {
        "slice_name": chart.title,
        "description": chart.description,
        "viz_type": params["viz_type"],
        "params": params,
        "query_context": None,
        "cache_timeout": None,
        "certified_by": None,
        "certification_details": None,
        "uuid": object_uuid(env, "chart", f"{dashboard.slug}/{chart.title}"),
        "dataset_uuid": object_uuid(env, "dataset", chart.dataset),
        "version": VERSION,
    }


def _layout(env: str, dashboard: Dashboard) -> tuple[dict, dict[str, int]]:
    """Superset's grid: a markdown header row, then the charts in order, packed into rows of
    12 columns. Returns the layout and each chart title's placeholder id (1, 2, ...), which
    the import maps to the real chart ids."""
    position: dict = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "HEADER_ID": {
            "type": "HEADER",
            "id": "HEADER_ID",
            "meta": {"text": f"{dashboard.title} ({env})"},
        },
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
    }
    rows: list[list[tuple[str, dict]]] = [
        [
            (
                "MARKDOWN-intro",
                {
                    "type": "MARKDOWN",
                    "meta": {
                        "code": f"**{dashboard.title}** - {dashboard.description}",
                        "height": 10,
                        "width": 12,
                    },
                },
            )
        ]
    ]
    widths = [12]
    ids: dict[str, int] = {}
    for index, chart in enumerate(dashboard.charts, start=1):
        ids[chart.title] = index
        if widths[-1] + chart.width > 12:
            rows.append([])
            widths.append(0)
        widths[-1] += chart.width
        rows[-1].append(
            (
                f"CHART-{index}",
                {
                    "type": "CHART",
                    "meta": {
                        "chartId": index,
                        "height": chart.height,
                        "width": chart.width,
                        "sliceName": chart.title,
                        "uuid": object_uuid(env, "chart", f"{dashboard.slug}/{chart.title}"),
                    },
                },
            )
        )
    for number, row in enumerate(rows, start=1):
        row_id = f"ROW-{number}"
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {
            "type": "ROW",
            "id": row_id,
            "children": [item_id for item_id, _ in row],
            "parents": ["ROOT_ID", "GRID_ID"],
            "meta": {"background": "BACKGROUND_TRANSPARENT"},
        }
        for item_id, item in row:
            position[item_id] = {
                **item,
                "id": item_id,
                "children": [],
                "parents": ["ROOT_ID", "GRID_ID", row_id],
            }
    return position, ids


def _native_filter(
    env: str,
    dashboard: Dashboard,
    flt: Filter,
    ids: dict[str, int],
    columns_of: dict[str, dict[str, str]],
) -> dict:
    if flt.type == "time_range":
        applies = {c.title for c in dashboard.charts if c.temporal_column}
        targets: list[dict] = [{}]
        filter_type, controls = "filter_time", {"enableEmptyFilter": False}
    else:
        applies = {c.title for c in dashboard.charts if flt.column in columns_of[c.dataset]}
        source = next(c.dataset for c in dashboard.charts if c.title in applies)
        targets = [
            {"datasetUuid": object_uuid(env, "dataset", source), "column": {"name": flt.column}}
        ]
        filter_type = "filter_select"
        controls = {
            "enableEmptyFilter": False,
            "multiSelect": True,
            "searchAllOptions": False,
            "inverseSelection": False,
            "defaultToFirstItem": False,
        }
    return {
        "id": f"NATIVE_FILTER-{_key(dashboard.slug, flt.name)}",
        "name": flt.name,
        "type": "NATIVE_FILTER",
        "filterType": filter_type,
        "targets": targets,
        "controlValues": controls,
        "defaultDataMask": {"extraFormData": {}, "filterState": {}, "ownState": {}},
        "cascadeParentIds": [],
        "scope": {
            "rootPath": ["ROOT_ID"],
            "excluded": sorted(ids[c.title] for c in dashboard.charts if c.title not in applies),
        },
        "tabsInScope": [],
        "description": "",
    }


def _dashboard(env: str, dashboard: Dashboard, columns_of: dict[str, dict[str, str]]) -> dict:
    position, ids = _layout(env, dashboard)
    return {
        "dashboard_title": f"{dashboard.title} ({env})",
        "description": dashboard.description,
        "slug": dashboard_slug(env, dashboard),
        "uuid": object_uuid(env, "dashboard", dashboard.slug),
        "css": "",
        "published": True,
        "certified_by": None,
        "certification_details": None,
        "position": position,
        "metadata": {
            "refresh_frequency": 0,
            "expanded_slices": {},
            "label_colors": {},
            "shared_label_colors": [],
            "color_scheme_domain": [],
            "timed_refresh_immune_slices": [],
            "cross_filters_enabled": False,
            "default_filters": "{}",
            "native_filter_configuration": [
                _native_filter(env, dashboard, flt, ids, columns_of) for flt in dashboard.filters
            ],
        },
        "version": VERSION,
    }
