"""Render dbt source YAML from the table registry, so sources never drift from the data.

`saas-datagen dbt-sources` rewrites the files; a test fails when they are out of date.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from saas_datagen.fivetran_contract import COMPAT_PROJECT_PATH, render_compat_project
from saas_datagen.registry import BY_NAME, TABLES
from saas_datagen.schema import TableSpec

DBT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"
# Column names Fivetran lands that SQL reserves (Stripe discount."end"): tests must quote them.
RESERVED_WORDS = frozenset({"end", "from", "order", "group", "user"})
HEADER = "# Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.\n"


def sources_path(source: str) -> Path:
    return DBT_DIR / "models" / "staging" / source / f"_{source}__sources.yml"


def _column(spec: TableSpec, name: str) -> dict:
    column = next(c for c in spec.columns if c.name == name)
    tests: list = []
    if (name,) == spec.key_columns:
        tests += ["unique", "not_null"]
    elif not column.nullable:
        tests.append("not_null")
    # Foreign keys are probed by the `no_orphans` checks (and enforced by PostgreSQL, but on
    # the event tables: registry.enforced_foreign_keys); a dbt relationships test between two
    # sources would not map to a single Dagster asset.
    entry: dict = {"name": name, "description": column.description}
    if name in RESERVED_WORDS:
        entry["quote"] = True
    if tests:
        entry["data_tests"] = tests
    return entry


def _composite_key_test(spec: TableSpec) -> dict:
    if len(spec.key_columns) == 1:
        return {}
    return {
        "data_tests": [{"unique_combination": {"arguments": {"columns": list(spec.key_columns)}}}]
    }


def _freshness(spec: TableSpec) -> dict:
    """Warn when the newest row is old: data is anchored on as_of, so a stale warehouse
    (or one built with an old --as-of) shows up in `dbt source freshness`."""
    if spec.freshness_column is None:
        return {}
    return {
        "loaded_at_field": spec.freshness_column,
        "freshness": {
            "warn_after": {"count": 2, "period": "day"},
            "error_after": {"count": 30, "period": "day"},
        },
    }


# A build reads the raw schema it loaded (`raw__build_<id>`), named by the schema_suffix var.
RAW_SCHEMA_JINJA = "{{ 'raw' ~ var('schema_suffix', '') }}"


def render(source: str) -> str:
    tables = [s for s in TABLES if s.source == source]
    document = {
        "version": 2,
        "sources": [
            {
                "name": source,
                "schema": RAW_SCHEMA_JINJA,
                "description": f"Raw `{source}` tables generated and bulk-loaded by saas_datagen.",
                "tables": [
                    {
                        "name": spec.name,
                        "description": spec.description,
                        **_freshness(spec),
                        "meta": {"dagster": {"asset_key": ["raw", spec.name]}},
                        **_composite_key_test(spec),
                        "columns": [_column(spec, c.name) for c in spec.columns],
                    }
                    for spec in tables
                ],
            }
        ],
    }
    return HEADER + yaml.safe_dump(document, sort_keys=False, width=100)


def sources() -> list[str]:
    return sorted({s.source for s in TABLES})


# Sources whose staging models are written by hand (renames, casts, derived flags); the
# others get a staging view generated from the registry, `source -> renamed` like the
# hand-written ones: ids named after their object, casts declared on the column (`text>bigint`).
HANDWRITTEN_STAGING = frozenset({"app_database", "stripe"})


def staging_name(spec: TableSpec, column: str) -> str:
    """The name a generated staging model gives a raw column: `id` becomes `<object>_id`
    (a history or stats table's `id` is its object's, and an id that is a foreign key names
    the parent's object: campaign_stats.id is the campaign, email_event_open.id the event),
    HubSpot's `property_` prefix goes, the rest keeps the connector's name."""
    if column == "id":
        # An id that references another table names that table's object.
        parent = next((fk.parent for fk in spec.foreign_keys if fk.column == "id"), None)
        table = BY_NAME[parent].table if parent else spec.table
        return f"{_object(table)}_id"
    if spec.source == "hubspot" and column.startswith("property_"):
        return column.removeprefix("property_")
    return column


def _object(table: str) -> str:
    name = table.removesuffix("_history").removesuffix("_stats")
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def staging_columns(spec: TableSpec) -> list[tuple[str, str]]:
    """(select expression, staging name) per column of a generated staging model."""
    out = []
    for c in spec.columns:
        name = staging_name(spec, c.name)
        expression = f'"{c.name}"' + (f"::{c.staging_type}" if c.staging_type else "")
        out.append((expression, name))
    names = [name for _, name in out]
    clashes = {n for n in names if names.count(n) > 1}
    if clashes:
        raise ValueError(f"{spec.name}: staging names clash: {sorted(clashes)}")
    return out


def render_staging(spec: TableSpec) -> str:
    def select_item(expression: str, name: str) -> str:
        unchanged = expression == f'"{name}"'
        return f"        {expression}" if unchanged else f"        {expression} as {name}"

    lines = [
        HEADER.replace("#", "--").rstrip("\n"),
        f"-- {spec.description}",
        "with source as (",
        f"    select * from {{{{ source('{spec.source}', '{spec.name}') }}}}",
        "),",
        "",
        "renamed as (",
        "    select",
        ",\n".join(select_item(e, n) for e, n in staging_columns(spec)),
        "    from source",
        ")",
        "",
        "select * from renamed",
    ]
    return "\n".join(lines) + "\n"


def render_staging_yaml(source: str) -> str:
    models = []
    for spec in (s for s in TABLES if s.source == source):
        key_tests: list = []
        if len(spec.key_columns) > 1:
            key = [staging_name(spec, c) for c in spec.key_columns]
            key_tests = [{"unique_combination": {"arguments": {"columns": key}}}]
        columns = [
            {
                "name": staging_name(spec, c.name),
                "description": c.description,
                **({"data_tests": ["unique", "not_null"]} if (c.name,) == spec.key_columns else {}),
            }
            for c in spec.columns
        ]
        models.append(
            {
                "name": f"stg_{spec.source}__{spec.table}",
                "description": spec.description,
                **({"data_tests": key_tests} if key_tests else {}),
                "columns": columns,
            }
        )
    return HEADER + yaml.safe_dump({"version": 2, "models": models}, sort_keys=False, width=100)


def generated_files() -> dict[Path, str]:
    """Every file this module owns, with its expected content."""
    files = {sources_path(source): render(source) for source in sources()}
    for source in sources():
        if source in HANDWRITTEN_STAGING:
            continue
        folder = sources_path(source).parent
        files[folder / f"_stg_{source}.yml"] = render_staging_yaml(source)
        for spec in (s for s in TABLES if s.source == source):
            files[folder / f"stg_{spec.source}__{spec.table}.sql"] = render_staging(spec)
    files[COMPAT_PROJECT_PATH] = render_compat_project(TABLES)
    return files


def stale_files() -> list[Path]:
    return [p for p, text in generated_files().items() if not p.exists() or p.read_text() != text]


def write_all() -> list[Path]:
    written = []
    for path, text in generated_files().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written.append(path)
    return written
