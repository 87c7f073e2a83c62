"""The metrics layer: MetricFlow plans queries over dbt's semantic manifest
(`dbt_project/models/semantic/*.yml`) and they run against an environment's published
warehouse. `tapflow.py metrics list|query` and the tests go through `MetricsLayer`.

MetricFlow only writes the SQL here; we run it with psycopg on the environment's database, so
one parsed project serves dev, qa and prod (dbt bakes the parse-time database into every
relation name; we drop it and keep `schema.table`, the published schemas every env shares).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import psycopg

from saas_datagen.errors import UserFacingError
from saas_datagen.warehouse import server


@dataclass(frozen=True)
class MetricInfo:
    name: str
    label: str
    type: str
    description: str
    dimensions: tuple[str, ...] = ()


@dataclass(frozen=True)
class MetricQuery:
    """One metric request: metrics by group-by (dimensions, entities, `metric_time__<grain>`)."""

    metrics: tuple[str, ...]
    group_by: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ()
    limit: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class MetricResult:
    columns: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)
    sql: str = ""
    sql_ordered: bool = False  # rows in the order the query asked for (else sorted)

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def semantic_manifest_json(database_free: bool = True) -> str:
    """dbt's semantic manifest (parsing the project first if any of its files changed), with
    relations as `"schema"."table"` so it serves every environment's database."""
    from saas_datagen.dbt_project import prepare_manifest

    path = prepare_manifest().parent / "semantic_manifest.json"
    manifest = json.loads(path.read_text())
    if database_free:
        _drop_databases(manifest)
    return json.dumps(manifest)


def _drop_databases(node: object) -> None:
    if isinstance(node, dict):
        relation = node.get("node_relation")
        if isinstance(relation, dict) and relation.get("schema_name") and relation.get("alias"):
            relation["database"] = None
            relation["relation_name"] = f'"{relation["schema_name"]}"."{relation["alias"]}"'
        for value in node.values():
            _drop_databases(value)
    elif isinstance(node, list):
        for value in node:
            _drop_databases(value)


class _PostgresPlanningClient:
    """What MetricFlow needs from a SQL client to plan PostgreSQL queries. Queries run in
    `MetricsLayer.query`, not here; MetricFlow itself never executes through this client."""

    def __init__(self) -> None:
        from metricflow.sql.render.postgres import PostgresSQLSqlPlanRenderer

        self._renderer = PostgresSQLSqlPlanRenderer()

    @property
    def sql_engine_type(self):
        from metricflow.protocols.sql_client import SqlEngine

        return SqlEngine.POSTGRES

    @property
    def sql_plan_renderer(self):
        return self._renderer

    def render_bind_parameter_key(self, bind_parameter_key: str) -> str:
        return f"%({bind_parameter_key})s"

    def _not_here(self, *args: object, **kwargs: object) -> None:
        raise NotImplementedError("MetricsLayer runs the SQL MetricFlow plans")

    query = execute = dry_run = _not_here

    def close(self) -> None:
        return None


