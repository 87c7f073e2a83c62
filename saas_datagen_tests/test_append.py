"""The append of `advance` (warehouse/append.py): a later cut of a story reuses the published
cut's settled event days and generates only the rest, and the result is the full later cut.

The rows part runs without a database: for every appendable table, the published cut's days
before the first new day plus the days generated from it are exactly the later cut. The
warehouse part (test_append_build.py) proves it on whole builds in two databases."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import polars as pl
import pytest

from saas_datagen.generators.context import GenerationContext
from saas_datagen.registry import TABLES
from saas_datagen.schema import TableSpec
from saas_datagen.warehouse import append

SEED = 42
STORY_END = date(2026, 11, 22)
ANCHOR = STORY_END - timedelta(days=60)
PUBLISHED = ANCHOR + timedelta(days=10)
LATER = PUBLISHED + timedelta(days=3)
APPENDABLE = [spec for spec in TABLES if append.appendable(spec)]


def _context(as_of: date, **changes) -> GenerationContext:
    settings = dict(seed=SEED, env="dev", as_of=as_of, story_end=STORY_END, anchor=ANCHOR)
    return GenerationContext(**(settings | changes))


def _rows(frames) -> pl.DataFrame:
    frames = list(frames)
    return pl.concat(frames) if frames else pl.DataFrame()


def _day(spec: TableSpec) -> pl.Expr:
    return pl.col(spec.freshness_column).dt.date()


def test_the_event_tables_generated_by_day_are_appendable():
    assert {spec.name for spec in APPENDABLE} == {
        "app_database_tap_events",
        "app_database_user_sessions",
        "app_database_page_views",
        "app_database_feature_usage",
    }


@pytest.mark.parametrize("spec", APPENDABLE, ids=lambda spec: spec.name)
def test_settled_days_and_the_generated_rest_make_the_later_cut(spec):
    published = {"as_of": PUBLISHED, "story_key": append.story_key(_context(PUBLISHED))}
    later = _context(LATER)
    plan, why = append.plan_append(published, later)
    assert plan is not None, why
    settled = _rows(spec.frames(_context(PUBLISHED))).filter(_day(spec) < plan.first_new_day)
    generated = _rows(spec.frames_since(later, plan.first_new_day))
    full = _rows(spec.frames(later))
    assert settled.height > 0 and generated.height > 0
    assert generated[spec.freshness_column].dt.date().min() == plan.first_new_day
    key = list(spec.key_columns)
    appended = pl.concat([settled, generated]).sort(key)
    assert appended.height == full.height
    assert appended.equals(full.sort(key))


def test_an_append_needs_the_same_story_made_by_the_same_code():
    later = _context(LATER)
    same = {"as_of": PUBLISHED, "story_key": append.story_key(_context(PUBLISHED))}
    assert append.plan_append(same, later)[0] == append.AppendPlan(
        "raw", PUBLISHED, PUBLISHED - timedelta(days=1), same_pipeline=False
    )
    other_seed = {"as_of": PUBLISHED, "story_key": append.story_key(_context(PUBLISHED, seed=7))}
    plan, why = append.plan_append(other_seed, later)
    assert plan is None and "another story" in why
    other_end = _context(PUBLISHED, story_end=STORY_END + timedelta(days=1))
    other_end_key = {"as_of": PUBLISHED, "story_key": append.story_key(other_end)}
    assert append.plan_append(other_end_key, later)[0] is None
    assert append.plan_append(None, later)[0] is None
    assert append.plan_append({**same, "as_of": LATER + timedelta(days=1)}, later)[0] is None
    whole_story = dataclasses.replace(later, story_end=None, anchor=None)
    assert append.plan_append(same, whole_story)[0] is None


def test_dbt_appends_only_onto_a_build_made_by_the_same_dbt_project_and_checks():
    later = _context(LATER)
    story = append.story_key(_context(PUBLISHED))
    same = {"as_of": PUBLISHED, "story_key": story, "pipeline_key": append.pipeline_key()}
    plan, _ = append.plan_append(same, later)
    assert plan.same_pipeline and plan.models_append_from == plan.first_new_day
    # Another dbt project (or none recorded: a build from before the key) still shares the
    # raw event days, but dbt builds every model whole and tests every day.
    for other in ("0123456789abcdef", None):
        plan, _ = append.plan_append({**same, "pipeline_key": other}, later)
        assert plan is not None and not plan.same_pipeline
        assert plan.models_append_from is None


def test_the_pipeline_key_covers_the_dbt_project_and_the_checks(tmp_path):
    append.pipeline_key.cache_clear()
    assert append.pipeline_key() == append.pipeline_key()
    assert all(path.exists() for path in append.PIPELINE_SOURCES)
    names = {path.name for path in append.PIPELINE_SOURCES}
    assert {"models", "macros", "tests", "quality"} <= names
    # A model edited, a model added: another key.
    models = tmp_path / "models"
    models.mkdir()
    (models / "a.sql").write_text("select 1")
    digests = [append._digest((models,), (), tmp_path, {".sql"})]
    (models / "a.sql").write_text("select 2")
    digests.append(append._digest((models,), (), tmp_path, {".sql"}))
    (models / "b.sql").write_text("select 3")
    digests.append(append._digest((models,), (), tmp_path, {".sql"}))
    assert len(set(digests)) == 3


def test_the_story_key_changes_with_the_generating_code(monkeypatch):
    ctx = _context(PUBLISHED)
    before = append.story_key(ctx)
    monkeypatch.setattr(append, "code_digest", lambda: "another-digest")
    assert append.story_key(ctx) != before


def test_the_code_digest_covers_the_generators_and_the_libraries():
    append.code_digest.cache_clear()
    first = append.code_digest()
    assert first == append.code_digest()
    assert len(first) == 16
    sources = [append.PACKAGE / name for name in append.GENERATING_SOURCES]
    assert all(path.exists() for path in sources)
