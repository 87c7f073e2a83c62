"""Write `column_contract.json`: the columns and types each Fivetran dbt package reads.

Run it against the packages' sources (after `dbt deps`, they are in `dbt_packages/`):

    python3 fivetran_compat/extract_contract.py fivetran_compat/dbt_packages

Each package declares, per source table, the columns its staging model selects in a
`get_<table>_columns()` macro; those lists are the contract the raw tables must meet. The
result is checked in so the test suite needs neither the network nor the packages.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

# Package folder -> the source name its `src_<source>.yml` declares (and its var prefix).
PACKAGES = {
    "stripe": "stripe",
    "hubspot": "hubspot",
    "iterable": "iterable",
    "google_ads": "google_ads",
    "facebook_ads": "facebook_ads",
    "linkedin": "linkedin_ads",
}
# dbt's cross-database type macros, as PostgreSQL spells them.
DATATYPES = {
    "dbt.type_string()": "text",
    "dbt.type_int()": "integer",
    "dbt.type_bigint()": "bigint",
    "dbt.type_timestamp()": "timestamp",
    "dbt.type_numeric()": "numeric",
    "dbt.type_float()": "float",
    "dbt.type_boolean()": "boolean",
    '"boolean"': "boolean",
    '"date"': "date",
}
MACRO = re.compile(r"\{%-?\s*macro\s+get_(\w+?)_columns\s*\(\)\s*-?%\}(.*?)\{%-?\s*endmacro", re.S)
COLUMN = re.compile(r'\{\s*"name"\s*:\s*"([^"]+)"\s*,\s*"datatype"\s*:\s*([^,}]+?)\s*[,}]')


def package_tables(package_dir: Path, source: str) -> dict[str, list[list[str]]]:
    source_yml = next(package_dir.glob("models/**/src_*.yml"))
    declared = {
        t["name"]
        for s in yaml.safe_load(source_yml.read_text())["sources"]
        if s["name"] == source
        for t in s["tables"]
    }
    tables: dict[str, list[list[str]]] = {}
    for path in sorted(package_dir.glob("macros/**/get_*_columns.sql")):
        for table, body in MACRO.findall(path.read_text()):
            columns = [
                [name, DATATYPES[datatype.strip()]] for name, datatype in COLUMN.findall(body)
            ]
            for name in _source_tables(table, declared):
                tables[name] = sorted(columns)
    return dict(sorted(tables.items()))


# Macros that serve several interchangeable source tables (the package reads whichever the
# connection has: Stripe's history-mode subscription table or the plain one, price or plan).
SHARED_MACROS = {
    "price_plan": ("price", "plan"),
    "subscription": ("subscription", "subscription_history"),
    "user_unsubscribed_channel": (
        "user_unsubscribed_channel",
        "user_unsubscribed_channel_history",
    ),
    "user_unsubscribed_message_type": (
        "user_unsubscribed_message_type",
        "user_unsubscribed_message_type_history",
    ),
}


def _source_tables(macro_table: str, declared: set[str]) -> list[str]:
    """The source tables a `get_<x>_columns` macro describes (a few macros name a model,
    not a table: those describe none)."""
    return [t for t in SHARED_MACROS.get(macro_table, (macro_table,)) if t in declared]


def main(packages_root: str) -> None:
    root = Path(packages_root)
    contract = {}
    for folder, source in PACKAGES.items():
        project = yaml.safe_load((root / folder / "dbt_project.yml").read_text())
        contract[source] = {
            "package": f"fivetran/{folder}",
            "version": project["version"],
            "tables": package_tables(root / folder, source),
        }
    out = Path(__file__).with_name("column_contract.json")
    out.write_text(json.dumps(contract, indent=1) + "\n")
    print(
        f"wrote {out}: " + ", ".join(f"{s} {len(c['tables'])} tables" for s, c in contract.items())
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).with_name("dbt_packages")))
