"""Raw tables that imitate a Fivetran connector carry the columns its dbt package reads.

The contract (fivetran_compat/column_contract.json) was extracted from the packages' own
`get_<table>_columns()` macros; these tests need neither the network nor the packages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from saas_datagen.fivetran_contract import COMPATIBLE, contract, contract_columns, gaps, known_gaps
from saas_datagen.registry import TABLES
from saas_datagen.schema import Column

# Connector sources whose tables all imitate a connector table, and the tables of those
# sources that are our own additions (no package reads them).
CONNECTORS = {"stripe", "hubspot", "google_ads", "facebook_ads", "linkedin_ads", "iterable"}
OWN_TABLES = {"stripe_event"}
COMPAT_PROJECT = Path(__file__).resolve().parents[1] / "fivetran_compat" / "dbt_project.yml"


def test_every_connector_table_names_the_fivetran_table_it_imitates():
    for spec in TABLES:
        if spec.source in CONNECTORS and spec.name not in OWN_TABLES:
            assert spec.imitates, f"{spec.name} does not say which connector table it imitates"
        if spec.imitates:
            connector, table = spec.imitates.split(".", 1)
            assert table in contract()[connector]["tables"], f"{spec.name}: no {spec.imitates}"


def test_no_two_raw_tables_imitate_the_same_connector_table():
    imitated = [s.imitates for s in TABLES if s.imitates]
    assert len(imitated) == len(set(imitated))


def test_raw_columns_meet_the_package_contract_except_the_recorded_gaps():
    found = {f"{g.table}.{g.column}" for spec in TABLES for g in gaps(spec)}
    recorded = known_gaps()
    closed = recorded - found
    opened = found - recorded
    assert not opened, f"columns the packages read are missing or mistyped: {sorted(opened)}"
    assert not closed, (
        f"gaps closed (delete them from fivetran_compat/known_gaps.txt): {sorted(closed)}"
    )


def test_a_missing_or_mistyped_column_is_a_gap(monkeypatch):
    spec = next(s for s in TABLES if s.imitates == "google_ads.campaign_stats")
    assert not gaps(spec)
    without_clicks = tuple(c for c in spec.columns if c.name != "clicks")
    text_date = tuple(
        Column(c.name, "text", c.description) if c.name == "date" else c for c in without_clicks
    )
    broken = type(spec)(**{**spec.__dict__, "columns": text_date})
    assert {(g.column, g.actual) for g in gaps(broken)} == {("clicks", None), ("date", "text")}


def test_the_contract_lists_columns_with_known_types_for_every_table():
    for connector, entry in contract().items():
        assert re.fullmatch(r"fivetran/\w+", entry["package"]) and entry["version"]
        for table, columns in entry["tables"].items():
            assert columns, f"{connector}.{table} has no columns"
            assert all(t in COMPATIBLE for _, t in columns)
    assert ("cost_micros", "integer") in contract_columns("google_ads.campaign_stats")


def test_the_compat_project_points_every_imitated_table_at_its_raw_table():
    vars_ = yaml.safe_load(COMPAT_PROJECT.read_text())["vars"]
    schema_var = {"linkedin_ads": "linkedin_ads", **{c: c for c in CONNECTORS}}
    for spec in TABLES:
        if not spec.imitates:
            continue
        connector, table = spec.imitates.split(".", 1)
        assert vars_[f"{schema_var[connector]}_schema"] == "raw"
        assert vars_.get(f"{connector}_{table}_identifier") == spec.name, spec.name


def test_fivetran_compat_refuses_a_directory_without_the_packages(tmp_path):
    from saas_datagen.fivetran_compat import CompatError, install_packages

    with pytest.raises(CompatError, match="does not hold the packages"):
        install_packages(tmp_path, {})


def test_fivetran_compat_is_not_ok_with_a_failed_node_or_an_empty_report():
    from saas_datagen.fivetran_compat import CompatReport

    assert CompatReport(models={"stripe.stripe__daily_overview": 10}).ok
    assert not CompatReport(models={"stripe.stripe__daily_overview": 0}).ok
    assert not CompatReport(problems=[("model.hubspot.hubspot__deals", "error")]).ok
