"""The team dashboards as a person sees them: Superset started against a built dev warehouse,
every dashboard opened in headless Chromium, every chart drawn with rows from Superset's chart
data API, screenshots written. The marts behind them reconcile with what they summarise, and a
chart whose query fails is caught (the check can fail)."""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from saas_datagen.cli import main as cli_main
from saas_datagen.dashboards import browser, service
from saas_datagen.dashboards.spec import SPEC_DIR, load_dashboards
from saas_datagen.warehouse import server

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

BROKEN = """title: Broken
description: A chart whose query fails, to prove the browser check notices.
filters: [{name: Date range, type: time_range}]
charts:
  - title: Not a function
    description: Calls a SQL function PostgreSQL does not have.
    type: big_number
    dataset: mart.sales_deals
    metric: {label: Nothing, sql: "NO_SUCH_FUNCTION(deal_mrr_usd)"}
  - title: Deals
    description: A chart that works beside it.
    type: big_number
    dataset: mart.sales_deals
    metric: {label: Deals, sql: "COUNT(*)"}
"""


@pytest.fixture(scope="module")
def specs(tmp_path_factory) -> Path:
    """The real definitions plus one broken dashboard, imported together."""
    folder = tmp_path_factory.mktemp("dashboards")
    for path in SPEC_DIR.glob("*.yml"):
        shutil.copy(path, folder / path.name)
    (folder / "broken.yml").write_text(BROKEN)
    return folder


@pytest.fixture(scope="module")
def superset(dev_build, specs):
    """Superset serving dev's dashboards on a free port for the module."""
    chromium = service.ensure_chromium()
    superset = service.Superset(None, ["dev"], spec_dir=specs)
    slugs = superset.prepare()
    port = service.free_port()
    process = superset.start(port)
    yield {"base": f"http://127.0.0.1:{port}", "chromium": chromium, "slugs": slugs}
    service.stop(process)


def test_every_dashboard_opened_in_chromium_draws_every_chart_with_rows(superset, tmp_path):
    real = load_dashboards()
    shots = server.project_home() / "superset" / "screenshots"
    seen = browser.check_in_browser(superset["base"], ["dev"], real, superset["chromium"], shots)
    assert {d.spec.slug for d in seen} == {d.slug for d in real}
    for dashboard in seen:
        assert dashboard.problems() == [], dashboard.spec.title
        assert dashboard.page_errors == [], dashboard.spec.title
        assert len(dashboard.charts) == len(dashboard.spec.charts)
        assert all(chart.rows and chart.rows > 0 for chart in dashboard.charts)
        assert dashboard.screenshot.exists() and dashboard.screenshot.stat().st_size > 50_000
    assert sum(len(d.charts) for d in seen) >= 50


def test_a_chart_whose_query_fails_is_reported_and_its_neighbour_is_not(superset, specs):
    broken = [d for d in load_dashboards(specs) if d.slug == "broken"]
    seen = browser.check_in_browser(
        superset["base"], ["dev"], broken, superset["chromium"], specs / "shots"
    )
    problems = seen[0].problems()
    assert any(p.startswith("'Not a function': data query failed") for p in problems), problems
    assert not any(p.startswith("'Deals'") for p in problems), problems


def test_every_environment_database_and_dashboard_is_registered_once(superset):
    assert set(superset["slugs"]) == {
        "dev-executive",
        "dev-sales",
        "dev-customer-success",
        "dev-marketing",
        "dev-product",
        "dev-operations",
        "dev-broken",
    }


def test_asking_for_an_environment_that_is_not_built_is_a_one_line_error(dev_build, capsys):
    assert cli_main(["dashboards", "check", "--env", "prod"]) == 2
    err = capsys.readouterr().err
    assert "`prod` has no published warehouse; build it first" in err
    assert "Traceback" not in err


def sql(url: str, query: str) -> list[tuple]:
    with server.connect(url) as conn:
        return conn.execute(query).fetchall()


