"""The generation context: what every generator is a pure function of.

Random streams are derived from (seed, stream name, chunk index) only, so a table's data
does not depend on which other tables were generated, in which order, or how it is chunked.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import numpy as np
import polars as pl

from saas_datagen.config.environments import EnvironmentSize, size_for

MICROS_PER_DAY = 86_400_000_000
MICROS_PER_HOUR = 3_600_000_000
# 9999-12-31 23:59:59.999: Fivetran history mode's `_fivetran_end` of a version still current.
FIVETRAN_FAR_FUTURE_US = 253402300799999000
# The connector's last sync comes this long before the story's end (or a cut-off).
LAST_SYNC_BEFORE_US = 60_000_000
# How every generated timestamp is typed.
UTC_US = pl.Datetime("us", "UTC")
T = TypeVar("T")


def stream_key(name: str) -> int:
    """A stable 32-bit key for a stream name (Python's hash() is salted per process)."""
    return zlib.crc32(name.encode())


@dataclass
class GenerationContext:
    seed: int
    env: str
    as_of: date
    # How generation work is batched; never changes the data (tested).
    units_per_chunk: int = 8
    # One generator thread keeps up with COPY and leaves the other core to PostgreSQL.
    workers: int = 1
    # Labelled metric anomalies injected into the day-by-day KPIs (generators/anomalies.py).
    inject_anomalies: bool = False
    # The environment's counts multiplied (`export --scale`: Parquet beyond prod); 1 = as is.
    scale: int = 1
    # The day every story runs to (docs/timeline.md): sizes and quotas are fitted there and
    # `as_of` only cuts the story (TableSpec.cut). None: the story ends at as_of, as always.
    story_end: date | None = None
    # The first as_of a story that runs to `story_end` is cut at (docs/timeline.md): the event
    # windows (tap events, telemetry, app usage) hold their days before it and run on to the
    # story's end, so a later cut-off adds days and removes none. None: the story's end.
    anchor: date | None = None
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)
    # Which table last used each cached story (a count of tables started), and how often
    # each was built: a story built twice in one build was dropped too early.
    _tables_started: int = field(default=0, repr=False)
    _last_used: dict[str, int] = field(default_factory=dict, repr=False)
    builds: Counter[str] = field(default_factory=Counter, repr=False)

    def __post_init__(self) -> None:
        if self.story_end is not None and self.story_end < self.as_of:
            raise ValueError(
                f"as_of {self.as_of} is after the story's end {self.story_end}: "
                "a cut-off can only fall on or before the day the story runs to"
            )
        if self.anchor is not None and (self.story_end is None or self.anchor > self.as_of):
            raise ValueError(
                f"the anchor {self.anchor} must fall on or before as_of {self.as_of}, "
                "in a story with an end (story_end)"
            )

    @property
    def size(self) -> EnvironmentSize:
        return size_for(self.env).scaled(self.scale)

    @property
    def horizon(self) -> datetime:
        """The stories' end: nothing happens at or after midnight UTC starting the story's
        last day (`story_end`, or the `as_of` day)."""
        return _midnight(self.story_end or self.as_of)

    @property
    def cutoff_us(self) -> int:
        """Midnight UTC starting the `as_of` day: a table shows what happened before it."""
        return midnight_us(self.as_of)

    @property
    def is_cut(self) -> bool:
        """True when the story has an end of its own, so every table is its cut at `as_of`
        (at the story's end too: an anchored event window holds more than the table shows)."""
        return self.story_end is not None

    @property
    def at_story_end(self) -> bool:
        """True when the cut-off is the story's end: a state known only there (an account past
        due, docs/timeline.md) is shown as the story has it."""
        return self.cutoff_us == self.horizon_us

    @property
    def horizon_us(self) -> int:
        return midnight_us(self.story_end or self.as_of)

    def days_before_horizon_us(self, days: float) -> int:
        return self.horizon_us - int(days * MICROS_PER_DAY)

    @property
    def anchor_day(self) -> date:
        """The anchor, or the story's end when there is none."""
        return self.anchor or self.story_end or self.as_of

    @property
    def anchor_us(self) -> int:
        """Midnight UTC starting the anchor day."""
        return midnight_us(self.anchor_day)

    def window_start_us(self, days: int) -> int:
        """The first day of an event window that holds `days` days before the anchor."""
        return self.anchor_us - days * MICROS_PER_DAY

    def window_days(self, days: int) -> int:
        """How many days an event window of `days` days before the anchor holds up to the
        story's end: `days` itself when the anchor is the end."""
        return days + (self.horizon_us - self.anchor_us) // MICROS_PER_DAY

    def rng(self, stream: str, chunk: int = 0) -> np.random.Generator:
        return np.random.default_rng([self.seed, stream_key(stream), chunk])

    def cached(self, name: str, build: Callable[[GenerationContext], T]) -> T:
        """Build an intermediate or parent frame once per context (until dropped)."""
        if name not in self._cache:
            self._cache[name] = build(self)
            self.builds[name] += 1
        self._last_used[name] = self._tables_started
        return self._cache[name]

    def start_table(self) -> None:
        """A build begins generating its next table (the clock `drop_idle` counts in)."""
        self._tables_started += 1

    def drop_idle(self, idle_tables: int, min_bytes: int) -> list[str]:
        """Forget big cached stories no table used in the last `idle_tables` tables.

        Builds load each source's tables together (registry order), so a big story
        idle that long is done with; were it needed again it is rebuilt, identically (every
        story is a pure function of the context), only slower. Small ones stay."""
        dropped = [
            name
            for name, value in self._cache.items()
            if self._tables_started - self._last_used[name] >= idle_tables
            and estimated_bytes(value) >= min_bytes
        ]
        for name in dropped:
            del self._cache[name]
        return dropped


