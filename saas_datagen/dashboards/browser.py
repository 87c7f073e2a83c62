"""Open every dashboard in headless Chromium (through the Superset-side Playwright script)
and judge what a reader would see: each chart of the spec on the page, drawn without an
error, its data query answered with rows, its one-line description attached."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from saas_datagen.dashboards.bundle import dashboard_slug
from saas_datagen.dashboards.service import ADMIN_USER, BIN, SIDE_SCRIPTS, admin_password, state_dir
from saas_datagen.dashboards.spec import Dashboard
from saas_datagen.errors import UserFacingError


@dataclass(frozen=True)
class ChartSeen:
    title: str
    rows: int | None
    query_error: str | None
    rendered: bool
    render_error: str | None
    description: str | None


@dataclass
class DashboardSeen:
    env: str
    spec: Dashboard
    url: str
    seconds: float
    screenshot: Path
    charts: list[ChartSeen]
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        seen = {c.title: c for c in self.charts}
        found = []
        for chart in self.spec.charts:
            got = seen.get(chart.title)
            if got is None:
                found.append(f"{chart.title!r} is not on the page")
                continue
            if got.query_error:
                found.append(f"{chart.title!r}: data query failed: {got.query_error}")
            elif not got.rows:
                found.append(f"{chart.title!r}: data query returned no rows")
            if not got.rendered:
                found.append(
                    f"{chart.title!r}: not drawn ({got.render_error or 'nothing rendered'})"
                )
            if got.description != chart.description:
                found.append(f"{chart.title!r}: description shown is {got.description!r}")
        extra = sorted(seen.keys() - {c.title for c in self.spec.charts})
        found += [f"{title!r} is on the page but not in the spec" for title in extra]
        return found


def check_in_browser(
    base_url: str,
    envs: list[str],
    dashboards: list[Dashboard],
    chromium: str,
    screenshots: Path,
    timeout_s: float = 180,
) -> list[DashboardSeen]:
    specs = {dashboard_slug(env, d): (env, d) for env in envs for d in dashboards}
    request = {
        "base_url": base_url,
        "username": ADMIN_USER,
        "password": admin_password(),
        "chromium": chromium,
        "screenshots": str(screenshots),
        "timeout_s": timeout_s,
        "dashboards": [
            {"slug": slug, "title": d.title, "charts": [c.title for c in d.charts]}
            for slug, (_, d) in specs.items()
        ],
    }
    request_path = state_dir() / "browser-request.json"
    request_path.write_text(json.dumps(request))
    request_path.chmod(0o600)
    try:
        result = subprocess.run(
            [str(BIN / "python"), str(SIDE_SCRIPTS / "browser_check.py"), str(request_path)],
            capture_output=True,
            text=True,
        )
    finally:
        request_path.unlink(missing_ok=True)
    if result.returncode != 0:
        lines = [ln for ln in result.stderr.strip().splitlines() if ln.strip()]
        raise UserFacingError(
            f"the browser check failed: {lines[-1] if lines else result.returncode}"
        )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    seen = []
    for item in report["dashboards"]:
        env, spec = specs[item["slug"]]
        seen.append(
            DashboardSeen(
                env=env,
                spec=spec,
                url=item["url"],
                seconds=item["seconds"],
                screenshot=Path(item["screenshot"]),
                page_errors=item["page_errors"],
                charts=[
                    ChartSeen(
                        title=c["title"],
                        rows=c["rows"],
                        query_error=c["query_error"],
                        rendered=c["rendered"],
                        render_error=c["render_error"],
                        description=c["description"],
                    )
                    for c in item["charts"]
                ],
            )
        )
    return seen
