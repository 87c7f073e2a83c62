"""Team exercise sets (`docs/exercises/<team>.yml`) and their answer keys, computed from a
built warehouse: each exercise's reference SQL, and where it has one, the same question asked
of the metrics layer; the two must agree, so neither the SQL nor a metric definition can rot
unnoticed (`tapflow.py exercises --check`, and the tests)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import psycopg
import yaml

from saas_datagen.errors import UserFacingError
from saas_datagen.metrics import (
    MetricQuery,
    MetricResult,
    MetricsLayer,
    format_table,
    plain_value,
    row_sort_key,
)
from saas_datagen.warehouse import server

EXERCISES_DIR = Path(__file__).resolve().parents[1] / "docs" / "exercises"


@dataclass(frozen=True)
class Exercise:
    id: str
    question: str
    hint: str
    sql: str
    metric: MetricQuery | None = None
    show_last: int | None = None


@dataclass(frozen=True)
class ExerciseSet:
    team: str
    title: str
    exercises: tuple[Exercise, ...]


@dataclass
class Answer:
    exercise: Exercise
    result: MetricResult
    metric_result: MetricResult | None = None
    disagreements: list[str] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        return not self.disagreements


def load_sets(folder: Path = EXERCISES_DIR) -> list[ExerciseSet]:
    sets = []
    for path in sorted(folder.glob("*.yml")):
        raw = yaml.safe_load(path.read_text())
        exercises = []
        for item in raw["exercises"]:
            metric = item.get("metric")
            exercises.append(
                Exercise(
                    id=item["id"],
                    question=item["question"],
                    hint=item.get("hint", ""),
                    sql=item["sql"].strip(),
                    show_last=item.get("show_last"),
                    metric=None
                    if metric is None
                    else MetricQuery(
                        metrics=tuple(metric["metrics"]),
                        group_by=tuple(metric.get("group_by", ())),
                        where=tuple(metric.get("where", ())),
                        order_by=tuple(metric.get("order_by", ())),
                        limit=metric.get("limit"),
                    ),
                )
            )
        sets.append(ExerciseSet(team=raw["team"], title=raw["title"], exercises=tuple(exercises)))
    return sets


def answer_all(
    env: str, database_url: str | None = None, team: str | None = None
) -> list[tuple[ExerciseSet, list[Answer]]]:
    sets = load_sets()
    if team is not None:
        sets = [s for s in sets if s.team == team]
        if not sets:
            teams = ", ".join(s.team for s in load_sets())
            raise UserFacingError(f"no exercise set for team {team!r}; teams: {teams}")
    layer = MetricsLayer(env, database_url)
    url = server.with_database(server.server_url(database_url), server.database_name(env))
    return [(s, [answer(e, url, layer) for e in s.exercises]) for s in sets]


def answer(exercise: Exercise, url: str, layer: MetricsLayer) -> Answer:
    try:
        with server.connect(url) as conn, conn.cursor() as cur:
            cur.execute(exercise.sql)
            columns = tuple(d.name for d in cur.description or ())
            rows = [tuple(plain_value(v) for v in row) for row in cur.fetchall()]
    except psycopg.Error as exc:
        raise UserFacingError(
            f"{exercise.id}: its SQL failed: {str(exc).splitlines()[0]}"
        ) from None
    result = MetricResult(columns=columns, rows=rows, sql=exercise.sql)
    out = Answer(exercise=exercise, result=result)
    if exercise.metric is not None:
        out.metric_result = layer.query(exercise.metric)
        out.disagreements = compare(result, out.metric_result)
    return out


def compare(sql: MetricResult, metric: MetricResult, tolerance: float = 1e-6) -> list[str]:
    """Where the SQL answer and the metric answer differ: row by row, in the query's order when
    the metric query orders (and limits) its rows, else both sorted the same way."""
    if len(sql.columns) != len(metric.columns):
        return [f"columns {sql.columns} vs metric columns {metric.columns}"]
    a, b = sql.rows, metric.rows
    if not metric.sql_ordered:
        a, b = sorted(a, key=row_sort_key), sorted(b, key=row_sort_key)
    if len(a) != len(b):
        return [f"{len(a)} rows vs {len(b)} from the metrics layer"]
    problems = []
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        for column, u, v in zip(sql.columns, x, y, strict=True):
            if not _same(u, v, tolerance):
                problems.append(f"row {i + 1} {column}: {u!r} vs {v!r}")
    return problems


def _same(u: object, v: object, tolerance: float) -> bool:
    if u is None or v is None:
        return u is None and v is None
    if isinstance(u, int | float | Decimal) and isinstance(v, int | float | Decimal):
        return math.isclose(float(u), float(v), rel_tol=tolerance, abs_tol=tolerance)
    return str(u) == str(v)


def render(sets: list[tuple[ExerciseSet, list[Answer]]], with_answers: bool) -> str:
    out = []
    for exercise_set, answers in sets:
        out.append(f"# {exercise_set.title}\n")
        for a in answers:
            e = a.exercise
            out.append(f"## {e.id}: {e.question}\n")
            if e.hint:
                out.append(f"Hint: {e.hint}\n")
            if not with_answers:
                continue
            rows = a.result.rows
            shown = rows[-e.show_last :] if e.show_last else rows
            table = MetricResult(columns=a.result.columns, rows=shown)
            note = f" (last {len(shown)} of {len(rows)} rows)" if len(shown) < len(rows) else ""
            out.append(f"Answer{note}:\n\n```\n{format_table(table)}\n```\n")
            out.append(f"SQL:\n\n```sql\n{e.sql}\n```\n")
            if e.metric is not None:
                flags = f"--metrics {','.join(e.metric.metrics)}"
                if e.metric.group_by:
                    flags += f" --group-by {','.join(e.metric.group_by)}"
                for w in e.metric.where:
                    flags += f' --where "{w}"'
                if e.metric.order_by:
                    flags += f" --order-by={','.join(e.metric.order_by)}"
                if e.metric.limit:
                    flags += f" --limit {e.metric.limit}"
                verdict = "agrees" if a.agrees else "DISAGREES: " + "; ".join(a.disagreements[:3])
                command = f"python3 tapflow.py metrics query {flags}"
                out.append(f"Metrics layer ({verdict}):\n\n```bash\n{command}\n```\n")
    return "\n".join(out)
