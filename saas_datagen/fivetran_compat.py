"""`saas-datagen fivetran-compat`: run the real Fivetran dbt packages on a built warehouse.

The dbt project in `fivetran_compat/` pins the packages (`packages.yml`) and points their
schema/identifier vars at our raw tables (`dbt_project.yml`, generated from the registry).
This runs `dbt deps` (unless the packages are already installed or given with `--packages`),
`dbt build` into fresh `fivetran_*` schemas, and reports what the packages made of our data:
errored, failed or skipped nodes and any report model that came out empty.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from saas_datagen.warehouse import server

PROJECT_DIR = Path(__file__).resolve().parents[1] / "fivetran_compat"
SCHEMA_PREFIX = "fivetran"


class CompatError(Exception):
    """Something the user can fix (no packages, no warehouse); shown without a traceback."""


@dataclass
class CompatReport:
    url: str = ""
    passed: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (node, status)
    models: dict[str, int] = field(default_factory=dict)  # report model -> rows
    staging_empty: list[str] = field(default_factory=list)

    @property
    def empty_reports(self) -> list[str]:
        return sorted(name for name, rows in self.models.items() if rows == 0)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.empty_reports


def _dbt(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    dbt = Path(sys.executable).parent / "dbt"
    command = [
        str(dbt),
        *args,
        "--project-dir",
        str(PROJECT_DIR),
        "--profiles-dir",
        str(PROJECT_DIR),
    ]
    return subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)


def install_packages(packages: Path | None, env: dict[str, str]) -> None:
    """Use the packages in `packages` (a directory holding stripe/, hubspot/, ...), the ones
    already installed, or install them from the dbt hub."""
    installed = PROJECT_DIR / "dbt_packages"
    if packages is not None:
        if not (packages / "stripe" / "dbt_project.yml").exists():
            raise CompatError(f"{packages} does not hold the packages (no stripe/dbt_project.yml)")
        if installed.is_symlink() or not installed.exists():
            installed.unlink(missing_ok=True)
            installed.symlink_to(packages.resolve(), target_is_directory=True)
            return
        raise CompatError(f"{installed} exists; remove it to use --packages {packages}")
    if (installed / "stripe" / "dbt_project.yml").exists():
        return
    print("installing the Fivetran packages from the dbt hub (dbt deps) ...", flush=True)
    result = _dbt(["deps"], env)
    if result.returncode != 0:
        raise CompatError(
            "dbt deps could not install the packages (it needs the dbt hub: "
            "https://hub.getdbt.com). Without internet, pass a directory with the packages' "
            "sources: --packages DIR.\n" + result.stdout[-1500:]
        )


def drop_compat_schemas(url: str) -> None:
    """A fresh run: the packages' incremental models must not start from an older build."""
    with psycopg.connect(url, autocommit=True) as conn:
        schemas = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s",
            (SCHEMA_PREFIX + r"\_%",),
        ).fetchall()
        for (schema,) in schemas:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _count(conn: psycopg.Connection, schema: str, name: str) -> int:
    return conn.execute(f'SELECT count(*) FROM "{schema}"."{name}"').fetchone()[0]


def read_report(url: str) -> CompatReport:
    target = PROJECT_DIR / "target"
    results = json.loads((target / "run_results.json").read_text())["results"]
    manifest = json.loads((target / "manifest.json").read_text())
    report = CompatReport(url=url)
    for result in results:
        if result["status"] in ("success", "pass"):
            report.passed += 1
        else:
            report.problems.append((result["unique_id"], result["status"]))
    with psycopg.connect(url) as conn:
        for node in manifest["nodes"].values():
            config = node["config"]
            if node["resource_type"] != "model" or not config.get("enabled", True):
                continue
            if (
                config.get("materialized") == "ephemeral"
                or node["package_name"] == "fivetran_compat"
            ):
                continue
            rows = _count(conn, node["schema"], node["alias"])
            if "/staging/" in node["original_file_path"]:
                if rows == 0 and not node["name"].endswith("_tmp"):
                    report.staging_empty.append(f"{node['package_name']}.{node['name']}")
            else:
                report.models[f"{node['package_name']}.{node['name']}"] = rows
    return report


def run(env_name: str, database_url: str | None, packages: Path | None) -> CompatReport:
    url = server.with_database(server.server_url(database_url), server.database_name(env_name))
    env = {**os.environ, **server.libpq_env(url)}
    install_packages(packages, env)
    drop_compat_schemas(url)
    print(f"dbt build of the Fivetran packages on `{env_name}` ...", flush=True)
    result = _dbt(["build", "--target-path", "target"], env)
    if not (PROJECT_DIR / "target" / "run_results.json").exists():
        raise CompatError("dbt build did not run:\n" + result.stdout[-3000:])
    return read_report(url)


