"""How a raw table is declared: columns, keys, integrity rules, size contract, generator.

Assets, DDL, loader order, dbt source docs and checks are all derived from these specs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from saas_datagen.config.environments import EnvironmentSize
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext, midnight_us
from saas_datagen.generators.parallel import batched, ordered_map

POLARS_TYPES: dict[str, pl.DataType] = {
    "bigint": pl.Int64(),
    "integer": pl.Int32(),
    "smallint": pl.Int16(),
    "double precision": pl.Float64(),
    "real": pl.Float32(),
    "boolean": pl.Boolean(),
    "text": pl.String(),
    "date": pl.Date(),
    "timestamptz": pl.Datetime("us", "UTC"),
}


@dataclass(frozen=True)
class Column:
    name: str
    pg_type: str
    description: str
    nullable: bool = False
    # The type staging casts it to, where the connector lands it looser (ids as text).
    staging_type: str | None = None

    @property
    def polars_type(self) -> pl.DataType:
        return POLARS_TYPES[self.pg_type]


@dataclass(frozen=True)
class ForeignKey:
    column: str
    parent: str
    parent_column: str


@dataclass(frozen=True)
class TemporalRule:
    """`column` of this table must not be earlier than `parent_column` of the row that
    `via` (one of this table's foreign-key columns) points to."""

    column: str
    via: str
    parent_column: str


@dataclass(frozen=True)
class RowContract:
    expected: int
    tolerance: float = 0.0  # 0 means exact

    def accepts(self, rows: int) -> bool:
        return abs(rows - self.expected) <= self.expected * self.tolerance

    def describe(self) -> str:
        if self.tolerance == 0:
            return f"exactly {self.expected:,}"
        return f"{self.expected:,} ±{self.tolerance:.0%}"


# Below this many accounts a table whose size follows each account's whole billing history
# (tenure, interval, churn) cannot be held to ±10%: the sum over 100 accounts' lifetimes
# alone varies by ±6% between seeds (measured over seeds 0-15 in dev), with tails past 10%.
SMALL_SAMPLE_ACCOUNTS = 1_000
SMALL_SAMPLE_TOLERANCE = 0.15


def lifetime_contract(size: EnvironmentSize, expected: int, tolerance: float = 0.1) -> RowContract:
    """The contract of a table that sums the accounts' lifetimes (Stripe's invoices and
    events): the usual band, widened for a small sample of accounts."""
    if size.accounts < SMALL_SAMPLE_ACCOUNTS:
        tolerance = max(tolerance, SMALL_SAMPLE_TOLERANCE)
    return RowContract(expected, tolerance)


Generator = Callable[[GenerationContext], Iterator[pl.DataFrame]]
ROWS_PER_SLICE = 250_000
# How many days after its own a unit's rows can fall on (a pour at 23:00 in Honolulu is the
# next UTC day; a page view of a session begun before midnight): `frames_since` draws the
# units from this many days earlier.
SPILL_DAYS = 2


def _default_chunk_units(ctx: GenerationContext) -> int:
    return ctx.units_per_chunk


@dataclass(frozen=True)
class UnitStream:
    """A table generated from fixed units (tpchgen's parts): a unit's rows depend only on
    (seed, table, unit), so the units batched into chunks, and the chunks cut into any
    ranges, generated anywhere and put back in order, are the table (a test proves it)."""

    units: Callable[[GenerationContext], Sequence[Any]]
    # The rows of one chunk: a list of consecutive units.
    build: Callable[[GenerationContext, list[Any]], pl.DataFrame]
    chunk_units: Callable[[GenerationContext], int] = _default_chunk_units
    # Midnight UTC (µs) starting the day a unit draws (its rows may spill into the next day:
    # local evenings are the next UTC day). None: units are not days (no append, see
    # warehouse/append.py).
    unit_day_us: Callable[[GenerationContext, Any], int] | None = None

    def chunks(self, ctx: GenerationContext) -> list[list[Any]]:
        return list(batched(list(self.units(ctx)), self.chunk_units(ctx)))

    def generate_since(self, ctx: GenerationContext, first_us: int) -> Iterator[pl.DataFrame]:
        """The rows of the units whose day starts at or after `first_us`, in order (a unit's
        rows depend on the unit alone, so they are the full table's rows of those units)."""
        if self.unit_day_us is None:
            raise ValueError("this stream's units are not days: it cannot start at a day")
        units = [u for u in self.units(ctx) if self.unit_day_us(ctx, u) >= first_us]
        yield from self._built(ctx, batched(units, self.chunk_units(ctx)))

    def generate(
        self, ctx: GenerationContext, first: int = 0, stop: int | None = None
    ) -> Iterator[pl.DataFrame]:
        """The chunks `first` to `stop` (all by default), in order, `ctx.workers` at a time."""
        yield from self._built(ctx, self.chunks(ctx)[first:stop])

    def _built(
        self, ctx: GenerationContext, chunks: Iterable[Sequence[Any]]
    ) -> Iterator[pl.DataFrame]:
        """Each chunk's rows, in order, `ctx.workers` chunks at a time."""
        return ordered_map(lambda chunk: self.build(ctx, list(chunk)), list(chunks), ctx.workers)


@dataclass(frozen=True)
class TableSpec:
    source: str
    table: str
    description: str
    columns: tuple[Column, ...]
    # One column, or several for a composite key (history tables: id + _fivetran_start).
    primary_key: str | tuple[str, ...]
    contract: Callable[[EnvironmentSize], RowContract]
    # How the rows are made: a generator of frames, or (for the event-sized tables) a stream of
    # units that can be cut into ranges and generated apart (the export's Dask tasks).
    generate: Generator | None = None
    stream: UnitStream | None = None
    foreign_keys: tuple[ForeignKey, ...] = ()
    temporal_rules: tuple[TemporalRule, ...] = ()
    # Timestamp that shows how fresh the table is (dbt source freshness).
    freshness_column: str | None = None
    # Index foreign-key columns after load (skipped for huge fact tables).
    index_foreign_keys: bool = True
    # Tables that must be loaded first although no foreign key says so (the table's checks
    # read them, e.g. an audit trail checked against the objects it describes).
    depends_on: tuple[str, ...] = ()
    # The connector table this one imitates, `<connector>.<table>` (e.g. `stripe.charge`):
    # its columns must meet that Fivetran package's column contract
    # (fivetran_compat/column_contract.json). None for the company's own tables.
    imitates: str | None = None
    # Column groups (columns or SQL expressions) that models group by together: the loader
    # declares ndistinct statistics on each, so PostgreSQL estimates those groups from the
    # data instead of assuming every row is its own group (which made it plan a 200M-row
    # aggregate as 32 partitions spilled to disk).
    group_statistics: tuple[tuple[str, ...], ...] = ()
    # The schema it loads into: `raw` (what the sources land), or `truth` (the generator's
    # latent variables behind the raw data: kept apart, never a dbt source or an ML feature).
    layer: str = "raw"
    # An event-sized table whose rows belong to the UTC day of `freshness_column` (its event
    # time), stored by day in every sink: PostgreSQL native range partitions (one per day, so a
    # day attaches or drops without rewriting the table) and Hive partitions `day=YYYY-MM-DD`
    # in Parquet. Only for dense daily tables: one with a long sparse history (Amplitude's
    # five years of funnel milestones) would become a thousand tiny partitions.
    day_partitioned: bool = False
    # How the table looks at a cut-off before the story's end (docs/timeline.md): the story's
    # rows and the context in, the rows as of `ctx.cutoff_us` out. None: not cut yet (a build
    # with as_of before the story's end refuses the table).
    cut: Callable[[GenerationContext, pl.DataFrame], pl.DataFrame] | None = None
    # Its row-count contract at a cut-off before the story's end, from the growth model's
    # share of the story's sign-ups by then and the days the event windows have run past the
    # anchor; None: the generic rule (quality.rules.contract_at).
    contract_at_cut: Callable[[EnvironmentSize, float, int], RowContract] | None = None

    def __post_init__(self) -> None:
        if (self.generate is None) == (self.stream is None):
            raise ValueError(f"{self.name}: declare exactly one of generate and stream")
        if self.stream is not None:
            object.__setattr__(self, "generate", self.stream.generate)
        if self.day_partitioned and self.freshness_column is None:
            raise ValueError(f"{self.name}: day_partitioned needs a freshness_column (its day)")

    @property
    def name(self) -> str:
        """The table name: `<source>_<table>` in raw as in DESIGN.md section 4, the bare
        `<table>` in any other layer (`truth.account_churn`)."""
        return f"{self.source}_{self.table}" if self.layer == "raw" else self.table

    @property
    def generated_by_day(self) -> bool:
        """Stored by day and drawn from day units: a later cut can start at a day (the append
        of `advance`, warehouse/append.py)."""
        return (
            self.day_partitioned and self.stream is not None and self.stream.unit_day_us is not None
        )

    @property
    def key_columns(self) -> tuple[str, ...]:
        return (self.primary_key,) if isinstance(self.primary_key, str) else self.primary_key

    @property
    def stored_key_columns(self) -> tuple[str, ...]:
        """The key PostgreSQL enforces: a partitioned table's unique constraints must hold its
        partition column, so a day-partitioned table's is (key, day column); the key alone
        stays unique by construction and is tested by dbt's source tests."""
        if self.day_partitioned and self.freshness_column not in self.key_columns:
            return (*self.key_columns, self.freshness_column)
        return self.key_columns

    @property
    def parents(self) -> tuple[str, ...]:
        referenced = (fk.parent for fk in self.foreign_keys if fk.parent != self.name)
        return tuple(dict.fromkeys((*referenced, *self.depends_on)))

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def foreign_key_for(self, column: str) -> ForeignKey:
        return next(fk for fk in self.foreign_keys if fk.column == column)

    def conform(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Columns in declared order and types; an undeclared or missing column is a bug."""
        missing = set(self.column_names) - set(frame.columns)
        extra = set(frame.columns) - set(self.column_names)
        if missing or extra:
            raise ValueError(
                f"{self.name}: missing columns {missing or '{}'}, extra {extra or '{}'}"
            )
        return frame.select(pl.col(c.name).cast(c.polars_type) for c in self.columns)

    def frames(
        self, ctx: GenerationContext, chunks: tuple[int, int] | None = None
    ) -> Iterator[pl.DataFrame]:
        """The generated rows in conformed slices of at most ROWS_PER_SLICE rows, so a table
        generated as one big frame still reaches COPY (and its CSV buffer) piece by piece.
        With `chunks` (first, stop), only that range of a stream table's chunks."""
        if chunks is not None and self.stream is None:
            raise ValueError(f"{self.name} is not a unit stream: it cannot be cut into chunks")
        frames = self.generate(ctx) if chunks is None else self.stream.generate(ctx, *chunks)
        yield from self._cut_and_sliced(ctx, frames)

    def frames_since(self, ctx: GenerationContext, day: date) -> Iterator[pl.DataFrame]:
        """The rows of the days from `day` on, as `frames` makes them (the append of a later
        cut: warehouse/append.py): the units from a day earlier, whose rows can spill into
        `day`, cut like the whole table, then kept from `day` on."""
        if not self.generated_by_day:
            raise ValueError(f"{self.name} is not generated by day: it cannot start at a day")
        first_us = midnight_us(day)
        frames = self.stream.generate_since(ctx, first_us - SPILL_DAYS * MICROS_PER_DAY)
        for frame in self._cut_and_sliced(ctx, frames):
            kept = frame.filter(pl.col(self.freshness_column).dt.epoch("us") >= first_us)
            if kept.height:
                yield kept

    def _cut_and_sliced(
        self, ctx: GenerationContext, frames: Iterator[pl.DataFrame]
    ) -> Iterator[pl.DataFrame]:
        if ctx.is_cut and self.cut is None:
            raise NotImplementedError(
                f"{self.name} has no timeline cut yet (docs/timeline.md): it cannot be "
                f"generated at as_of {ctx.as_of} in a story that runs to {ctx.story_end}"
            )
        if ctx.is_cut:
            frames = (self.cut(ctx, frame) for frame in frames)
        for frame in frames:
            for part in frame.iter_slices(ROWS_PER_SLICE):
                yield self.conform(part)


# The `_fivetran_synced` line of a Fivetran-shaped table's `columns()` declaration.
FIVETRAN_SYNCED = "_fivetran_synced timestamptz When Fivetran last synced the row."


def columns(declaration: str) -> tuple[Column, ...]:
    """Columns from compact lines `name type[?][>staging_type] description` (`?` = nullable;
    `text>bigint`: landed as text, cast to bigint in staging).

    Multi-word types are written with underscores (`double_precision`).
    """
    parsed = []
    for line in filter(str.strip, declaration.strip().splitlines()):
        name, types, *words = line.split(maxsplit=2)
        pg_type, _, staging_type = types.partition(">")
        nullable = pg_type.endswith("?")
        parsed.append(
            Column(
                name,
                pg_type.rstrip("?").replace("_", " "),
                words[0] if words else name.replace("_", " "),
                nullable=nullable,
                staging_type=staging_type.replace("_", " ") or None,
            )
        )
    return tuple(parsed)
