"""Shared fixtures. Tests write to databases prefixed `tapflow_test`, never to a user's
`saas_platform_*` databases, on the embedded server or on $DATABASE_URL when it is set."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from saas_datagen.memory import return_freed_memory_promptly

os.environ["DATAGEN_DB_PREFIX"] = "tapflow_test"
return_freed_memory_promptly()  # as the CLI does, before any test imports polars

AS_OF = date(2026, 11, 22)
SEED = 42


@pytest.fixture(scope="session")
def server_url() -> str:
    from saas_datagen.warehouse import server

    return server.server_url()


@pytest.fixture(scope="session")
def scratch_url(server_url: str) -> str:
    """A database for loader and rule tests."""
    from saas_datagen.warehouse import server

    return server.ensure_database(server_url, "tapflow_test_scratch")


def publish_test_database(server_url: str, name: str, also_drop: tuple[str, ...] = ()) -> str:
    """A database where a test makes its own versions and publishes them: created if need
    be, with no published, build or retired schemas left from an earlier run, no build
    bookkeeping, and none of `also_drop`."""
    from saas_datagen.warehouse import server
    from saas_datagen.warehouse.ddl import MODEL_SCHEMAS

    url = server.ensure_database(server_url, name)
    with server.connect(url, autocommit=True) as conn:
        for (schema,) in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s) "
            "OR nspname LIKE '%%\\_\\_%%' OR nspname = 'tapflow'",
            ([*MODEL_SCHEMAS, *also_drop],),
        ).fetchall():
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    return url


def run_dbt(url: str, *args: str) -> subprocess.CompletedProcess:
    """`dbt <args>` on the project, as a build runs it (the dbt beside this interpreter, the
    project's profiles), against the database at `url`; output captured, failure raised."""
    from saas_datagen.dbt_project import DBT_PROJECT_DIR
    from saas_datagen.warehouse import server

    command, *rest = args
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            command,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            *rest,
        ],
        env={**os.environ, **server.libpq_env(url)},
        capture_output=True,
        text=True,
        check=True,
    )


@pytest.fixture(scope="session")
def dbt_manifest():
    from saas_datagen.dbt_project import prepare_manifest

    return prepare_manifest(force=True)


@pytest.fixture(scope="module")
def dev_build(dbt_manifest):
    """A fresh dev build (seed 42, AS_OF) for the module; it must pass every check."""
    import dagster as dg

    from saas_datagen.build import run_build

    report = run_build("dev", SEED, AS_OF.isoformat(), instance=dg.DagsterInstance.ephemeral())
    assert report.success, report.failures
    return report


@pytest.fixture(scope="module")
def dev_url(dev_build, server_url) -> str:
    """The URL of the dev build's database."""
    from saas_datagen.warehouse import server

    return server.with_database(server_url, server.database_name("dev"))