def test_the_pours_by_local_hour_add_up_to_every_tap_event_and_litre(dev_url):
    [(pours, litres)] = sql(
        dev_url, "SELECT SUM(pours), SUM(litres_poured) FROM mart.operations_pours_by_hour"
    )
    [(events,)] = sql(dev_url, "SELECT COUNT(*) FROM staging.stg_app_database__tap_events")
    [(daily_litres,)] = sql(
        dev_url, "SELECT SUM(litres_poured) FROM intermediate.int_locations__daily_taps"
    )
    assert pours == events
    assert abs(float(litres) - float(daily_litres)) < 1.0  # per-row rounding only
    hours = sql(
        dev_url, "SELECT local_hour, SUM(pours) FROM mart.operations_pours_by_hour GROUP BY 1"
    )
    busiest = max(hours, key=lambda row: row[1])[0]
    assert 17 <= busiest <= 22  # venues pour in the evening, on their own clock


def test_the_fleet_by_state_counts_every_device_once(dev_url):
    [(devices, online)] = sql(
        dev_url,
        "SELECT SUM(devices), SUM(online_devices) FROM mart.operations_device_health_by_state",
    )
    assert (devices, online) == sql(
        dev_url, "SELECT COUNT(*), COUNT(*) FILTER (WHERE is_online) FROM entity.entity_devices"
    )[0]
    codes = sql(dev_url, "SELECT state_iso_code FROM mart.operations_device_health_by_state")
    assert all(code.startswith("US-") and len(code) == 5 for (code,) in codes)


def test_every_lead_is_in_the_funnel_and_every_deal_in_a_stage_that_matches_its_status(dev_url):
    assert sql(dev_url, "SELECT COUNT(*) FROM mart.marketing_leads") == sql(
        dev_url, "SELECT COUNT(*) FROM intermediate.int_sales__leads"
    )
    [(customers_without_trial_or_deal,)] = sql(
        dev_url,
        "SELECT COUNT(*) FROM mart.marketing_leads WHERE became_customer"
        " AND NOT started_trial AND NOT opened_deal",
    )
    assert customers_without_trial_or_deal == 0
    stages = dict(
        sql(
            dev_url,
            "SELECT deal_status, array_agg(DISTINCT stage_name) FROM mart.sales_deals GROUP BY 1",
        )
    )
    assert stages["won"] == ["Closed Won"] and stages["lost"] == ["Closed Lost"]
    assert not {"Closed Won", "Closed Lost"} & set(stages.get("open", []))


def test_the_dashboards_command_serves_them_until_stopped(superset):
    """`tapflow.py dashboards` as a user runs it: prints where and how to log in, serves the
    dashboards through Superset's API, and stops (server and all) on SIGTERM."""
    port = service.free_port()
    command = [sys.executable, "-m", "saas_datagen.cli", "dashboards", "--env", "dev"]
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(f"{base}/health", timeout=5).status == 200:
                    break
            time.sleep(1)
        assert process.poll() is None, process.stderr.read()
        login = urllib.request.Request(
            f"{base}/api/v1/security/login",
            data=json.dumps(
                {"username": "admin", "password": service.admin_password(), "provider": "db"}
            ).encode(),
            headers={"Content-Type": "application/json"},
        )
        token = json.load(urllib.request.urlopen(login, timeout=30))["access_token"]
        listing = urllib.request.Request(
            f"{base}/api/v1/dashboard/?q=(page_size:100)",
            headers={"Authorization": f"Bearer {token}"},
        )
        served = {
            d["slug"] for d in json.load(urllib.request.urlopen(listing, timeout=30))["result"]
        }
        assert {"dev-executive", "dev-sales", "dev-operations"} <= served
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=90)
    assert process.returncode == 0, err[-2000:]
    assert f"Superset on {base}  (user admin, password {service.admin_password()})" in out
    assert f"{base}/superset/dashboard/dev-executive/" in out
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0  # nothing left listening
