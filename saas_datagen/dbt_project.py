"""The dbt project handle. Kept apart from the dbt assets (see dagster-dbt pitfalls):
`dagster-dbt project prepare-and-package --file saas_datagen/dbt_project.py` imports it."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from dagster_dbt import DbtProject

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"

# dagster-dbt runs `dbt` from PATH; make the one installed beside this interpreter win even
# when the virtual environment is not activated (tapflow.py, `dagster dev` from .venv/bin).
_BIN = str(Path(sys.executable).parent)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


def prepare_manifest(force: bool = False) -> Path:
    """Parse the dbt project (outside `dagster dev`, nothing else does it) when the manifest
    is missing or older than any file of the project (a parse costs several seconds)."""
    if force or _manifest_is_stale():
        dbt_project.preparer.prepare(dbt_project)
    return dbt_project.manifest_path


def _manifest_is_stale() -> bool:
    manifest = dbt_project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = (
        p
        for folder in ("models", "macros", "tests")
        for p in (DBT_PROJECT_DIR / folder).rglob("*")
        if p.is_file()
    )
    project_files = (DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml")
    return any(p.stat().st_mtime > built for p in (*project_files, *sources))


RUN_TARGETS_KEPT = 5
RUN_TARGET_MIN_AGE_S = 24 * 3600  # older than any run can be (run monitoring stops it at 3 h)


def prune_run_targets(
    prefix: str, keep: int = RUN_TARGETS_KEPT, target: Path = DBT_PROJECT_DIR / "target"
) -> list[Path]:
    """Remove the per-run dbt target folders (`<prefix>-<run>-<id>`, ~20 MB each: compiled
    SQL, manifest, run results) beyond the newest `keep` that are over a day old. dagster-dbt
    gives every invocation its own; they are kept for reading a failed run's SQL, not for ever
    (a nightly build adds one a day, the test suite dozens)."""
    runs = sorted(
        (p for p in target.glob(f"{prefix}-*") if p.is_dir()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    cutoff = time.time() - RUN_TARGET_MIN_AGE_S
    old = [p for p in runs[keep:] if p.stat().st_mtime < cutoff]
    for folder in old:
        shutil.rmtree(folder, ignore_errors=True)
    return old
