"""A sink's work cut into parts, and what a worker needs to make a part's rows (issue #14).

A part is a table, or a range of a stream table's chunks (schema.UnitStream). Its rows depend
only on the run's settings and the part, so parts can be generated anywhere, in any order, by
any number of workers, and still make the same table: the Parquet sink writes each part's
files, the PostgreSQL sink COPYs each part into the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from saas_datagen.generators.context import GenerationContext
from saas_datagen.schema import TableSpec

# A stream table's part (one task): this many chunks, ~200k rows each at every size.
CHUNKS_PER_PART = 5


@dataclass(frozen=True)
class Settings:
    """What a worker needs to make the same rows: the run's settings, not its objects."""

    seed: int
    env: str
    as_of: date
    inject_anomalies: bool
    scale: int = 1
    # The chunking the parts were cut in: a part names chunk numbers, so the worker must batch
    # units as the planner did (the rows never depend on it; the numbering does).
    units_per_chunk: int = GenerationContext.units_per_chunk
    story_end: date | None = None
    anchor: date | None = None

    @classmethod
    def of(cls, ctx: GenerationContext) -> Settings:
        return cls(
            ctx.seed,
            ctx.env,
            ctx.as_of,
            ctx.inject_anomalies,
            ctx.scale,
            ctx.units_per_chunk,
            ctx.story_end,
            ctx.anchor,
        )

    def context(self) -> GenerationContext:
        return GenerationContext(
            seed=self.seed,
            env=self.env,
            as_of=self.as_of,
            inject_anomalies=self.inject_anomalies,
            scale=self.scale,
            units_per_chunk=self.units_per_chunk,
            story_end=self.story_end,
            anchor=self.anchor,
        )


@dataclass(frozen=True)
class Part:
    """One task of a sink: a table, or a range of a stream table's chunks."""

    table: str
    index: int
    chunks: tuple[int, int] | None  # None: the whole table


def plan(specs: list[TableSpec], ctx: GenerationContext) -> list[Part]:
    """The parts of `specs`, in their order: a stream table is cut every CHUNKS_PER_PART
    chunks (about a million rows), any other table is one part. The cut depends on the data
    only, so the output is the same however many workers make it."""
    parts = []
    for spec in specs:
        if spec.stream is None:
            parts.append(Part(spec.name, 0, None))
            continue
        count = len(spec.stream.chunks(ctx))
        starts = range(0, max(count, 1), CHUNKS_PER_PART)
        parts += [
            Part(spec.name, i, (first, min(first + CHUNKS_PER_PART, count)))
            for i, first in enumerate(starts)
        ]
    return parts
