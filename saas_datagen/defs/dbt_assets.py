"""dbt models as Dagster assets: `dbt build`, so every dbt test becomes an asset check."""

import json
import os

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from saas_datagen.dbt_project import dbt_project, prepare_manifest
from saas_datagen.defs.partitions import ENV_PARTITIONS
from saas_datagen.defs.resources import WarehouseResource
from saas_datagen.warehouse.server import libpq_env


def dbt_build_args(env: str, as_of: str) -> list[str]:
    return ["build", "--vars", json.dumps({"dataset_env": env, "as_of": as_of})]


def build_dbt_assets() -> dg.AssetsDefinition:
    # Source tests stay observations on purpose: turning them into checks on the raw assets
    # makes Dagster split the dbt step and run `dbt build` once per subset.
    manifest = prepare_manifest()

    @dbt_assets(
        manifest=manifest,
        project=dbt_project,
        partitions_def=ENV_PARTITIONS,
        name="tapflow_dbt_models",
    )
    def tapflow_dbt_models(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ):
        env = context.partition_key
        # dbt runs as a subprocess that inherits this environment; profiles.yml reads SAAS_PG_*.
        os.environ.update(libpq_env(warehouse.env_url(env)))
        as_of = warehouse.generation_context(env).as_of.isoformat()
        yield from dbt.cli(dbt_build_args(env, as_of), context=context).stream()

    return tapflow_dbt_models