class MetricsLayer:
    """The semantic layer of one environment's published warehouse."""

    def __init__(self, env: str, database_url: str | None = None) -> None:
        self.env = env
        self.url = server.with_database(server.server_url(database_url), server.database_name(env))

    @cached_property
    def _engine(self):
        # MetricFlow logs every plan at INFO; the CLI prints what matters.
        logging.getLogger("metricflow").setLevel(logging.WARNING)
        logging.getLogger("metricflow_semantics").setLevel(logging.WARNING)
        from metricflow.engine.metricflow_engine import MetricFlowEngine
        from metricflow_semantics.model.dbt_manifest_parser import (
            parse_manifest_from_dbt_generated_manifest,
        )
        from metricflow_semantics.model.semantic_manifest_lookup import SemanticManifestLookup

        manifest = parse_manifest_from_dbt_generated_manifest(
            manifest_json_string=semantic_manifest_json()
        )
        return MetricFlowEngine(
            semantic_manifest_lookup=SemanticManifestLookup(manifest),
            sql_client=_PostgresPlanningClient(),
        )

    def list_metrics(self, with_dimensions: bool = False) -> list[MetricInfo]:
        metrics = self._engine.list_metrics(include_dimensions=with_dimensions)
        return sorted(
            (
                MetricInfo(
                    name=m.name,
                    label=m.label or m.name,
                    type=str(m.type.value),
                    description=" ".join((m.description or "").split()),
                    dimensions=tuple(
                        sorted(d.dunder_name for d in m.dimensions) if with_dimensions else ()
                    ),
                )
                for m in metrics
            ),
            key=lambda m: m.name,
        )

    def group_bys_for(self, metrics: tuple[str, ...]) -> list[str]:
        """Every dimension and time grain the metrics can be grouped by together."""
        try:
            dimensions = self._engine.list_dimensions(metric_names=list(metrics))
        except Exception as exc:  # metricflow raises its own error classes
            raise UserFacingError(_first_lines(exc)) from None
        return sorted({d.dunder_name for d in dimensions})

    def explain(self, request: MetricQuery) -> str:
        from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

        mf_request = MetricFlowQueryRequest.create(
            metric_names=list(request.metrics),
            group_by_names=list(request.group_by),
            where_constraints=list(request.where) or None,
            order_by_names=list(request.order_by) or None,
            limit=request.limit,
            time_constraint_start=_midnight(request.start),
            time_constraint_end=_midnight(request.end),
        )
        try:
            return self._engine.explain(mf_request).sql_statement.sql
        except Exception as exc:  # unknown metric/dimension, incompatible grain, bad filter
            raise UserFacingError(_first_lines(exc)) from None

    def query(self, request: MetricQuery) -> MetricResult:
        sql = self.explain(request)
        try:
            with server.connect(self.url) as conn, conn.cursor() as cur:
                cur.execute(sql)
                columns = tuple(d.name for d in cur.description or ())
                rows = [tuple(plain_value(v) for v in row) for row in cur.fetchall()]
        except psycopg.errors.UndefinedTable as exc:
            raise UserFacingError(
                f"`{self.env}` has no published warehouse with the metrics layer "
                f"({str(exc).splitlines()[0]}); build it first: python3 tapflow.py build "
                f"--env {self.env}"
            ) from None
        except psycopg.errors.InvalidCatalogName:
            raise UserFacingError(
                f"`{self.env}` is not built; build it first: "
                f"python3 tapflow.py build --env {self.env}"
            ) from None
        if not request.order_by:
            rows.sort(key=row_sort_key)
        return MetricResult(columns=columns, rows=rows, sql=sql, sql_ordered=bool(request.order_by))


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return None if day is None else dt.datetime.combine(day, dt.time())


def plain_value(value: object) -> object:
    """Numbers as int/float, timestamps at midnight as dates: what a reader expects to see."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()  # metric_time__<grain> truncations, whatever the session time zone
    return value


def row_sort_key(row: tuple) -> tuple:
    """Nulls last, everything else by its text (dates ISO, so in time order)."""
    return tuple((1, "") if v is None else (0, str(v)) for v in row)


def _first_lines(exc: Exception, limit: int = 12) -> str:
    lines = [line.rstrip() for line in str(exc).splitlines() if line.strip()]
    return "\n".join(lines[:limit]) or type(exc).__name__


def format_table(result: MetricResult, max_rows: int | None = None) -> str:
    """The result as an aligned text table: numbers right-aligned, each number column with
    the decimals its values need (2 for amounts, 4 for rates and averages below 100)."""
    shown = result.rows if max_rows is None else result.rows[:max_rows]
    formats = [_column_format([row[i] for row in shown]) for i in range(len(result.columns))]
    cells = [[fmt(v) for (fmt, _), v in zip(formats, row, strict=True)] for row in shown]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(result.columns)]
    numeric = [is_number for _, is_number in formats]

    def line(values: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    out = [line(list(result.columns)), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    if max_rows is not None and len(result.rows) > max_rows:
        out.append(f"... {len(result.rows) - max_rows} more rows (use --limit or --csv)")
    return "\n".join(out)


def _column_format(values: list[object]) -> tuple[Callable[[object], str], bool]:
    present = [v for v in values if v is not None]
    if not present or not all(isinstance(v, int | float) for v in present):
        return (lambda v: "" if v is None else str(v)), False
    if all(isinstance(v, int) for v in present):
        return (lambda v: "" if v is None else f"{v:,}"), True
    decimals = 2 if max(abs(v) for v in present) >= 100 else 4
    return (lambda v: "" if v is None else f"{v:,.{decimals}f}"), True


def manifest_path() -> Path:
    from saas_datagen.dbt_project import DBT_PROJECT_DIR

    return DBT_PROJECT_DIR / "target" / "semantic_manifest.json"
