"""One Dagster asset per registry table: generate, bulk-load, then run its quality rules.

Tables load into the run's own build schema (`raw__build_<id>`); the rules run there as
blocking checks, so dbt never builds on raw data that broke the contract and nothing that
failed is ever published.
"""

import time

import dagster as dg
import psycopg

from saas_datagen.defs.partitions import BUILD_PARTITIONS
from saas_datagen.defs.resources import WarehouseResource
from saas_datagen.memory import IDLE_TABLES_BEFORE_DROP, MIN_BYTES_TO_DROP, release_unused
from saas_datagen.quality.core import Outcome, Rule
from saas_datagen.quality.rules import ROW_COUNT_RULE, Scope, rules_for
from saas_datagen.registry import TABLES, TRUTH_TABLES, load_priority
from saas_datagen.schema import TableSpec
from saas_datagen.sinks.postgres import load_in_parts
from saas_datagen.warehouse import server
from saas_datagen.warehouse.append import appendable
from saas_datagen.warehouse.loader import load_table

# A check at least this slow is named in the log with its time (every check's time is in its
# metadata, `check_seconds`): at prod size a few read hundreds of millions of rows.
SLOW_CHECK_S = 5.0


def raw_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", table])


def build_raw_asset(spec: TableSpec) -> dg.AssetsDefinition:
    """A raw table's asset, or a truth table's (same load, its own schema and group)."""
    key = dg.AssetKey([spec.layer, spec.name])
    rules = rules_for(spec.name)

    @dg.asset(
        key=key,
        description=spec.description,
        partitions_def=BUILD_PARTITIONS,
        deps=[raw_key(parent) for parent in spec.parents],
        group_name=f"raw_{spec.source}" if spec.layer == "raw" else spec.layer,
        kinds={"python", "postgres"},
        # In-process builds run ready steps by priority: the registry order, source by source.
        op_tags={"dagster/priority": str(load_priority(spec.name))},
        check_specs=[
            dg.AssetCheckSpec(r.name, asset=key, description=r.description, blocking=True)
            for r in rules
        ],
    )
    def _raw_table(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        target = warehouse.target(context)
        ctx = target.generation
        ctx.start_table()
        schema = target.build.schema(spec.layer)
        context.log.debug(
            f"{spec.name}: generating into {schema} (seed {ctx.seed}, as_of {ctx.as_of})"
        )

        def progress(message: str) -> None:
            context.log.info(f"{spec.name}: {message}")

        plan = target.append_plan if appendable(spec) else None
        client = warehouse.dask_client() if spec.stream is not None and plan is None else None
        if client is not None:
            result = load_in_parts(target.url, spec, ctx, schema, client, progress)
        elif plan is not None:
            frames = spec.frames_since(ctx, plan.first_new_day)
            result = load_table(target.url, spec, frames, progress, schema=schema, settled=plan)
        else:
            result = load_table(target.url, spec, spec.frames(ctx), progress, schema=schema)
        context.log.info(
            f"{spec.name}: {result.rows:,} rows loaded in {result.seconds:.1f}s"
            + (f" ({result.rows / result.seconds:,.0f} rows/s)" if result.rows > 1e6 else "")
        )
        scope = Scope(target.env, ctx.as_of, ctx.story_end, ctx.anchor, target.append_plan)
        with server.connect(target.url, schema=schema) as conn:
            outcomes = [(rule, *_timed_probe(rule, conn, scope)) for rule in rules]
        slow = [(rule.name, seconds) for rule, _, seconds in outcomes if seconds >= SLOW_CHECK_S]
        if slow:
            context.log.info(
                f"{spec.name}: checks taking {SLOW_CHECK_S:.0f} s or more: "
                + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in slow)
            )
        # The table's rows, the settled days an append shows included: the row-count check
        # counted them (an append loads only the new days).
        counted = [o.metadata["rows"] for r, o, _ in outcomes if r.name == ROW_COUNT_RULE]
        total_rows = counted[0] if counted else result.rows
        dropped = ctx.drop_idle(IDLE_TABLES_BEFORE_DROP, MIN_BYTES_TO_DROP)
        if dropped:
            context.log.info(f"{spec.name}: dropped cached stories no longer used: {dropped}")
        release_unused()  # the next table starts from what is live, not from this one's peak
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": total_rows,
                "load_seconds": round(result.seconds, 3),
                # The append (`advance`): the published build's settled days the table keeps
                # (attached at the publish, not copied) and the rows of the days generated.
                "settled_days_attached": result.settled_days,
                "rows_generated": result.rows,
                "seed": ctx.seed,
                "as_of": ctx.as_of.isoformat(),
                "build": target.build.build_id,
            },
            check_results=[
                dg.AssetCheckResult(
                    check_name=rule.name,
                    passed=outcome.passed,
                    metadata={**outcome.metadata, "check_seconds": round(seconds, 3)},
                )
                for rule, outcome, seconds in outcomes
            ],
        )

    return _raw_table


def _timed_probe(rule: Rule, conn: psycopg.Connection, scope: Scope) -> tuple[Outcome, float]:
    started = time.perf_counter()
    outcome = rule.probe(conn, scope)
    return outcome, time.perf_counter() - started


def raw_assets() -> list[dg.AssetsDefinition]:
    return [build_raw_asset(spec) for spec in (*TABLES, *TRUTH_TABLES)]
