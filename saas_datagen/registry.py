"""Every raw table, declared once, in load (dependency) order."""

from __future__ import annotations

from graphlib import TopologicalSorter

from saas_datagen.generators.app_database import (
    accounts,
    device_telemetry,
    devices,
    locations,
    subscriptions,
    tap_events,
    users,
)
from saas_datagen.schema import TableSpec

_SPECS: tuple[TableSpec, ...] = (
    accounts.SPEC,
    locations.SPEC,
    users.SPEC,
    devices.SPEC,
    subscriptions.SPEC,
    tap_events.SPEC,
    device_telemetry.SPEC,
)


def _in_dependency_order(specs: tuple[TableSpec, ...]) -> tuple[TableSpec, ...]:
    by_name = {s.name: s for s in specs}
    graph = {s.name: set(s.parents) for s in specs}
    return tuple(by_name[name] for name in TopologicalSorter(graph).static_order())


TABLES: tuple[TableSpec, ...] = _in_dependency_order(_SPECS)
BY_NAME: dict[str, TableSpec] = {s.name: s for s in TABLES}


def children_of(name: str) -> tuple[TableSpec, ...]:
    return tuple(s for s in TABLES if name in s.parents)
