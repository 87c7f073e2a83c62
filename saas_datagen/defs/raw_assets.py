"""One Dagster asset per registry table: generate, bulk-load, then run its quality rules.

The rules run inside the asset as blocking checks, so dbt never builds on raw data that
broke the contract.
"""

import dagster as dg

from saas_datagen.defs.partitions import ENV_PARTITIONS
from saas_datagen.defs.resources import WarehouseResource
from saas_datagen.quality.rules import Scope, rules_for
from saas_datagen.registry import TABLES
from saas_datagen.schema import TableSpec
from saas_datagen.warehouse import server
from saas_datagen.warehouse.loader import load_table


def raw_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", table])


def build_raw_asset(spec: TableSpec) -> dg.AssetsDefinition:
    key = raw_key(spec.name)
    rules = rules_for(spec.name)

    @dg.asset(
        key=key,
        description=spec.description,
        partitions_def=ENV_PARTITIONS,
        deps=[raw_key(parent) for parent in spec.parents],
        group_name=f"raw_{spec.source}",
        kinds={"python", "postgres"},
        check_specs=[
            dg.AssetCheckSpec(r.name, asset=key, description=r.description, blocking=True)
            for r in rules
        ],
    )
    def _raw_table(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        env = context.partition_key
        ctx = warehouse.generation_context(env)
        url = warehouse.env_url(env)
        context.log.info(
            f"{spec.name}: generating and loading ({env}, seed {ctx.seed}, as_of {ctx.as_of})"
        )
        result = load_table(
            url,
            spec,
            spec.frames(ctx),
            progress=lambda message: context.log.info(f"{spec.name}: {message}"),
        )
        context.log.info(f"{spec.name}: {result.rows:,} rows loaded in {result.seconds:.1f}s")
        scope = Scope(env, ctx.as_of)
        with server.connect(url) as conn:
            outcomes = [(rule, rule.probe(conn, scope)) for rule in rules]
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": result.rows,
                "load_seconds": round(result.seconds, 3),
                "seed": ctx.seed,
                "as_of": ctx.as_of.isoformat(),
            },
            check_results=[
                dg.AssetCheckResult(
                    check_name=rule.name, passed=outcome.passed, metadata=outcome.metadata
                )
                for rule, outcome in outcomes
            ],
        )

    return _raw_table


def raw_assets() -> list[dg.AssetsDefinition]:
    return [build_raw_asset(spec) for spec in TABLES]
