"""dbt models as Dagster assets: `dbt build`, so every dbt test becomes an asset check."""

import json
import os
from datetime import date
from functools import cached_property
from importlib.metadata import version

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets
from packaging.version import Version

from saas_datagen.dbt_project import dbt_project, prepare_manifest, prune_run_targets
from saas_datagen.defs.partitions import BUILD_PARTITIONS
from saas_datagen.defs.resources import WarehouseResource
from saas_datagen.warehouse import server
from saas_datagen.warehouse.append import IncrementalModel, seed_incremental_models
from saas_datagen.warehouse.server import libpq_env

# Source tests (not_null, unique, unique_combination on the raw tables) test what PostgreSQL
# already enforces on every raw table (NOT NULL columns, primary keys) and the blocking raw
# checks prove (orphans, contracts): a build skips them. `dbt test --select source:*` runs
# them by hand.
SKIPPED_IN_BUILD = "source:*"


class DbtCli(DbtCliResource):
    """dagster-dbt's resource, told the dbt version instead of asking a `dbt --version`
    subprocess for it on every run (3 s of importing dbt at dev size). The dbt executable is
    the dbt-core installed beside this interpreter (saas_datagen.dbt_project puts it first on
    PATH), so the installed package's version is the executable's."""

    @cached_property
    def _cli_version(self) -> Version:
        return Version(version("dbt-core"))


def dbt_build_args(
    as_of: str, schema_suffix: str, threads: int, append_from: date | None = None
) -> list[str]:
    """`dbt build` of a build (every incremental model made whole: --full-refresh), or of an
    advance that appends from `append_from` (the incremental models seeded beforehand)."""
    variables = {"as_of": as_of, "schema_suffix": schema_suffix}
    if append_from is not None:
        variables["append_from"] = append_from.isoformat()
    return [
        "build",
        "--vars",
        json.dumps(variables),
        "--exclude",
        SKIPPED_IN_BUILD,
        "--threads",
        str(threads),
        *([] if append_from is not None else ["--full-refresh"]),
    ]


def incremental_models(manifest: dict) -> list[IncrementalModel]:
    """The models an advance appends to: incremental, with `meta.append` saying by which day."""
    found = []
    for node in manifest["nodes"].values():
        config = node.get("config", {})
        append = config.get("meta", {}).get("append")
        if node["resource_type"] != "model" or not append:
            continue
        if config.get("materialized") != "incremental":
            raise ValueError(f"{node['name']}: meta.append needs materialized='incremental'")
        found.append(
            IncrementalModel(
                node["schema"], node["alias"], append["day_column"], int(append["days_before"])
            )
        )
    return sorted(found, key=lambda m: m.name)


def build_dbt_assets() -> dg.AssetsDefinition:
    # Source tests are not Dagster checks on purpose: turning them into checks on the raw
    # assets makes Dagster split the dbt step and run `dbt build` once per subset.
    manifest = prepare_manifest()

    @dbt_assets(
        manifest=manifest,
        project=dbt_project,
        partitions_def=BUILD_PARTITIONS,
        name="tapflow_dbt_models",
    )
    def tapflow_dbt_models(
        context: dg.AssetExecutionContext, dbt: DbtCli, warehouse: WarehouseResource
    ):
        target = warehouse.target(context)
        # dbt runs as a subprocess that inherits this environment; profiles.yml reads SAAS_PG_*.
        os.environ.update(libpq_env(target.url))
        ctx = target.generation
        # Scans of one big table by both dbt threads would otherwise start wherever the other
        # is (synchronised scans), feeding order-sensitive aggregates rows in another order;
        # work_mem keeps the big aggregates in memory (EnvironmentSize.dbt_work_mem).
        # UTC sessions: a timestamp's day (`tapped_at::date`) is its UTC day on any server, the
        # day the raw tables are partitioned and appended by.
        os.environ["PGOPTIONS"] = (
            f"-c synchronize_seqscans=off -c work_mem={ctx.size.dbt_work_mem} -c TimeZone=UTC"
        )
        prune_run_targets(context.op_execution_context.op.name)
        plan = target.append_plan
        # The published models' settled rows are reused only if the same dbt project made
        # them (append.pipeline_key); otherwise dbt builds every model whole over the raw
        # tables the advance appended.
        append_from = plan.models_append_from if plan else None
        if plan is not None and append_from is None:
            context.log.info(
                "the dbt project or the checks changed since the published build: dbt builds "
                "every model whole and tests every day"
            )
        if append_from is not None:
            models = incremental_models(json.loads(manifest.read_text()))
            with server.connect(target.url) as conn:
                copied = seed_incremental_models(conn, models, target.build.schema, plan)
            context.log.info(
                "appending: incremental models seeded with their published days before "
                f"{plan.first_new_day}: "
                + ", ".join(f"{name} {rows:,} rows" for name, rows in copied.items())
            )
        args = dbt_build_args(
            ctx.as_of.isoformat(),
            target.build.suffix,
            ctx.size.dbt_threads,
            append_from,
        )
        yield from dbt.cli(args, context=context).stream()

    return tapflow_dbt_models
