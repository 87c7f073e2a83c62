"""Environment sizes: the row-count contract of DESIGN.md section 2."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

ENVIRONMENTS = ("dev", "qa", "prod")
# `test` is a tiny size for unit tests only; it is not a Dagster partition.
ALL_SIZES = ("test", *ENVIRONMENTS)
DEFAULT_ENV_VAR = "DATAGEN_ENV"
# EnvironmentSize fields that are not counts: history windows (campaign_days is a count of
# daily rows) and dbt settings. `scaled` multiplies every other field.
NOT_COUNTS = ("name", "tap_history_days", "usage_history_days", "dbt_threads", "dbt_work_mem")


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
    stripe_charges: int  # paid ones (one per payment intent); failed attempts come on top
    # DESIGN.md's 10k/1M/4M, centred where the billing story lands: ~7.3 events per invoice
    # (created, finalized, paid, the payment intent's and charge's, the renewal's update).
    stripe_events: int
    campaigns: int
    campaign_days: int  # days campaigns ran, summed over campaigns (daily performance rows)
    ga_sessions: int
    touchpoints: int  # attribution rows: touches x models
    mqls: int
    hubspot_companies: int
    hubspot_contacts: int
    hubspot_deals: int
    hubspot_engagements: int
    hubspot_tickets: int
    usage_history_days: int  # days of app activity before as_of (sized to hit the session target)
    user_sessions: int
    page_views: int
    feature_usage: int
    # dbt threads: 4 keeps dev's ~400 small nodes moving; at prod size each big model spills
    # tens of GB of sort/hash files over 200M tap events, so prod builds one at a time (each
    # with its own parallel workers): two at a time had filled a 77 GB disk beside a 60 GB
    # warehouse once the connector tables came in (issue #11).
    dbt_threads: int = 4
    # PostgreSQL work_mem of dbt's sessions. The server default (4MB) made the per-device-day
    # aggregate over 200M prod tap events spill its hash table to disk until the disk filled;
    # with 1GB it stays in memory (3 processes with 2 parallel workers, ~0.6 GB each).
    dbt_work_mem: str = "64MB"

    def scaled(self, factor: int) -> EnvironmentSize:
        """This size with every count multiplied by `factor` (`export --scale`, issue #14):
        the same company `factor` times over (more accounts, devices, campaigns ...), over
        the same history windows, so every table grows by `factor` and its contract with it."""
        if factor == 1:
            return self
        counts = {
            f.name: getattr(self, f.name) * factor for f in fields(self) if f.name not in NOT_COUNTS
        }
        return replace(self, **counts)


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
        campaigns=20,
        campaign_days=6_600,
        ga_sessions=12_000,
        touchpoints=6_000,
        mqls=80,
        hubspot_companies=50,
        hubspot_contacts=200,
        hubspot_deals=100,
        hubspot_engagements=1_000,
        hubspot_tickets=160,
        usage_history_days=60,
        user_sessions=12_000,
        page_views=60_000,
        feature_usage=36_000,
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
        stripe_events=11_000,
        campaigns=25,
        campaign_days=7_500,
        ga_sessions=30_000,
        touchpoints=15_000,
        mqls=200,
        hubspot_companies=125,
        hubspot_contacts=500,
        hubspot_deals=250,
        hubspot_engagements=2_500,
        hubspot_tickets=400,
        usage_history_days=180,
        user_sessions=50_000,
        page_views=250_000,
        feature_usage=150_000,
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
        stripe_events=1_100_000,
        campaigns=1_250,
        campaign_days=375_000,
        ga_sessions=1_500_000,
        touchpoints=750_000,
        mqls=20_000,
        hubspot_companies=12_500,
        hubspot_contacts=50_000,
        hubspot_deals=25_000,
        hubspot_engagements=250_000,
        hubspot_tickets=40_000,
        usage_history_days=90,
        user_sessions=2_500_000,
        page_views=12_500_000,
        feature_usage=7_500_000,
        dbt_work_mem="256MB",
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
        stripe_events=4_400_000,
        campaigns=5_000,
        campaign_days=1_500_000,
        ga_sessions=6_000_000,
        touchpoints=3_000_000,
        mqls=80_000,
        hubspot_companies=50_000,
        hubspot_contacts=200_000,
        hubspot_deals=100_000,
        hubspot_engagements=1_000_000,
        hubspot_tickets=160_000,
        usage_history_days=90,
        user_sessions=10_000_000,
        page_views=50_000_000,
        feature_usage=30_000_000,
        dbt_threads=1,
        dbt_work_mem="1GB",
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