def check_timeline(as_of: date, story_end: date | None, anchor: date | None) -> None:
    """The timeline settings a user gave, checked before any work (docs/timeline.md): the
    same rules GenerationContext enforces, as a clear error."""
    from saas_datagen.errors import UserFacingError

    if anchor is not None and story_end is None:
        raise UserFacingError("--anchor needs --story-end: it anchors a story that runs on")
    try:
        GenerationContext(seed=0, env="dev", as_of=as_of, story_end=story_end, anchor=anchor)
    except ValueError as error:
        raise UserFacingError(str(error)) from None


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def midnight_us(day: date) -> int:
    """Midnight UTC starting `day`, in microseconds since the epoch."""
    return int(_midnight(day).timestamp() * 1_000_000)


def estimated_bytes(value: object) -> int:
    """Roughly what a cached story holds: its frames and arrays, through containers."""
    if isinstance(value, pl.DataFrame | pl.Series):
        return int(value.estimated_size())
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(estimated_bytes(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return sum(estimated_bytes(v) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(estimated_bytes(v) for v in value)
    return 0


def to_datetime(micros: np.ndarray) -> pl.Series:
    return pl.Series(micros.astype(np.int64)).cast(pl.Datetime("us", "UTC"))


def micros_to_timestamp(column: str | pl.Expr) -> pl.Expr:
    """An integer microseconds-since-epoch column (how generators keep time) as UTC time."""
    expr = pl.col(column) if isinstance(column, str) else column
    return expr.cast(pl.Int64).cast(UTC_US)


def synced_after(ctx: GenerationContext, changed: pl.Expr, lag: pl.Expr) -> pl.Expr:
    """`_fivetran_synced`: the connector picks a change up `lag` later, never after the horizon."""
    latest = pl.lit(ctx.horizon_us - LAST_SYNC_BEFORE_US).cast(UTC_US)
    return pl.min_horizontal(changed.cast(UTC_US) + lag, latest).alias("_fivetran_synced")
