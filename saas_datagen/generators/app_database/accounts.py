"""raw.app_database_accounts: one row per customer account."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators import pools, timeline
from saas_datagen.generators.app_database.account_plan import account_plan
from saas_datagen.generators.context import (
    GenerationContext,
    micros_to_timestamp,
    to_datetime,
)
from saas_datagen.schema import RowContract, TableSpec, columns

TABLE = "app_database_accounts"


def build(ctx: GenerationContext) -> pl.DataFrame:
    return ctx.cached(TABLE, _build)


def _build(ctx: GenerationContext) -> pl.DataFrame:
    plan = account_plan(ctx)
    n = plan.height
    rng = ctx.rng(TABLE)
    industry = plan["industry"].to_numpy()
    suffix = np.array([rng.choice(d.NAME_SUFFIX_BY_INDUSTRY[i]) for i in d.INDUSTRIES])
    suffix_idx = {name: i for i, name in enumerate(d.INDUSTRIES)}
    suffix_pick = np.array([suffix_idx[i] for i in industry.tolist()])
    words = pools.sample(rng, ctx.seed, "company_word", n)
    name = np.char.add(np.char.add(words.astype(str), " "), suffix[suffix_pick].astype(str))

    low = np.array([d.EMPLOYEES_BY_TIER[t][0] for t in plan["tier"].to_list()])
    high = np.array([d.EMPLOYEES_BY_TIER[t][1] for t in plan["tier"].to_list()])
    employees = np.exp(np.log(low) + rng.random(n) * (np.log(high) - np.log(low))).astype(int)

    created = plan["created_us"].to_numpy()
    churn = plan["churn_us"].to_numpy()
    change = plan["plan_change_us"].to_numpy()
    # The row changes at sign-up, when the trial ends (trialing -> active), at a plan change
    # and at churn: its last change before the story's end.
    trial_end = plan["trial_end_us"].to_numpy()
    trial_over = np.where(trial_end < ctx.horizon_us, trial_end, 0)
    updated = np.maximum.reduce([created, trial_over, churn, change])

    return (
        pl.DataFrame(
            {
                "account_id": plan["account_id"],
                "account_name": name,
                "industry": industry,
                "account_tier": plan["tier"],
                "employee_count": employees,
                "acquisition_path": plan["acquisition_path"],
                "account_status": plan["status"],
                "created_at": to_datetime(created),
                "churned_at": to_datetime(churn),
                "updated_at": to_datetime(updated),
            }
        )
        .with_columns(
            website_domain=pl.col("account_name")
            .str.to_lowercase()
            .str.replace_all(r"[^a-z0-9]+", "")
            + pl.col("account_id").cast(pl.String)
            + ".com",
            churned_at=pl.when(pl.col("account_status") == "churned").then(pl.col("churned_at")),
        )
        .with_columns(billing_email="billing@" + pl.col("website_domain"))
    )


def generate(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield with_dunning(ctx, build(ctx), ctx.horizon_us)


def with_dunning(ctx: GenerationContext, frame: pl.DataFrame, before_us: int) -> pl.DataFrame:
    """`updated_at` also counts the account's last move into or out of past due before
    `before_us` (the Stripe ledger's dunning: its status changes then)."""
    # Imported here: the ledger replays the app's subscriptions.
    from saas_datagen.generators.stripe import ledger

    return ledger.with_dunning_changes(ctx, frame, "account_id", before_us)


def cut(ctx: GenerationContext, accounts: pl.DataFrame) -> pl.DataFrame:
    """The accounts as of the cut-off: those signed up before it, churned if the churn came
    before it (timeline.churned_before_cutoff), in trial while the trial runs, and updated
    at their last change before it (sign-up, trial end, plan change, churn, a move into or
    out of past due); past due while an invoice is (the Stripe ledger's dunning)."""
    from saas_datagen.generators.stripe import ledger

    past_due = (
        ledger.past_due_at(ctx, ctx.cutoff_us).group_by("account_id").agg(past_due=pl.lit(True))
    )
    cutoff = timeline.cutoff(ctx)
    plan = account_plan(ctx).select(
        "account_id",
        change_at=micros_to_timestamp("plan_change_us"),
        trial_end=micros_to_timestamp("trial_end_us"),
    )
    changed = pl.when(pl.col("change_at") < cutoff).then(pl.col("change_at"))
    trial_end = pl.col("trial_end")
    trial_over = pl.when(trial_end < cutoff).then(trial_end)
    return (
        accounts.filter(pl.col("created_at") < cutoff)
        .join(plan, on="account_id", how="left", maintain_order="left")
        .join(timeline.churned_before_cutoff(ctx), on="account_id", maintain_order="left")
        .join(past_due, on="account_id", how="left", maintain_order="left")
        .with_columns(
            account_status=pl.when(pl.col("account_churned_at").is_not_null())
            .then(pl.lit("churned"))
            .when(trial_end > cutoff)
            .then(pl.lit("trialing"))
            .when(pl.col("past_due").fill_null(False))
            .then(pl.lit("past_due"))
            .otherwise(pl.lit("active")),
            churned_at=pl.col("account_churned_at"),
        )
        .with_columns(
            updated_at=pl.max_horizontal("created_at", trial_over, "churned_at", changed),
        )
        .select(accounts.columns)
        .pipe(lambda frame: with_dunning(ctx, frame, ctx.cutoff_us))
    )


SPEC = TableSpec(
    source="app_database",
    table="accounts",
    description="Customer accounts of TapFlow: one per paying or trialing business.",
    freshness_column="updated_at",
    primary_key="account_id",
    generate=generate,
    cut=cut,
    contract=lambda size: RowContract(size.accounts),
    columns=columns(
        """
        account_id bigint Primary key; serial in sign-up order.
        account_name text Business name.
        industry text restaurant, bar, hotel, brewery or stadium_venue.
        account_tier text Size-based tier: starter, professional, business or enterprise.
        employee_count integer Employees across all locations.
        website_domain text Company web domain.
        billing_email text Where invoices are sent.
        acquisition_path text self_service or sales_assisted trial path.
        account_status text trialing, active, past_due or churned.
        created_at timestamptz Sign-up (trial start).
        churned_at timestamptz? When the account churned.
        updated_at timestamptz Last change to the row.
        """
    ),
)
