"""The dbt project handle. Kept apart from the dbt assets (see dagster-dbt pitfalls):
`dagster-dbt project prepare-and-package --file saas_datagen/dbt_project.py` imports it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtProject

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


def prepare_manifest(force: bool = False) -> Path:
    """Parse the dbt project (outside `dagster dev`, nothing else does it)."""
    if force or not dbt_project.manifest_path.exists():
        dbt_project.preparer.prepare(dbt_project)
    return dbt_project.manifest_path


def dbt_executable() -> str:
    """dbt from this interpreter's environment, even when the venv is not activated."""
    beside_python = Path(sys.executable).parent / "dbt"
    return str(beside_python) if beside_python.exists() else (shutil.which("dbt") or "dbt")
