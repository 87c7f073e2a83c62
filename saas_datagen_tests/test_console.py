"""The build's console: a line per raw table, running counts in place on a terminal."""

from __future__ import annotations

import io

from saas_datagen.console import BuildProgress, Totals


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_one_line_per_table_and_counts_rewritten_in_place():
    out = Terminal()
    progress = BuildProgress(Totals(raw_tables=2, dbt_models=1, dbt_tests=2), out=out)
    progress.on_materialization(
        ["raw", "app_database_tap_events"], {"dagster/row_count": 2_000_000, "load_seconds": 4.0}
    )
    progress.on_check(passed=True, is_dbt=False)
    progress.on_materialization(["raw", "app_database_accounts"], {"dagster/row_count": 100})
    progress.on_materialization(["entity", "entity_customers"], {})
    progress.on_check(passed=False, is_dbt=True)
    progress.finish()
    text = out.getvalue()
    lines = [line for line in text.split("\n") if line]
    assert "raw  1/2  app_database_tap_events" in lines[0] and "500,000 rows/s" in lines[0]
    assert "raw  2/2  app_database_accounts" in lines[1] and "rows/s" not in lines[1]
    assert "raw tables loaded: 2,000,100 rows" in lines[2]
    # the running counts were drawn in place (carriage return, clear line), then cleared
    assert "\r\033[K" in text and "dbt models 1/1 · tests 1/2 · checks 1 passed, 1 FAILED" in text
    assert text.endswith("\r\033[K")


def test_a_pipe_gets_counts_at_most_every_few_seconds_and_no_control_codes():
    out = io.StringIO()
    progress = BuildProgress(Totals(raw_tables=1, dbt_models=300, dbt_tests=0), out=out)
    for index in range(300):
        progress.on_materialization(["mart", f"m{index}"], {})
    text = out.getvalue()
    assert "\r" not in text and "\033" not in text
    assert text.count("dbt models") == 1  # the first, then nothing within 15 s


def test_truth_tables_and_ml_models_get_their_own_lines_and_are_not_counted_as_dbt_models():
    out = io.StringIO()
    progress = BuildProgress(Totals(raw_tables=1, dbt_models=1, dbt_tests=0), out=out)
    progress.on_materialization(["truth", "account_churn"], {"dagster/row_count": 10_000})
    progress.on_materialization(["mart", "ml_churn_scores"], {"dagster/row_count": 7_512})
    progress.on_materialization(["mart", "finance_mrr_summary"], {})
    text = out.getvalue()
    assert "truth account_churn" in text and "10,000 rows" in text
    assert "ml    ml_churn_scores" in text and "7,512 rows" in text
    assert progress.models_done == 1
