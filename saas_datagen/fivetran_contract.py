"""The Fivetran column contract: what the packages read, and where our raw tables fall short.

`fivetran_compat/column_contract.json` (extracted from the packages by
`fivetran_compat/extract_contract.py`) lists, per connector table, the columns a Fivetran dbt
package selects and their types. Every raw table that imitates a connector table
(`TableSpec.imitates`) is held to it here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from saas_datagen.schema import TableSpec

CONTRACT_PATH = Path(__file__).resolve().parents[1] / "fivetran_compat" / "column_contract.json"
# Our PostgreSQL types that hold each of the packages' (dbt cross-database) types without a
# cast the package does not make. Numbers are one family (the packages type Google's
# fractional conversions as integers; PostgreSQL compares and sums across the family); dates
# pass for timestamps (PostgreSQL widens them).
NUMBERS = {"smallint", "integer", "bigint", "real", "double precision", "numeric"}
COMPATIBLE = {
    "text": {"text"},
    "integer": NUMBERS,
    "bigint": NUMBERS,
    "numeric": NUMBERS,
    "float": NUMBERS,
    "timestamp": {"timestamptz", "timestamp", "date"},
    "date": {"date"},
    "boolean": {"boolean"},
}
KNOWN_GAPS_PATH = CONTRACT_PATH.with_name("known_gaps.txt")


@dataclass(frozen=True)
class Gap:
    table: str  # our raw table
    column: str
    expected: str  # the package's type
    actual: str | None  # our type, None when the column is missing

    def describe(self) -> str:
        if self.actual is None:
            return f"{self.table}.{self.column} missing ({self.expected})"
        return f"{self.table}.{self.column} is {self.actual}, package reads {self.expected}"


@cache
def contract() -> dict:
    return json.loads(CONTRACT_PATH.read_text())


def contract_columns(imitates: str) -> list[tuple[str, str]]:
    connector, table = imitates.split(".", 1)
    return [tuple(c) for c in contract()[connector]["tables"][table]]


def gaps(spec: TableSpec) -> list[Gap]:
    """The package's columns this table lacks or types incompatibly."""
    if spec.imitates is None:
        return []
    ours = {c.name: c.pg_type for c in spec.columns}
    found = []
    for name, expected in contract_columns(spec.imitates):
        actual = ours.get(name)
        if actual is None or actual not in COMPATIBLE[expected]:
            found.append(Gap(spec.name, name, expected, actual))
    return found


def known_gaps() -> set[str]:
    """The gaps recorded as not yet closed (`fivetran_compat/known_gaps.txt`, one
    `table.column` per line)."""
    lines = KNOWN_GAPS_PATH.read_text().splitlines()
    return {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}


COMPAT_PROJECT_PATH = CONTRACT_PATH.with_name("dbt_project.yml")
# Switches for features a real TapFlow account would not have (documented package vars).
COMPAT_SWITCHES = {
    "Ad platforms TapFlow does not advertise on": {
        f"ad_reporting__{platform}_enabled": False
        for platform in (
            "amazon_ads",
            "apple_search_ads",
            "microsoft_ads",
            "pinterest_ads",
            "reddit_ads",
            "snapchat_ads",
            "tiktok_ads",
            "twitter_ads",
        )
    },
    "TapFlow is not a Stripe Connect platform: no transfers to connected accounts": {
        "stripe__using_transfers": False
    },
    "TapFlow runs its support desk in HubSpot Service Hub (off by default in the package)": {
        "hubspot_service_enabled": True
    },
}


def render_compat_project(specs: tuple[TableSpec, ...]) -> str:
    """`fivetran_compat/dbt_project.yml`: the packages' schema and identifier vars pointing
    at our raw tables, and the feature switches above."""
    imitating = sorted((s for s in specs if s.imitates), key=lambda s: s.imitates or "")
    lines = [
        "# Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.",
        "# Runs the Fivetran dbt packages on a built warehouse: see README, Fivetran packages.",
        "name: fivetran_compat",
        "version: '1.0.0'",
        "config-version: 2",
        "profile: fivetran_compat",
        "",
        "vars:",
    ]
    for connector in sorted({s.imitates.split(".")[0] for s in imitating if s.imitates}):
        lines.append(f"  {connector}_schema: raw")
        for spec in imitating:
            source, table = (spec.imitates or "").split(".", 1)
            if source == connector:
                lines.append(f"  {connector}_{table}_identifier: {spec.name}")
    for reason, switches in COMPAT_SWITCHES.items():
        lines.append(f"  # {reason}.")
        lines.extend(f"  {name}: {str(value).lower()}" for name, value in switches.items())
    return "\n".join(lines) + "\n"
