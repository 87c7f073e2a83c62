"""Inside .venv-superset: open every dashboard in headless Chromium as a person would, wait
for its charts, and report what each chart's data query returned and whether it drew.

Usage: python browser_check.py REQUEST.json
Request: {base_url, username, password, chromium, screenshots, timeout_s,
          dashboards: [{slug, title, charts: [chart title, ...]}]}
Prints one JSON line: {"dashboards": [{slug, title, url, screenshot, seconds, page_errors,
  charts: [{title, slice_id, viz_type, description, rows, query_error, rendered,
  render_error}]}]}
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from urllib.parse import unquote

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # without these Chromium keeps calling home, and this machine's network refuses it
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
DATA_ENDPOINTS = ("/api/v1/chart/data", "/superset/explore_json/")
VIEWPORT = {"width": 1600, "height": 1000}
CHART = "[data-test='chart-grid-component']"
# What Superset draws in a chart's place when its query or its rendering fails.
ERROR = ".ant-alert-error, .ant-alert-warning, .error-alert, [role='alert'], .alert-danger"
# What a drawn chart contains: an ECharts canvas, the map's state shapes, table rows, a big
# number. (Not any svg: the loading spinner is one.)
DRAWN = "canvas, .superset-legacy-chart-country-map path, table tbody tr, .header-line"
LOADING = "[data-test='loading-indicator']"


def _slice_id(request) -> int | None:
    """The chart a data request is for: JSON body (chart data API) or form body / query
    string (the legacy explore_json endpoint some visualisations, like the map, still use)."""
    text = " ".join(filter(None, [request.post_data or "", unquote(request.url)]))
    match = re.search(r'"slice_id"\s*:\s*(\d+)', text)
    return int(match.group(1)) if match else None


def _wait_until_settled(page, expected: int, responses: dict, deadline: float) -> None:
    """Until every chart has its data and has drawn or failed (or the deadline passes)."""
    while time.monotonic() < deadline:
        page.wait_for_timeout(500)
        charts = page.locator(CHART)
        if charts.count() < expected or len(responses) < expected:
            continue
        settled = sum(
            1
            for i in range(charts.count())
            if charts.nth(i).locator(f"{DRAWN}, {ERROR}").count()
            and not charts.nth(i).locator(LOADING).count()
        )
        if settled >= expected:
            return


def check_dashboard(
    page, base_url: str, dashboard: dict, screenshots: Path, timeout_s: float
) -> dict:
    responses: dict[int, dict] = {}

    def on_response(response) -> None:
        if not any(endpoint in response.url for endpoint in DATA_ENDPOINTS):
            return
        slice_id = _slice_id(response.request)
        if slice_id is None:
            return
        entry: dict = {"status": response.status, "rows": 0, "error": None}
        try:
            payload = response.json()
        except Exception as exc:  # a non-JSON error page, or a body the browser dropped
            entry["error"] = f"HTTP {response.status}: unreadable body ({exc})"[:300]
            payload = None
        if payload is not None:
            results = (
                payload.get("result") if isinstance(payload.get("result"), list) else [payload]
            )
            for result in results:
                data = result.get("data")
                rows = result.get("rowcount")
                entry["rows"] += int(
                    rows if rows is not None else len(data) if isinstance(data, list) else 0
                )
                error = result.get("error") or result.get("errors")
                if error or response.status >= 400:
                    entry["error"] = json.dumps(error)[:300] if error else f"HTTP {response.status}"
        previous = responses.get(slice_id)
        # a chart may ask twice (first draw, then filters settle): one good answer is enough
        if previous is None or previous["error"] or not previous["rows"]:
            responses[slice_id] = entry

    page_errors: list[str] = []
    page.on("response", on_response)
    page.on("pageerror", lambda exc: page_errors.append(str(exc)[:300]))
    url = f"{base_url}/superset/dashboard/{dashboard['slug']}/?standalone=0"
    started = time.monotonic()
    page.goto(url, wait_until="domcontentloaded")
    expected = len(dashboard["charts"])
    deadline = started + timeout_s
    _wait_until_settled(page, expected, responses, deadline)
    seconds = round(time.monotonic() - started, 1)
    # Grow the window to the whole dashboard and let the charts redraw at that size before
    # the screenshot: what is judged below is what the picture shows.
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(height, VIEWPORT["height"])})
    page.wait_for_timeout(1000)
    _wait_until_settled(page, expected, responses, deadline)
    page.wait_for_timeout(1500)  # the last animations
    shot = screenshots / f"{dashboard['slug']}.png"
    page.screenshot(path=str(shot))

    charts = []
    for element in page.locator(CHART).all():
        slice_id = int(element.get_attribute("data-test-chart-id") or 0)
        errors = element.locator(ERROR)
        query = responses.get(slice_id, {})
        charts.append(
            {
                "title": element.get_attribute("data-test-chart-name"),
                "slice_id": slice_id,
                "viz_type": element.get_attribute("data-test-viz-type"),
                "description": element.locator(".dashboard-chart[aria-label]").first.get_attribute(
                    "aria-label"
                ),
                "rows": query.get("rows"),
                "query_error": query.get("error") if query else "no data query seen",
                "rendered": element.locator(DRAWN).count() > 0
                and errors.count() == 0
                and element.locator(LOADING).count() == 0,
                "render_error": errors.first.inner_text()[:300] if errors.count() else None,
            }
        )
    page.remove_listener("response", on_response)
    return {
        "slug": dashboard["slug"],
        "title": dashboard["title"],
        "url": url,
        "seconds": seconds,
        "screenshot": str(shot),
        "charts": charts,
        "page_errors": page_errors,
    }


def main(request_path: str) -> int:
    request = json.loads(Path(request_path).read_text())
    from playwright.sync_api import sync_playwright

    screenshots = Path(request["screenshots"])
    screenshots.mkdir(parents=True, exist_ok=True)
    base_url = request["base_url"]
    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=request["chromium"], args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.goto(f"{base_url}/login/")
        page.fill("[data-test='username-input']", request["username"])
        page.fill("[data-test='password-input']", request["password"])
        page.click("[data-test='login-button']")
        page.wait_for_url(lambda url: "/login" not in url, timeout=60_000)
        for dashboard in request["dashboards"]:
            page = context.new_page()  # each dashboard opened on its own, as a reader would
            results.append(
                check_dashboard(page, base_url, dashboard, screenshots, request["timeout_s"])
            )
            page.close()
        browser.close()
    print(json.dumps({"dashboards": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
