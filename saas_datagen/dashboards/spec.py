"""The dashboard definitions in `dashboards/*.yml`: one file per dashboard, the one spec every
Superset dataset, chart and dashboard is generated from (see dashboards/README.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from saas_datagen.errors import UserFacingError

SPEC_DIR = Path(__file__).resolve().parents[2] / "dashboards"

# What each chart type needs (besides title, description, dataset) and may have.
CHART_FIELDS: dict[str, tuple[set[str], set[str]]] = {
    "big_number": ({"metric"}, {"x", "grain", "time_column", "format", "where"}),
    "line": ({"x", "metrics"}, {"grain", "group_by", "format", "where", "stack"}),
    "bar": ({"x", "metrics"}, {"grain", "group_by", "format", "where", "stack", "time_column"}),
    "area": ({"x", "metrics"}, {"grain", "group_by", "format", "where", "stack"}),
    "pie": ({"group_by", "metric"}, {"time_column", "format", "where"}),
    "table": (set(), {"columns", "group_by", "metrics", "order_by", "where", "time_column"}),
    "heatmap": ({"x", "y", "metric"}, {"time_column", "format", "where"}),
    "us_map": ({"entity", "metric"}, {"time_column", "format", "where"}),
}
COMMON_FIELDS = {"title", "description", "type", "dataset", "width", "height"}
GRAINS = {"day": "P1D", "week": "P1W", "month": "P1M", "quarter": "P3M", "year": "P1Y"}
FILTER_TYPES = {"time_range", "select"}
SLUG_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Metric:
    label: str
    sql: str


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    type: str
    schema: str
    table: str
    width: int
    height: int
    x: str | None = None
    y: str | None = None
    grain: str | None = None
    time_column: str | None = None
    group_by: tuple[str, ...] = ()
    metrics: tuple[Metric, ...] = ()
    columns: tuple[str, ...] = ()
    entity: str | None = None
    order_by: str | None = None
    where: str | None = None
    format: str | None = None
    stack: bool = False

    @property
    def dataset(self) -> str:
        return f"{self.schema}.{self.table}"

    @property
    def temporal_column(self) -> str | None:
        """The column the dashboard's date-range filter applies to, if any."""
        return self.x if self.grain else self.time_column

    def referenced_columns(self) -> set[str]:
        names = {self.x, self.y, self.time_column, self.entity, *self.group_by, *self.columns}
        if self.order_by and self.order_by not in {m.label for m in self.metrics}:
            names.add(self.order_by)
        return {n for n in names if n}


@dataclass(frozen=True)
class Filter:
    name: str
    type: str
    column: str | None = None


@dataclass(frozen=True)
class Dashboard:
    slug: str
    title: str
    description: str
    charts: tuple[Chart, ...]
    filters: tuple[Filter, ...] = field(default_factory=tuple)

    def datasets(self) -> list[str]:
        return sorted({c.dataset for c in self.charts})


def load_dashboards(spec_dir: Path = SPEC_DIR) -> list[Dashboard]:
    """Every dashboard definition, validated; a mistake names its file and chart."""
    files = sorted(spec_dir.glob("*.yml"))
    if not files:
        raise UserFacingError(f"no dashboard definitions (*.yml) in {spec_dir}")
    return [_dashboard(path) for path in files]


def _dashboard(path: Path) -> Dashboard:
    where = path.name
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise UserFacingError(f"{where}: not valid YAML: {exc}".splitlines()[0]) from None
    if not isinstance(raw, dict):
        raise UserFacingError(f"{where}: expected a mapping with title, description, charts")
    _only(raw, {"title", "description", "filters", "charts"}, where)
    slug = path.stem
    if not SLUG_RE.match(slug):
        raise UserFacingError(f"{where}: file name must be lower_snake_case (it is the slug)")
    charts = raw.get("charts") or []
    if not charts:
        raise UserFacingError(f"{where}: a dashboard needs at least one chart")
    dashboard = Dashboard(
        slug=slug,
        title=_text(raw, "title", where),
        description=_text(raw, "description", where),
        charts=tuple(_chart(c, f"{where}: chart {i + 1}") for i, c in enumerate(charts)),
        filters=tuple(
            _filter(f, f"{where}: filter {i + 1}") for i, f in enumerate(raw.get("filters") or [])
        ),
    )
    titles = [c.title for c in dashboard.charts]
    if len(set(titles)) != len(titles):
        raise UserFacingError(f"{where}: two charts share a title")
    return dashboard


