"""Product usage: streamed per day, independent of batching, shaped by role and health."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest

from saas_datagen.config import distributions as d
from saas_datagen.generators.app_database import accounts, users
from saas_datagen.generators.context import GenerationContext
from saas_datagen.registry import BY_NAME
from saas_datagen_tests.conftest import AS_OF, SEED
from saas_datagen_tests.test_generators import frame_hash


def usage(table: str, **ctx_args) -> pl.DataFrame:
    ctx = GenerationContext(seed=SEED, env="dev", as_of=AS_OF, **ctx_args)
    return pl.concat(list(BY_NAME[f"app_database_{table}"].frames(ctx)))


@pytest.fixture(scope="module")
def sessions() -> pl.DataFrame:
    return usage("user_sessions")


@pytest.mark.parametrize("table", ["user_sessions", "page_views", "feature_usage"])
def test_batching_and_workers_do_not_change_usage_data(table):
    reference = frame_hash(usage(table))
    assert frame_hash(usage(table, units_per_chunk=1)) == reference
    assert frame_hash(usage(table, units_per_chunk=5, workers=2)) == reference


def test_a_users_last_session_is_their_last_login(sessions):
    people = users.build(GenerationContext(seed=SEED, env="dev", as_of=AS_OF))
    last = sessions.group_by("user_id").agg(pl.col("started_at").max())
    joined = last.join(people, on="user_id")
    assert (joined["started_at"] == joined["last_login_at"]).all()


def test_churned_accounts_stop_and_active_ones_use_more_than_past_due(sessions):
    ctx = GenerationContext(seed=SEED, env="dev", as_of=AS_OF)
    account = accounts.build(ctx).select("account_id", "account_status", "churned_at")
    joined = sessions.join(account, on="account_id")
    churned = joined.filter(pl.col("churned_at").is_not_null())
    assert (churned["started_at"] <= churned["churned_at"]).all()
    # per role-weighted seat-day of the window (dev has three past-due users: a raw per-user
    # mean measures their roles, not their accounts' health)
    window_start = ctx.horizon - timedelta(days=ctx.size.usage_history_days)
    seat_days = (
        users.build(ctx)
        .join(sessions.group_by("user_id").len(), on="user_id", how="left")
        .join(account, on="account_id")
        .with_columns(
            weight=pl.col("role").replace_strict(dict(d.SESSION_RATE_BY_ROLE))
            * (
                (
                    pl.col("last_login_at") - pl.max_horizontal("created_at", pl.lit(window_start))
                ).dt.total_seconds()
                / 86_400
            ).clip(0)
        )
        .group_by("account_status")
        .agg(pl.col("len").fill_null(0).sum() / pl.col("weight").sum())
    )
    rate = dict(seat_days.iter_rows())
    assert rate["active"] > 1.5 * rate["past_due"]


def test_page_views_partition_each_session_and_mark_entrance_and_exit():
    views = usage("page_views")
    per_session = views.group_by("session_id").agg(
        pl.col("is_entrance").sum(), pl.col("is_exit").sum(), pl.len()
    )
    assert (per_session["is_entrance"] == 1).all() and (per_session["is_exit"] == 1).all()
    assert (views.filter("is_entrance")["page_path"] == "/dashboard").all()


def test_features_are_used_only_after_release_and_on_tiers_that_have_them():
    ctx = GenerationContext(seed=SEED, env="dev", as_of=AS_OF)
    used = usage("feature_usage")
    features = pl.concat(list(BY_NAME["app_database_features"].frames(ctx)))
    tiers = accounts.build(ctx).select("account_id", "account_tier")
    rank = {"starter": 0, "professional": 1, "business": 2, "enterprise": 3}
    joined = used.join(features, on="feature_id").join(tiers, on="account_id")
    assert (joined["used_at"] >= joined["released_at"]).all()
    assert (
        joined["account_tier"].replace_strict(rank) >= joined["minimum_tier"].replace_strict(rank)
    ).all()
    errors = used["outcome"].eq("error").mean()
    assert 0.005 < errors < 0.08


def test_a_day_split_into_user_blocks_keeps_every_user_and_unique_ids(monkeypatch):
    """`export --scale` splits a day's users into blocks (a unit stays a prod day's size):
    every block's ids are its own, each user's sessions come from their own block only, the
    last login is still a session, and the volume is the one-block day's."""
    from saas_datagen.generators.app_database import product_usage

    whole = {t: usage(t) for t in ("user_sessions", "page_views", "feature_usage")}
    monkeypatch.setattr(product_usage, "USERS_PER_BLOCK", 100)  # dev's 300 users: 3 blocks
    ctx = GenerationContext(seed=SEED, env="dev", as_of=AS_OF)
    assert product_usage.user_blocks(ctx) == 3
    split = {t: usage(t) for t in whole}
    for table, key in (("user_sessions", "session_id"), ("page_views", "page_view_id")):
        assert split[table][key].is_unique().all(), table
        assert 0.9 < split[table].height / whole[table].height < 1.1, table
    assert split["feature_usage"]["usage_id"].is_unique().all()
    block = (pl.col("session_id") % product_usage.ID_STRIDE) // product_usage.BLOCK_ID_STRIDE
    profile = product_usage.usage_profile(ctx)
    rows = pl.DataFrame({"user_id": profile.user_id, "row": range(len(profile.user_id))})
    owners = split["user_sessions"].with_columns(block=block).join(rows, on="user_id")
    assert (owners["row"] // 100 == owners["block"]).all()
    people = users.build(ctx).filter(pl.col("last_login_at").is_not_null())
    last = split["user_sessions"].group_by("user_id").agg(pl.col("started_at").max())
    assert (
        people.join(last, on="user_id")
        .filter(pl.col("started_at") != pl.col("last_login_at"))
        .is_empty()
    )
