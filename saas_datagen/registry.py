"""Every raw table, declared once, in load (dependency) order."""

from __future__ import annotations

from saas_datagen.generators import (
    amplitude,
    attribution,
    facebook_ads,
    google_ads,
    google_analytics,
    hubspot,
    iterable,
    linkedin_ads,
    marketing,
    pipedrive,
    truth,
)
from saas_datagen.generators.app_database import (
    accounts,
    device_telemetry,
    devices,
    locations,
    product_usage,
    subscription_add_ons,
    subscriptions,
    tap_events,
    users,
)
from saas_datagen.generators.stripe import (
    catalog,
    customers,
    events,
    invoices,
    payment_methods,
    payments,
    payouts,
)
from saas_datagen.generators.stripe import subscriptions as stripe_subscriptions
from saas_datagen.schema import ForeignKey, TableSpec

_SPECS: tuple[TableSpec, ...] = (
    accounts.SPEC,
    locations.SPEC,
    users.SPEC,
    users.ROLE_PERMISSIONS,
    devices.SPEC,
    subscriptions.SPEC,
    subscription_add_ons.SPEC,
    tap_events.SPEC,
    device_telemetry.SPEC,
    *product_usage.SPECS,
    catalog.PRODUCT,
    catalog.PRICE,
    catalog.COUPON,
    customers.CUSTOMER,
    stripe_subscriptions.SUBSCRIPTION_HISTORY,
    stripe_subscriptions.SUBSCRIPTION_ITEM,
    customers.DISCOUNT,
    customers.SUBSCRIPTION_DISCOUNT,
    invoices.INVOICE,
    invoices.INVOICE_LINE_ITEM,
    payments.PAYMENT_INTENT,
    payments.BALANCE_TRANSACTION,
    payments.CHARGE,
    payments.REFUND,
    payments.DISPUTE,
    payment_methods.PAYMENT_METHOD,
    payment_methods.PAYMENT_METHOD_CARD,
    payment_methods.CARD,
    payouts.ACCOUNT,
    payouts.PAYOUT,
    payouts.PAYOUT_BALANCE_TRANSACTION,
    payouts.FEE,
    events.EVENT,
    *google_ads.SPECS,
    *facebook_ads.SPECS,
    *linkedin_ads.SPECS,
    google_analytics.SPEC,
    amplitude.SPEC,
    attribution.SPEC,
    marketing.SPEC,
    *iterable.SPECS,
    *pipedrive.SPECS,
    *hubspot.SPECS,
)


def _in_dependency_order(specs: tuple[TableSpec, ...]) -> tuple[TableSpec, ...]:
    """Declaration order, except that a table waits for its parents (a stable topological
    sort). Builds load in this order (`load_priority`), so each source's tables run together
    and a story a source caches can be dropped once its tables are done (memory)."""
    by_name = {s.name: s for s in specs}
    unknown = {p for s in specs for p in s.parents} - set(by_name)
    if unknown:
        raise ValueError(f"tables depend on undeclared tables: {sorted(unknown)}")
    placed: dict[str, TableSpec] = {}
    pending = list(specs)
    while pending:
        ready = next((s for s in pending if all(p in placed for p in s.parents)), None)
        if ready is None:
            raise ValueError(f"tables depend on each other in a cycle: {[s.name for s in pending]}")
        placed[ready.name] = ready
        pending.remove(ready)
    return tuple(placed.values())


TABLES: tuple[TableSpec, ...] = _in_dependency_order(_SPECS)
# The generator's latent variables (`truth` schema): loaded by every build, never a dbt source.
TRUTH_TABLES: tuple[TableSpec, ...] = truth.SPECS
BY_NAME: dict[str, TableSpec] = {s.name: s for s in (*TABLES, *TRUTH_TABLES)}


def load_priority(table: str) -> int:
    """Dagster runs the ready step of highest priority first: the registry order, a truth
    table right after the raw tables it waits for (it reuses the stories they cached)."""
    return 2 * len(TABLES) - _POSITION[table]


_POSITION = {s.name: 2 * i for i, s in enumerate(TABLES)} | {
    s.name: max(2 * TABLES.index(BY_NAME[p]) for p in s.parents) + 1 for s in TRUTH_TABLES
}


def children_of(name: str) -> tuple[TableSpec, ...]:
    return tuple(s for s in TABLES if name in s.parents)


def enforceable(fk: ForeignKey) -> bool:
    """PostgreSQL can enforce a foreign key only onto the parent's single-column key; one onto
    a history table's `id` (many versions per id) or a day-partitioned table's (whose stored
    key also holds the day) is probed by the orphan check instead."""
    return BY_NAME[fk.parent].stored_key_columns == (fk.parent_column,)
