"""The HubSpot workspace: users, teams, roles and who is in which team."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.config import go_to_market as g
from saas_datagen.generators import timeline
from saas_datagen.generators.context import (
    GenerationContext,
)
from saas_datagen.generators.go_to_market.crm import crm
from saas_datagen.generators.hubspot.common import (
    DELETED,
    N_OWNERS,
    N_TEAMS,
    SOURCE,
    USER_ID_BASE,
    exactly,
    static,
)
from saas_datagen.schema import FIVETRAN_SYNCED, ForeignKey, TableSpec, columns


def _team(column: int) -> pl.Expr:
    return pl.col("team").replace_strict({k: v[column] for k, v in g.HUBSPOT_TEAMS.items()})


def users(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield static(
        ctx,
        crm(ctx).owners.select(
            id=pl.col("owner_id") + USER_ID_BASE,
            email="email",
            first_name="first_name",
            last_name="last_name",
            primary_team_id=_team(0),
            role_id=_team(2),
        ),
    )


def teams(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    rows = list(g.HUBSPOT_TEAMS.values())
    yield static(ctx, pl.DataFrame({"id": [r[0] for r in rows], "name": [r[1] for r in rows]}))


def roles(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    rows = list(g.HUBSPOT_TEAMS.values())
    yield static(
        ctx,
        pl.DataFrame(
            {
                "id": [r[2] for r in rows],
                "name": [r[3] for r in rows],
                "requires_billing_write": [False] * len(rows),
            }
        ),
    )


def owner_teams(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield static(
        ctx,
        crm(ctx).owners.select("owner_id", team_id=_team(0), is_team_primary=pl.lit(True)),
    )


def team_users(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield static(
        ctx,
        crm(ctx).owners.select(
            team_id=_team(0),
            user_id=pl.col("owner_id") + USER_ID_BASE,
            is_secondary_user=pl.lit(False),
        ),
    )


SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        source=SOURCE,
        table="users",
        description="HubSpot users: one per owner (owner.active_user_id).",
        generate=users,
        cut=timeline.fivetran_static,
        primary_key="id",
        contract=exactly(N_OWNERS),
        columns=columns(f"""
        id bigint User id (owner.active_user_id compares with it uncast: a number).
        email text Email.
        first_name text First name.
        last_name text Last name.
        primary_team_id bigint Team.
        role_id bigint Role.
        {DELETED}
        {FIVETRAN_SYNCED}
        """),
        imitates="hubspot.users",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="team",
        description="HubSpot teams: Sales and Customer Success.",
        generate=teams,
        cut=timeline.fivetran_static,
        primary_key="id",
        contract=exactly(N_TEAMS),
        columns=columns(f"""
        id bigint Team id.
        name text Name.
        {DELETED}
        {FIVETRAN_SYNCED}
        """),
        imitates="hubspot.team",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="role",
        description="HubSpot user roles.",
        generate=roles,
        cut=timeline.fivetran_static,
        primary_key="id",
        contract=exactly(N_TEAMS),
        columns=columns(f"""
        id bigint Role id.
        name text Name.
        requires_billing_write boolean Billing permission needed.
        {DELETED}
        {FIVETRAN_SYNCED}
        """),
        imitates="hubspot.role",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="owner_team",
        description="Which team each owner is on.",
        generate=owner_teams,
        cut=timeline.fivetran_static,
        primary_key=("owner_id", "team_id"),
        contract=exactly(N_OWNERS),
        columns=columns(f"""
        owner_id bigint Owner.
        team_id bigint Team.
        is_team_primary boolean Primary team.
        {DELETED}
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("owner_id", "hubspot_owner", "owner_id"),
            ForeignKey("team_id", "hubspot_team", "id"),
        ),
        imitates="hubspot.owner_team",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="team_user",
        description="Which team each user is on.",
        generate=team_users,
        cut=timeline.fivetran_static,
        primary_key=("team_id", "user_id"),
        contract=exactly(N_OWNERS),
        columns=columns(f"""
        team_id bigint Team.
        user_id bigint User.
        is_secondary_user boolean Secondary member.
        {DELETED}
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("user_id", "hubspot_users", "id"),
            ForeignKey("team_id", "hubspot_team", "id"),
        ),
        imitates="hubspot.team_user",
        freshness_column="_fivetran_synced",
    ),
)
