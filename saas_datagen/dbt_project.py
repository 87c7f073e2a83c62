"""The dbt project handle. Kept apart from the dbt assets (see dagster-dbt pitfalls):
`dagster-dbt project prepare-and-package --file saas_datagen/dbt_project.py` imports it."""

from __future__ import annotations

import os
import sys
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