def _chart(raw: Any, where: str) -> Chart:
    if not isinstance(raw, dict):
        raise UserFacingError(f"{where}: expected a mapping")
    kind = raw.get("type")
    if kind not in CHART_FIELDS:
        raise UserFacingError(
            f"{where}: type must be one of {', '.join(CHART_FIELDS)}, not {kind!r}"
        )
    title = _text(raw, "title", where)
    where = f"{where} ({title!r})"
    required, optional = CHART_FIELDS[kind]
    _only(raw, COMMON_FIELDS | required | optional, where)
    missing = sorted(required - raw.keys())
    if missing:
        raise UserFacingError(f"{where}: a {kind} chart needs {', '.join(missing)}")
    dataset = _text(raw, "dataset", where)
    if dataset.count(".") != 1:
        raise UserFacingError(f"{where}: dataset must be schema.table, not {dataset!r}")
    schema, table = dataset.split(".")
    metrics = [raw["metric"]] if "metric" in raw else list(raw.get("metrics") or [])
    grain = raw.get("grain")
    if grain is not None and grain not in GRAINS:
        raise UserFacingError(f"{where}: grain must be one of {', '.join(GRAINS)}")
    if kind == "big_number" and grain and not raw.get("x"):
        raise UserFacingError(f"{where}: a big_number with a grain needs x (its time column)")
    if kind == "table" and not (raw.get("columns") or raw.get("metrics")):
        raise UserFacingError(f"{where}: a table needs columns (raw rows) or metrics")
    if kind == "table" and raw.get("columns") and (raw.get("metrics") or raw.get("group_by")):
        raise UserFacingError(f"{where}: a table has either columns or group_by + metrics")
    width = raw.get("width", 6)
    if not isinstance(width, int) or not 1 <= width <= 12:
        raise UserFacingError(f"{where}: width must be 1-12 grid columns")
    group_by = raw.get("group_by") or ()
    chart = Chart(
        title=title,
        description=_text(raw, "description", where),
        type=kind,
        schema=schema,
        table=table,
        width=width,
        height=int(raw.get("height", 20 if kind == "big_number" else 50)),
        x=raw.get("x"),
        y=raw.get("y"),
        grain=grain,
        time_column=raw.get("time_column"),
        group_by=(group_by,) if isinstance(group_by, str) else tuple(group_by),
        metrics=tuple(_metric(m, where) for m in metrics),
        columns=tuple(raw.get("columns") or ()),
        entity=raw.get("entity"),
        order_by=raw.get("order_by"),
        where=raw.get("where"),
        format=raw.get("format"),
        stack=bool(raw.get("stack", False)),
    )
    if chart.description.count("\n") or len(chart.description) > 160:
        raise UserFacingError(f"{where}: description must be one line of at most 160 characters")
    return chart


def _metric(raw: Any, where: str) -> Metric:
    if not isinstance(raw, dict) or set(raw) != {"label", "sql"}:
        raise UserFacingError(f"{where}: a metric is {{label: ..., sql: ...}}")
    return Metric(label=str(raw["label"]), sql=str(raw["sql"]))


def _filter(raw: Any, where: str) -> Filter:
    if not isinstance(raw, dict):
        raise UserFacingError(f"{where}: expected a mapping")
    _only(raw, {"name", "type", "column"}, where)
    kind = raw.get("type")
    if kind not in FILTER_TYPES:
        raise UserFacingError(f"{where}: type must be one of {', '.join(sorted(FILTER_TYPES))}")
    if kind == "select" and not raw.get("column"):
        raise UserFacingError(f"{where}: a select filter needs column")
    return Filter(name=_text(raw, "name", where), type=kind, column=raw.get("column"))


def _text(raw: dict, key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise UserFacingError(f"{where}: {key} is required")
    return value.strip()


def _only(raw: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise UserFacingError(f"{where}: unknown field(s) {', '.join(unknown)}")


def check_against_warehouse(
    dashboards: list[Dashboard], columns_of: dict[str, dict[str, str]]
) -> None:
    """Every dataset a chart reads exists and has every column the chart and the filters
    name; `columns_of` maps schema.table to {column: type} as built."""
    problems: list[str] = []
    for dashboard in dashboards:
        for chart in dashboard.charts:
            columns = columns_of.get(chart.dataset)
            if columns is None:
                problems.append(
                    f"{dashboard.slug}: {chart.title!r} reads {chart.dataset}, not built"
                )
                continue
            for name in sorted(chart.referenced_columns() - columns.keys()):
                problems.append(f"{dashboard.slug}: {chart.title!r}: {chart.dataset} has no {name}")
        for flt in dashboard.filters:
            if flt.column and not any(
                flt.column in columns_of.get(c.dataset, {}) for c in dashboard.charts
            ):
                problems.append(
                    f"{dashboard.slug}: filter {flt.name!r}: no chart's dataset has {flt.column}"
                )
    if problems:
        raise UserFacingError(
            "dashboard definitions do not match the warehouse:\n  " + "\n  ".join(problems)
        )
