"""Environment sizes: the row-count contract of DESIGN.md section 2."""

from __future__ import annotations

import os
from dataclasses import dataclass

ENVIRONMENTS = ("dev", "qa", "prod")
# `test` is a tiny size for unit tests only; it is not a Dagster partition.
ALL_SIZES = ("test", *ENVIRONMENTS)
DEFAULT_ENV_VAR = "DATAGEN_ENV"


@dataclass(frozen=True)
class EnvironmentSize:
    name: str
    accounts: int
    locations: int
    users: int
    devices: int
    subscriptions: int
    tap_history_days: int  # days of tap events before as_of (sized to hit the event target)
    tap_events_target: int
    stripe_invoices: int
    stripe_charges: int
    stripe_events: int


SIZES: dict[str, EnvironmentSize] = {
    "test": EnvironmentSize(
        "test",
        accounts=40,
        locations=60,
        users=120,
        devices=180,
        subscriptions=50,
        tap_history_days=7,
        tap_events_target=47_000,
        stripe_invoices=540,
        stripe_charges=520,
        stripe_events=3_800,
    ),
    "dev": EnvironmentSize(
        "dev",
        accounts=100,
        locations=150,
        users=300,
        devices=450,
        subscriptions=125,
        tap_history_days=50,
        tap_events_target=1_170_000,
        stripe_invoices=1_500,
        stripe_charges=1_425,
        stripe_events=10_000,
    ),
    "qa": EnvironmentSize(
        "qa",
        accounts=10_000,
        locations=15_000,
        users=30_000,
        devices=45_000,
        subscriptions=12_500,
        tap_history_days=24,
        tap_events_target=50_000_000,
        stripe_invoices=150_000,
        stripe_charges=142_500,
        stripe_events=1_000_000,
    ),
    "prod": EnvironmentSize(
        "prod",
        accounts=40_000,
        locations=60_000,
        users=120_000,
        devices=180_000,
        subscriptions=50_000,
        tap_history_days=24,
        tap_events_target=200_000_000,
        stripe_invoices=600_000,
        stripe_charges=570_000,
        stripe_events=4_000_000,
    ),
}


class UnknownEnvironmentError(ValueError):
    pass


def size_for(env: str) -> EnvironmentSize:
    try:
        return SIZES[env]
    except KeyError:
        raise UnknownEnvironmentError(
            f"unknown environment {env!r}: choose one of {', '.join(ALL_SIZES)}"
        ) from None


def default_environment() -> str:
    return os.environ.get(DEFAULT_ENV_VAR, "dev")
