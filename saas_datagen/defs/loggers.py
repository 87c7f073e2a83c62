"""A compact console logger: time, step and message, without Dagster's run-id prefixes."""

import logging
import sys

import dagster as dg

META = "dagster_meta"
# `saas-datagen build` attaches its log file and progress display to this logger first.
RUN_LOGGER = "saas_datagen.run"


class CompactFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        meta = getattr(record, META, None) or {}
        message = meta.get("orig_message", record.getMessage())
        step = meta.get("step_key") or "run"
        event = meta.get("dagster_event")
        if event is not None and event.is_failure:
            data = event.event_specific_data
            error = getattr(data, "error", None)
            if error is not None:
                message = f"{message}: {error.message.strip().splitlines()[0]}"
        return f"{self.formatTime(record, '%H:%M:%S')}  {step:<28} {message}"


@dg.logger(
    config_schema={"log_level": dg.Field(str, default_value="INFO")},
    description="Time-stamped one-line progress on stderr.",
)
def compact_console(init_context: dg.InitLoggerContext) -> logging.Logger:
    log = logging.getLogger(RUN_LOGGER)
    log.setLevel(init_context.logger_config["log_level"])
    log.propagate = False
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(CompactFormatter())
        log.addHandler(handler)
    return log
