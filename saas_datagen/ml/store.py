"""How the `ml` group reads the warehouse and writes its tables.

Feature queries name layers as placeholders (`{entity}`, `{intermediate}`, `{mart}`), which
resolve to the schemas of the build being made, so a model trains on exactly the data it is
published with. `read_features` refuses any query naming the `truth` layer: the generator's
latent variables judge the models (saas_datagen.ml.judge) and never feed them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import polars as pl
import psycopg
from psycopg import sql

from saas_datagen.warehouse.versions import Build

FEATURE_LAYERS = ("intermediate", "entity", "mart")
# Any mention of the truth layer, as a placeholder or a schema name.
_TRUTH = re.compile(r"\btruth\b|\{truth\}", re.IGNORECASE)

_PG_TYPES = {
    pl.Int64: "bigint",
    pl.Int32: "integer",
    pl.Float64: "double precision",
    pl.Boolean: "boolean",
    pl.String: "text",
    pl.Date: "date",
}


class LeakageError(RuntimeError):
    """A feature query read the truth layer."""


@dataclass(frozen=True)
class Layers:
    """The schema each layer of one build lives in."""

    build: Build

    def schema(self, layer: str) -> str:
        return self.build.schema(layer)

    def placeholders(self, layers: tuple[str, ...]) -> dict[str, str]:
        return {layer: f'"{self.schema(layer)}"' for layer in layers}


class _Published:
    """The published schemas (`mart`, ...), for reading after a publish."""

    def placeholders(self, layers: tuple[str, ...]) -> dict[str, str]:
        return {layer: f'"{layer}"' for layer in layers}


PUBLISHED = _Published()


def read_features(
    conn: psycopg.Connection, layers: Layers | _Published, query: str, **params: object
) -> pl.DataFrame:
    """Run a feature query over the build's intermediate, entity and mart layers only."""
    if _TRUTH.search(query):
        raise LeakageError(f"a feature query reads the truth layer: {query[:80]!r}")
    return _read(conn, query.format(**layers.placeholders(FEATURE_LAYERS)), params)


def read_truth(
    conn: psycopg.Connection, layers: Layers, query: str, **params: object
) -> pl.DataFrame:
    """Judging only: a query over the truth layer (and the build's own outputs in mart)."""
    return _read(conn, query.format(**layers.placeholders(("truth", "mart"))), params)


# PostgreSQL type oids -> polars types, so a column typed by the query keeps its type even
# when every value is null (or there are no rows).
_FROM_PG = {
    16: pl.Boolean,
    20: pl.Int64,
    23: pl.Int64,
    25: pl.String,
    700: pl.Float64,
    701: pl.Float64,
    1082: pl.Date,
    1184: pl.Datetime("us", "UTC"),
}


def _read(conn: psycopg.Connection, query: str, params: dict[str, object]) -> pl.DataFrame:
    """The query's rows as a frame, through COPY (CSV): a device-day grid of millions of rows
    costs a CSV buffer, not a Python tuple per row. Column types come from the query."""
    bound = psycopg.ClientCursor(conn).mogrify(query, params)
    with conn.cursor() as cur:
        cur.execute(sql.SQL("SELECT * FROM ({}) q LIMIT 0").format(sql.SQL(bound)))
        types = {c.name: c.type_code for c in cur.description}
        buffer = io.BytesIO()
        copy_sql = sql.SQL("COPY ({}) TO STDOUT WITH (FORMAT csv, HEADER)").format(sql.SQL(bound))
        with cur.copy(copy_sql) as copy:
            for block in copy:
                buffer.write(block)
    if buffer.tell() == 0 or not types:
        return pl.DataFrame(schema={n: _FROM_PG.get(o, pl.Float64) for n, o in types.items()})
    buffer.seek(0)
    # Everything as text first: CSV has no types; each column is then cast from its own.
    raw = pl.read_csv(buffer, infer_schema=False)
    return raw.select(_cast(name, oid) for name, oid in types.items())


def _cast(name: str, oid: int) -> pl.Expr:
    column = pl.col(name)
    target = _FROM_PG.get(oid, pl.Float64)
    if target == pl.Boolean:
        return (column == "t").alias(name)
    if target == pl.Date:
        return column.str.to_date("%Y-%m-%d").alias(name)
    if isinstance(target, pl.Datetime):
        return column.str.to_datetime(time_zone="UTC", time_unit="us").alias(name)
    return column.cast(target).alias(name)


def write_table(
    conn: psycopg.Connection, schema: str, table: str, frame: pl.DataFrame, comment: str
) -> int:
    """Replace `schema.table` with `frame` (COPY), commented; returns the rows written."""
    target = sql.Identifier(schema, table)
    columns = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(_pg_type(dtype)))
        for name, dtype in frame.schema.items()
    )
    conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(target))
    conn.execute(sql.SQL("CREATE TABLE {} ({})").format(target, columns))
    conn.execute(sql.SQL("COMMENT ON TABLE {} IS {}").format(target, sql.Literal(comment)))
    if frame.height:
        buffer = io.BytesIO()
        frame.write_csv(buffer, include_header=False, null_value="\\N")
        with conn.cursor().copy(
            sql.SQL("COPY {} FROM STDIN WITH (FORMAT csv, NULL '\\N')").format(target)
        ) as copy:
            copy.write(buffer.getvalue())
    conn.commit()
    return frame.height


def _pg_type(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.Datetime):
        return "timestamptz"
    for polars_type, pg in _PG_TYPES.items():
        if dtype == polars_type:
            return pg
    raise TypeError(f"no PostgreSQL type for {dtype}")
