"""A build at a cut-off of a longer story (docs/timeline.md): the warehouse as of an earlier day,
loaded, modelled and checked like any build, every check passing."""

from __future__ import annotations

from datetime import timedelta

import dagster as dg
import pytest

from saas_datagen.build import run_build
from saas_datagen.registry import TABLES
from saas_datagen.warehouse import server
from saas_datagen_tests.conftest import AS_OF, SEED

pytestmark = pytest.mark.postgres

STORY_END = AS_OF
ANCHOR = STORY_END - timedelta(days=60)
CUTOFF = ANCHOR + timedelta(days=10)


@pytest.fixture(scope="module")
def cut_build(dbt_manifest):
    return run_build(
        "dev",
        SEED,
        CUTOFF,
        instance=dg.DagsterInstance.ephemeral(),
        story_end=STORY_END,
        anchor=ANCHOR,
    )


def test_a_build_at_a_cutoff_of_a_longer_story_passes_every_check(cut_build):
    assert cut_build.ok, (cut_build.failures, cut_build.failed_checks)
    assets = {check.asset for check in cut_build.checks}
    assert {f"raw/{spec.name}" for spec in TABLES} <= assets
    assert len(cut_build.checks) >= 700


def test_the_warehouse_at_a_cutoff_holds_nothing_after_it(cut_build, server_url):
    url = server.with_database(server_url, server.database_name("dev"))
    with server.connect(url) as conn:
        latest = conn.execute(
            "SELECT max(tapped_at), (SELECT max(created_at) FROM raw.app_database_accounts), "
            "(SELECT max(created) FROM raw.stripe_invoice) FROM raw.app_database_tap_events"
        ).fetchone()
        first_pour = conn.execute(
            "SELECT min(tapped_at) FROM raw.app_database_tap_events"
        ).fetchone()[0]
    assert all(moment.date() < CUTOFF for moment in latest)
    # The pours' window holds its days before the anchor, and the ten days since.
    assert first_pour.date() <= ANCHOR - timedelta(days=40)
