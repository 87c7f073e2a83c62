"""The timeline (docs/timeline.md): stories run to a fixed end and `as_of` only cuts them,
so what a table holds before a day is the same at every later cut-off."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from saas_datagen.generators.app_database import accounts, users
from saas_datagen.generators.context import GenerationContext

SEED = 42
STORY_END = date(2026, 11, 22)
EARLY = STORY_END - timedelta(days=60)
LATER = STORY_END - timedelta(days=20)


def _accounts(as_of: date, story_end: date | None) -> pl.DataFrame:
    ctx = GenerationContext(seed=SEED, env="dev", as_of=as_of, story_end=story_end)
    return pl.concat(accounts.SPEC.frames(ctx))


def test_a_cut_at_the_story_end_keeps_every_account_as_the_uncut_story():
    assert _accounts(STORY_END, STORY_END).equals(_accounts(STORY_END, None))


def test_accounts_unchanged_before_a_cutoff_are_the_same_at_every_later_cutoff():
    early = _accounts(EARLY, STORY_END)
    later = _accounts(LATER, STORY_END)
    cutoff = pl.datetime(EARLY.year, EARLY.month, EARLY.day, time_zone="UTC")
    # Nothing at the early cut-off happened after it.
    for column in ("created_at", "updated_at", "churned_at"):
        assert early.filter(pl.col(column) >= cutoff).is_empty(), column
    # The company grew between the two cut-offs, and kept every account it had.
    assert later.height > early.height
    assert early["account_id"].is_in(later["account_id"]).all()
    # Every account the later cut-off shows unchanged since before the early one is there,
    # whole, at the early one; those that changed in between moved on from their early state.
    settled = later.filter(pl.col("updated_at") < cutoff)
    assert settled.equals(early.filter(pl.col("account_id").is_in(settled["account_id"])))
    moved = later.filter((pl.col("updated_at") >= cutoff) & (pl.col("created_at") < cutoff)).select(
        "account_id", "account_status"
    )
    before = early.join(moved, on="account_id", suffix="_later")
    assert (before["account_status"] != "churned").all()
    assert before.filter(pl.col("account_status_later") == "churned").height > 0


def test_accounts_at_a_cutoff_are_in_trial_only_while_their_trial_runs():
    early = _accounts(EARLY, STORY_END)
    cutoff = pl.datetime(EARLY.year, EARLY.month, EARLY.day, time_zone="UTC")
    trial_started = pl.col("created_at") > cutoff - pl.duration(days=14)
    assert early.filter(trial_started).equals(early.filter(pl.col("account_status") == "trialing"))
    assert early.filter(pl.col("account_status") == "churned")["churned_at"].is_not_null().all()
    assert early.filter(pl.col("account_status") != "churned")["churned_at"].is_null().all()


def test_a_table_without_a_cut_is_refused_before_the_story_end():
    ctx = GenerationContext(seed=SEED, env="dev", as_of=EARLY, story_end=STORY_END)
    with pytest.raises(NotImplementedError, match="app_database_users has no timeline cut"):
        next(users.SPEC.frames(ctx))


def test_an_as_of_after_the_story_end_is_refused():
    with pytest.raises(ValueError, match="after the story's end"):
        GenerationContext(seed=SEED, env="dev", as_of=STORY_END, story_end=EARLY)
