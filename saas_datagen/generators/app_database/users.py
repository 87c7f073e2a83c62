"""raw.app_database_users: people who log in to the TapFlow app."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators import pools, timeline
from saas_datagen.generators.app_database import accounts, locations
from saas_datagen.generators.app_database.account_plan import account_plan
from saas_datagen.generators.app_database.engagement import WEEK_AVERAGE, account_engagement
from saas_datagen.generators.context import (
    MICROS_PER_DAY,
    GenerationContext,
    micros_to_timestamp,
    to_datetime,
)
from saas_datagen.generators.sampling import group_positions, skewed_between, stratified_choice
from saas_datagen.schema import (
    ForeignKey,
    RowContract,
    TableSpec,
    TemporalRule,
    columns,
)

TABLE = "app_database_users"
LAST_LOGIN_MARGIN_US = 2_000_000


def role_shares_after_first(n_accounts: int, n_users: int) -> dict[str, float]:
    """Role shares for non-first users so that all users together match ROLE_SHARES."""
    first = {
        "admin": d.FIRST_USER_ADMIN_SHARE,
        "manager": 1 - d.FIRST_USER_ADMIN_SHARE,
        "staff": 0.0,
    }
    rest = n_users - n_accounts
    if rest <= 0:
        return {"staff": 1.0}
    shares = {
        role: max(d.ROLE_SHARES[role] * n_users - first[role] * n_accounts, 0.0) / rest
        for role in d.ROLE_SHARES
    }
    total = sum(shares.values())
    return {role: share / total for role, share in shares.items()}


def _build(ctx: GenerationContext) -> pl.DataFrame:
    plan = account_plan(ctx)
    locs = locations.build(ctx)
    rng = ctx.rng(TABLE)
    per_account = plan["n_users"].to_numpy()
    account_row = np.repeat(np.arange(plan.height), per_account)
    n = len(account_row)
    is_first = group_positions(account_row) == 0

    first_role = np.where(rng.random(n) < d.FIRST_USER_ADMIN_SHARE, "admin", "manager")
    other_role = stratified_choice(rng, n, role_shares_after_first(plan.height, n))
    role = np.where(is_first, first_role, other_role)

    # Each user works at one of the account's locations; the founder at the main one.
    locs_per_account = plan["n_locations"].to_numpy()
    first_location = np.r_[0, np.cumsum(locs_per_account)[:-1]]
    pick = (rng.random(n) * locs_per_account[account_row]).astype(np.int64)
    location_row = first_location[account_row] + np.where(is_first, 0, pick)
    location_opened = locs["opened_at"].dt.epoch("us").to_numpy()[location_row]

    churned = plan["churned"].to_numpy()[account_row]
    active_until = np.where(churned, plan["churn_us"].to_numpy()[account_row], ctx.horizon_us)
    account_created = plan["created_us"].to_numpy()[account_row]
    created = np.where(
        is_first, account_created, skewed_between(rng, location_opened, active_until, 1.8)
    )

    waiting = rng.standard_exponential(n)
    never = (rng.random(n) < d.NEVER_LOGGED_IN_SHARE) & ~is_first
    rate = _session_rates(ctx, account_row, role, created, active_until, never)
    # Sessions are a Poisson process, so the time from a user's last session to the moment
    # they stopped (as_of, or the churn date) is exponential at their rate there: a churning
    # account's people have faded to CHURN_FADE_FLOOR of it.
    rate_at_end = rate * WEEK_AVERAGE * np.where(churned, d.CHURN_FADE_FLOOR, 1.0)
    # At least a couple of seconds before the end: the last login is a session of at least a
    # second, and nothing happens after as_of (a qa user once logged in 0.4 s before it).
    since_login = np.maximum(
        (waiting / rate_at_end * MICROS_PER_DAY).astype(np.int64), LAST_LOGIN_MARGIN_US
    )
    last_login = np.maximum(active_until - since_login, created)

    first = pools.sample(rng, ctx.seed, "first_name", n)
    last = pools.sample(rng, ctx.seed, "last_name", n)
    user_id = np.arange(1, n + 1, dtype=np.int64)
    return (
        pl.DataFrame(
            {
                "user_id": user_id,
                "account_id": plan["account_id"].to_numpy()[account_row],
                "location_id": locs["location_id"].to_numpy()[location_row],
                "first_name": first,
                "last_name": last,
                "role": role,
                "is_active": ~churned,
                "created_at": to_datetime(created),
                "last_login_at": to_datetime(last_login),
                "deactivated_at": to_datetime(active_until),
                "_never": never,
                "_churned": churned,
                "_session_rate": rate,
            }
        )
        .join(
            accounts.build(ctx).select("account_id", "website_domain"), on="account_id", how="left"
        )
        .with_columns(
            _local=(pl.col("first_name") + "." + pl.col("last_name"))
            .str.to_lowercase()
            .str.replace_all(r"[^a-z0-9.]", "")
        )
        # Colleagues who share a name get first.last2@, first.last3@ ... on the company domain.
        .with_columns(_nth=pl.col("user_id").rank("ordinal").over("account_id", "_local"))
        .with_columns(
            email=pl.col("_local")
            + pl.when(pl.col("_nth") > 1).then(pl.col("_nth").cast(pl.String)).otherwise(pl.lit(""))
            + "@"
            + pl.col("website_domain"),
            last_login_at=pl.when(~pl.col("_never")).then(pl.col("last_login_at")),
            deactivated_at=pl.when(pl.col("_churned")).then(pl.col("deactivated_at")),
        )
        .drop("_never", "_churned", "_local", "_nth", "website_domain")
        .sort("user_id")
    )


def _session_rates(
    ctx: GenerationContext,
    account_row: np.ndarray,
    role: np.ndarray,
    created: np.ndarray,
    active_until: np.ndarray,
    never: np.ndarray,
) -> np.ndarray:
    """Each user's app sessions per weekday: role x account engagement, scaled so that the
    usage window holds the environment's session target."""
    engagement = account_engagement(ctx)["engagement"].to_numpy()[account_row]
    base = np.array([d.SESSION_RATE_BY_ROLE[r] for r in role.tolist()]) * engagement
    window_start = ctx.window_start_us(ctx.size.usage_history_days)
    # The environment's session target holds over the window's days before the anchor (all of
    # it, when the anchor is the story's end); days after it carry on at the same rates.
    until = np.minimum(active_until, ctx.anchor_us)
    days = np.clip((until - np.maximum(created, window_start)) / MICROS_PER_DAY, 0, None)
    expected = float((base * days * ~never).sum()) * WEEK_AVERAGE
    return base * (ctx.size.user_sessions / expected if expected else 0.0)


