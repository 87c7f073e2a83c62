"""Explicit Definitions: everything the product registers, in one place."""

from __future__ import annotations

import dagster as dg

from saas_datagen.dbt_project import dbt_project
from saas_datagen.defs.dbt_assets import DbtCli, build_dbt_assets
from saas_datagen.defs.loggers import compact_console
from saas_datagen.defs.ml_assets import ml_assets
from saas_datagen.defs.publish import build_publish_asset
from saas_datagen.defs.raw_assets import raw_assets
from saas_datagen.defs.resources import WarehouseResource
from saas_datagen.defs.schedules import build_warehouse_job, nightly_rebuild


def build_definitions(warehouse: WarehouseResource | None = None) -> dg.Definitions:
    raw = raw_assets()
    models = build_dbt_assets()
    ml = ml_assets()
    upstream = [key for assets in (*raw, models, *ml) for key in assets.keys]
    return dg.Definitions(
        assets=[*raw, models, *ml, build_publish_asset(upstream)],
        jobs=[build_warehouse_job],
        schedules=[nightly_rebuild],
        loggers={"compact": compact_console},
        resources={
            "warehouse": warehouse or WarehouseResource(),
            "dbt": DbtCli(project_dir=dbt_project),
        },
    )


defs = build_definitions()
