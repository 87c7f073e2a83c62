"""Every raw table, declared once, in load (dependency) order."""

from __future__ import annotations

from graphlib import TopologicalSorter

from saas_datagen.generators import facebook_ads, google_ads, hubspot, iterable, linkedin_ads
from saas_datagen.generators.app_database import (
    accounts,
    device_telemetry,
    devices,
    locations,
    product_usage,
    subscriptions,
    tap_events,
    users,
)
from saas_datagen.generators.go_to_market import crm_tables, web
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
    devices.SPEC,
    subscriptions.SPEC,
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
    *web.SPECS,
    *iterable.SPECS,
    *crm_tables.SPECS,
    *hubspot.SPECS,
)


def _in_dependency_order(specs: tuple[TableSpec, ...]) -> tuple[TableSpec, ...]:
    by_name = {s.name: s for s in specs}
    graph = {s.name: set(s.parents) for s in specs}
    return tuple(by_name[name] for name in TopologicalSorter(graph).static_order())


TABLES: tuple[TableSpec, ...] = _in_dependency_order(_SPECS)
BY_NAME: dict[str, TableSpec] = {s.name: s for s in TABLES}


def children_of(name: str) -> tuple[TableSpec, ...]:
    return tuple(s for s in TABLES if name in s.parents)


def enforceable(fk: ForeignKey) -> bool:
    """PostgreSQL can enforce a foreign key only onto the parent's single-column key; one onto
    a history table's `id` (many versions per id) is probed by the orphan check instead."""
    return BY_NAME[fk.parent].key_columns == (fk.parent_column,)