def print_report(report: CompatReport) -> None:
    print(f"{report.passed} nodes passed; {len(report.problems)} errored, failed or skipped")
    for node, status in report.problems:
        print(f"  {status.upper():8} {node}")
    filled = len(report.models) - len(report.empty_reports)
    print(f"{filled} of {len(report.models)} report and intermediate models have rows")
    for name in report.empty_reports:
        print(f"  EMPTY    {name}")
    if report.staging_empty:
        print(f"staging models without rows ({len(report.staging_empty)}): ")
        print("  " + ", ".join(sorted(report.staging_empty)))


# What the packages and our models both measure: (what, package SQL, our SQL). Each query
# returns one row of numbers; ads and email must agree exactly, MRR within the packages'
# definition (billed invoice line items per month vs our subscription versions).
COMPARISONS = (
    (
        "ad spend / clicks / impressions, {platform}",
        "SELECT round(sum(spend)::numeric, 2), sum(clicks), sum(impressions) FROM "
        "fivetran_ad_reporting.ad_reporting__campaign_report WHERE platform = '{platform}'",
        "SELECT round(sum(spend_usd)::numeric, 2), sum(clicks), sum(impressions) FROM "
        "mart.marketing_campaign_performance WHERE platform = '{platform}'",
    ),
    (
        "Iterable email opens / clicks",
        "SELECT sum(total_emailopen), sum(total_emailclick) "
        "FROM fivetran_iterable.iterable__campaigns",
        "SELECT sum(impressions), sum(clicks) FROM mart.marketing_campaign_performance "
        "WHERE platform = 'iterable'",
    ),
    (
        "Stripe invoices: amount paid / remaining (cents)",
        "SELECT sum(amount_paid), sum(amount_remaining) "
        "FROM fivetran_stripe.stripe__invoice_details",
        "SELECT sum(amount_paid_cents), sum(amount_remaining_cents) FROM "
        "intermediate.int_subscriptions__billing",
    ),
    (
        "Stripe balance: net of charges, refunds, disputes (cents)",
        "SELECT sum(balance_transaction_net) FROM fivetran_stripe.stripe__balance_transactions "
        "WHERE balance_transaction_type <> 'payout'",
        "SELECT sum(net) FROM raw.stripe_balance_transaction WHERE type <> 'payout'",
    ),
    (
        "HubSpot deals: count / amount",
        "SELECT count(*), round(sum(amount)::numeric, 2) FROM fivetran_hubspot.hubspot__deals",
        "SELECT count(*), round(sum(property_amount)::numeric, 2) FROM raw.hubspot_deal",
    ),
    (
        "MRR, month {month}",
        "SELECT round(sum(month_contract_mrr)::numeric / 100, 2) FROM "
        "fivetran_stripe.stripe__subscription_item_mrr_report "
        "WHERE subscription_month = date '{month}'",
        "SELECT round(closing_mrr::numeric, 2) FROM mart.finance_mrr_summary "
        "WHERE month_start = date '{month}'",
    ),
)
PLATFORMS = ("google_ads", "facebook_ads", "linkedin_ads")


def compare(url: str, months: int = 6) -> list[tuple[str, tuple, tuple]]:
    """(what, package's numbers, ours) for every comparison; MRR for the last `months`."""
    rows = []
    with psycopg.connect(url) as conn:
        recent = [
            str(r[0])
            for r in conn.execute(
                "SELECT month_start FROM mart.finance_mrr_summary ORDER BY 1 DESC LIMIT %s",
                (months,),
            ).fetchall()
        ]
        for what, theirs, ours in COMPARISONS:
            if "{platform}" in what:
                params = [{"platform": p} for p in PLATFORMS]
            elif "{month}" in what:
                params = [{"month": m} for m in recent]
            else:
                params = [{}]
            for p in params:
                rows.append(
                    (
                        what.format(**p),
                        tuple(conn.execute(theirs.format(**p)).fetchone()),
                        tuple(conn.execute(ours.format(**p)).fetchone()),
                    )
                )
    return rows


def print_comparison(rows: list[tuple[str, tuple, tuple]]) -> None:
    print("packages vs TapFlow models (package | ours):")
    for what, theirs, ours in rows:
        same = "=" if theirs == ours else _difference(theirs, ours)
        shown = " / ".join(f"{v:,}" for v in theirs), " / ".join(f"{v:,}" for v in ours)
        print(f"  {what:55} {shown[0]:>28} | {shown[1]:<28} {same}")


def _difference(theirs: tuple, ours: tuple) -> str:
    a, b = float(theirs[0] or 0), float(ours[0] or 0)
    return f"{(a - b) / b:+.1%}" if b else "differs"
