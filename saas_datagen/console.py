"""What a person sees while a build runs: one line per stage event, never the raw log.

Every Dagster and dbt log record goes to the build's log file (full detail); the console gets
a progress display fed by the same records: raw tables done/total with rows (and rows/s for
the big ones), dbt models and tests done/total, checks passed/failed. On a terminal the
running counts share one line that is rewritten in place; elsewhere (CI, a pipe) they are
printed at most every PROGRESS_EVERY_S seconds.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

from saas_datagen.defs.loggers import META, CompactFormatter
from saas_datagen.ml import OUTPUT_TABLES as ML_OUTPUT_TABLES

PROGRESS_EVERY_S = 15.0
BIG_TABLE_ROWS = 1_000_000


@dataclass
class Totals:
    raw_tables: int
    dbt_models: int
    dbt_tests: int


@dataclass
class BuildProgress:
    totals: Totals
    out: TextIO = field(default_factory=lambda: sys.stderr)
    raw_done: int = 0
    raw_rows: int = 0
    models_done: int = 0
    tests_done: int = 0
    checks_passed: int = 0
    checks_failed: int = 0
    started: float = field(default_factory=time.perf_counter)
    _status_shown: bool = False
    _last_status: float = 0.0

    def __post_init__(self) -> None:
        # Decided once: whether the console is a terminal does not change during the build.
        self.interactive = self.out.isatty()

    def line(self, text: str) -> None:
        """A permanent line (clears a status line on a terminal first)."""
        if self._status_shown:
            self.out.write("\r\033[K")
            self._status_shown = False
        self.out.write(f"  {self._clock()}  {text}\n")
        self.out.flush()

    def status(self, text: str, force: bool = False) -> None:
        now = time.perf_counter()
        if self.interactive:
            self.out.write(f"\r\033[K  {self._clock()}  {text}")
            self.out.flush()
            self._status_shown = True
        elif force or now - self._last_status >= PROGRESS_EVERY_S:
            self.line(text)
            self._last_status = now

    def finish(self) -> None:
        if self._status_shown:
            self.out.write("\r\033[K")
            self.out.flush()
            self._status_shown = False

    def _clock(self) -> str:
        seconds = int(time.perf_counter() - self.started)
        return f"{seconds // 60:2d}:{seconds % 60:02d}"

    def _counts(self) -> str:
        t = self.totals
        return (
            f"raw {self.raw_done}/{t.raw_tables} · dbt models {self.models_done}/{t.dbt_models}"
            f" · tests {self.tests_done}/{t.dbt_tests} · checks {self.checks_passed} passed"
            + (f", {self.checks_failed} FAILED" if self.checks_failed else "")
        )

    # --- fed by ProgressHandler ------------------------------------------------------------

    def on_materialization(self, key: list[str], metadata: dict) -> None:
        if key[0] == "raw":
            self.raw_done += 1
            rows = int(_value(metadata.get("dagster/row_count", 0)))
            seconds = float(_value(metadata.get("load_seconds", 0)))
            self.raw_rows += rows
            rate = f"  {rows / seconds:,.0f} rows/s" if rows >= BIG_TABLE_ROWS and seconds else ""
            self.line(
                f"raw {self.raw_done:>2}/{self.totals.raw_tables}  {key[-1]:<40} "
                f"{rows:>12,} rows  {seconds:6.1f}s{rate}"
            )
            if self.raw_done == self.totals.raw_tables:
                self.line(f"raw tables loaded: {self.raw_rows:,} rows; dbt build starts")
        elif key[0] == "truth" or is_ml(key):
            rows = int(_value(metadata.get("dagster/row_count", 0)))
            layer = "truth" if key[0] == "truth" else "ml"
            self.line(f"{layer:<5} {key[-1]:<46} {rows:>12,} rows")
        elif key == ["published_warehouse"]:
            self.line(f"published build {_value(metadata.get('build', ''))}")
        else:
            self.models_done += 1
            self.status(self._counts())

    def on_check(self, passed: bool, is_dbt: bool) -> None:
        if passed:
            self.checks_passed += 1
        else:
            self.checks_failed += 1
        if is_dbt:
            self.tests_done += 1
            self.status(self._counts())

    def on_message(self, step: str, message: str) -> None:
        if "rows copied" in message:  # the loader: streaming, then declaring keys
            self.status(message)
        elif message.startswith("removed leftovers") or message.startswith("kept the previous"):
            self.line(message)

    def on_step_failure(self, step: str, message: str) -> None:
        self.line(f"FAILED {step}: {message}")

    def summary_counts(self) -> str:
        return self._counts()


def is_ml(key: list[str]) -> bool:
    """An asset of the ml group (its tables live in mart, beside the dbt marts)."""
    return key[0] == "mart" and key[-1] in ML_OUTPUT_TABLES


def _value(metadata_value):
    return getattr(metadata_value, "value", metadata_value)


class ProgressHandler(logging.Handler):
    """Turns the run's log records (each carries its Dagster event) into progress."""

    def __init__(self, progress: BuildProgress) -> None:
        super().__init__(logging.DEBUG)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._handle(record)
        except Exception:  # a display problem must never fail a build
            self.handleError(record)

    def _handle(self, record: logging.LogRecord) -> None:
        meta = getattr(record, META, None) or {}
        event = meta.get("dagster_event")
        step = meta.get("step_key") or "run"
        if event is None:
            if record.levelno >= logging.INFO:
                self.progress.on_message(step, str(meta.get("orig_message", record.getMessage())))
            return
        kind = event.event_type_value
        data = event.event_specific_data
        if kind == "ASSET_MATERIALIZATION":
            materialization = data.materialization
            self.progress.on_materialization(
                list(materialization.asset_key.path), dict(materialization.metadata)
            )
        elif kind == "ASSET_CHECK_EVALUATION":
            path = list(data.asset_key.path)
            is_dbt = path[0] not in ("raw", "truth") and not is_ml(path)
            self.progress.on_check(data.passed, is_dbt=is_dbt)
        elif kind == "STEP_FAILURE":
            error = getattr(data, "error", None)
            message = error.message.strip().splitlines()[0] if error and error.message else ""
            self.progress.on_step_failure(step, message)


def file_handler(path) -> logging.Handler:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(CompactFormatter())
    return handler
