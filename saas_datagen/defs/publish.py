"""The last asset of a build: publish it, so readers switch to it in one transaction.

It runs only when every upstream step succeeded (a failed blocking check or dbt test stops
the run before it), and refuses a build that lacks any raw table or dbt model.
"""

import json
from collections.abc import Iterable

import dagster as dg

from saas_datagen.dbt_project import prepare_manifest
from saas_datagen.defs.partitions import BUILD_PARTITIONS
from saas_datagen.defs.resources import WarehouseResource
from saas_datagen.ml import OUTPUT_TABLES as ML_OUTPUT_TABLES
from saas_datagen.ml import alerts
from saas_datagen.ml.store import PUBLISHED, read_features
from saas_datagen.registry import TABLES, TRUTH_TABLES
from saas_datagen.warehouse import server, versions
from saas_datagen.warehouse.append import appendable
from saas_datagen.warehouse.ddl import RAW_SCHEMA

PUBLISHED_KEY = dg.AssetKey(["published_warehouse"])


def expected_relations() -> dict[str, set[str]]:
    """Every relation a complete build holds, by published schema: the registry's raw tables
    and the dbt project's models."""
    expected: dict[str, set[str]] = {RAW_SCHEMA: {spec.name for spec in TABLES}}
    for spec in TRUTH_TABLES:
        expected.setdefault(spec.layer, set()).add(spec.name)
    expected.setdefault("mart", set()).update(ML_OUTPUT_TABLES)
    nodes = json.loads(prepare_manifest().read_text())["nodes"].values()
    for node in nodes:
        if node["resource_type"] == "model" and node["config"].get("materialized") != "ephemeral":
            schema = node["schema"]
            expected.setdefault(schema, set()).add(node.get("alias") or node["name"])
    return expected


def _notify(context: dg.AssetExecutionContext, warehouse: WarehouseResource, target) -> str:
    """POST the published alerts to the configured webhook. The warehouse is published
    whatever happens here: a webhook that fails is a warning, not a failed build."""
    url = warehouse.alert_webhook_url()
    if not url:
        return "off"
    with server.connect(target.url) as conn:
        rows = read_features(conn, PUBLISHED, "select * from {mart}.alerts order by alert_id")
    try:
        status = alerts.post(url, target.env, target.generation.as_of, rows)
    except (OSError, ValueError) as exc:
        context.log.warning(f"alerts webhook {url} failed: {exc}")
        return f"failed: {exc}"
    context.log.info(f"posted {rows.height} alerts to {url} (HTTP {status})")
    return f"{rows.height} alerts posted (HTTP {status})"


def _days(attached: dict[str, int]) -> str:
    return ", ".join(f"{table} {days}" for table, days in attached.items())


def build_publish_asset(upstream: Iterable[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=PUBLISHED_KEY,
        deps=list(upstream),
        partitions_def=BUILD_PARTITIONS,
        group_name="warehouse",
        kinds={"postgres"},
        description="Swaps the run's complete, checked build in as the environment's warehouse "
        "in one transaction; readers never see a half-built one.",
    )
    def published_warehouse(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        target = warehouse.target(context)
        appended = [spec.name for spec in TABLES if appendable(spec)]
        report = versions.publish(
            target.url, target.build, expected_relations(), target.append_plan, appended
        )
        context.log.info(f"published build {report.build_id}")
        if report.attached:
            context.log.info(
                f"attached the published build's settled days ({_days(report.attached)}) in "
                f"{report.attach_seconds:.1f}s; their tables analysed in "
                f"{report.analyze_seconds:.1f}s"
            )
        for table, error in report.not_analyzed.items():
            context.log.warning(f"published, but raw.{table} was not analysed ({error})")
        for schemas, dependents in report.kept.items():
            context.log.warning(
                f"kept the previous version ({schemas}): still read by {', '.join(dependents)}; "
                "drop or re-create those objects, and the next build removes it"
            )
        for schema, error in report.not_dropped.items():
            context.log.warning(
                f"published, but the previous version's {schema} could not be dropped ({error}); "
                "the next build removes it"
            )
        delivered = _notify(context, warehouse, target)
        return dg.MaterializeResult(
            metadata={
                "alerts_webhook": delivered,
                "build": report.build_id,
                "settled_days_attached": _days(report.attached) or "none",
                "attach_seconds": round(report.attach_seconds, 3),
                "user_objects_moved": ", ".join(report.moved) or "none",
                "user_views_rebound": ", ".join(report.rebound) or "none",
                "previous_version_dropped": ", ".join(report.dropped) or "none",
                "previous_version_kept_for": "; ".join(
                    f"{s}: {', '.join(d)}" for s, d in report.kept.items()
                )
                or "none",
                "previous_version_not_dropped": "; ".join(
                    f"{s}: {e}" for s, e in report.not_dropped.items()
                )
                or "none",
            }
        )

    return published_warehouse