def build(ctx: GenerationContext) -> pl.DataFrame:
    """The users, with `_session_rate` (sessions per weekday) for the usage story."""
    return ctx.cached(TABLE, _build)


def generate(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield build(ctx).drop("_session_rate")


def _cut(ctx: GenerationContext, people: pl.DataFrame) -> pl.DataFrame:
    """The users as of the cut-off: those who joined before it, deactivated if their account
    had churned by then, and logged in last at their last session begun before it (the story's
    sessions, read back from the cut-off). A user with no session in the usage window before
    the cut-off last logged in before the window (a fixed draw per user, at their session
    rate), or not yet if they joined inside it."""
    # Imported here: the usage story is built on the users.
    from saas_datagen.generators.app_database import product_usage

    before = product_usage.shown_before_us(ctx)
    profile = product_usage.usage_profile(ctx)
    last_story = profile.last_login_us
    window_start = profile.window_start_us
    # The last login before the usage window, for those who need one: one draw per user.
    draws = ctx.rng(f"{TABLE}.before_window").standard_exponential(len(profile.user_id))
    gap_days = draws / np.maximum(profile.rate * WEEK_AVERAGE, 1e-9)
    before_window = np.maximum(
        profile.created_us, window_start - (gap_days * MICROS_PER_DAY).astype(np.int64)
    )
    scanned = product_usage.last_sessions_before(ctx, before)
    last = np.select(
        [last_story < before, scanned >= 0, profile.created_us < window_start],
        [last_story, scanned, before_window],
        -1,
    )
    logins = pl.DataFrame(
        {"user_id": profile.user_id, "_last_login_us": np.where(last_story < 0, -1, last)}
    )
    return (
        people.filter(pl.col("created_at").dt.epoch("us") < ctx.cutoff_us)
        .join(logins, on="user_id", how="left", maintain_order="left")
        .join(timeline.churned_before_cutoff(ctx), on="account_id", maintain_order="left")
        .with_columns(
            is_active=pl.col("account_churned_at").is_null(),
            deactivated_at=pl.col("account_churned_at"),
            last_login_at=pl.when(pl.col("_last_login_us") >= 0).then(
                micros_to_timestamp("_last_login_us")
            ),
        )
        .select(people.columns)
    )


SPEC = TableSpec(
    source="app_database",
    table="users",
    description="App users of customer accounts (admins, managers, bar staff).",
    freshness_column="created_at",
    primary_key="user_id",
    generate=generate,
    cut=_cut,
    contract=lambda size: RowContract(size.users),
    foreign_keys=(
        ForeignKey("account_id", "app_database_accounts", "account_id"),
        ForeignKey("location_id", "app_database_locations", "location_id"),
    ),
    temporal_rules=(
        TemporalRule("created_at", "account_id", "created_at"),
        TemporalRule("created_at", "location_id", "opened_at"),
    ),
    columns=columns(
        """
        user_id bigint Primary key.
        account_id bigint Account the user belongs to.
        location_id bigint Home location of the user.
        first_name text First name.
        last_name text Last name.
        email text Login email, on the account's own web domain.
        role text admin, manager or staff (app_database_role_permissions).
        is_active boolean False once the account churned.
        created_at timestamptz Invitation accepted.
        last_login_at timestamptz? Most recent login; null if never.
        deactivated_at timestamptz? When access ended.
        """
    ),
)


def generate_role_permissions(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield pl.DataFrame(
        [
            (role, permission, d.PERMISSIONS[permission])
            for role, permissions in d.ROLE_PERMISSIONS.items()
            for permission in permissions
        ],
        schema=["role", "permission", "description"],
        orient="row",
    )


ROLE_PERMISSIONS = TableSpec(
    source="app_database",
    table="role_permissions",
    description="What each user role may do in the app (a role has every permission listed).",
    generate=generate_role_permissions,
    cut=timeline.unchanged,
    primary_key=("role", "permission"),
    contract=lambda size: RowContract(sum(len(p) for p in d.ROLE_PERMISSIONS.values())),
    freshness_column=None,
    columns=columns("""
        role text admin, manager or staff.
        permission text What the role may do (view_reports, manage_billing, ...).
        description text The permission in words.
    """),
)
