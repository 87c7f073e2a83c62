"""DDL derived from the table registry.

Statements name tables without a schema: the loader and the rules connect with their
`search_path` set to the raw schema of the build they work on (see `server.connect`), so the
same DDL and SQL serve a build's own schema and the published `raw`.
"""

from __future__ import annotations

from datetime import date, timedelta

from psycopg import sql

from saas_datagen.schema import ForeignKey, TableSpec

RAW_SCHEMA = "raw"
# Every schema a build writes and a publish swaps in, in dependency order.
# `truth` holds the generator's latent variables (issue #13): published with the build it
# describes, never read by a model.
MODEL_SCHEMAS = ("raw", "truth", "staging", "intermediate", "entity", "mart")


def relation(table: str) -> sql.Identifier:
    return sql.Identifier(table)


def create_table(spec: TableSpec, table: str) -> sql.Composed:
    columns = sql.SQL(", ").join(
        sql.SQL("{} {}{}").format(
            sql.Identifier(c.name), sql.SQL(c.pg_type), sql.SQL("" if c.nullable else " NOT NULL")
        )
        for c in spec.columns
    )
    if not spec.day_partitioned:
        return sql.SQL("CREATE TABLE {} ({})").format(relation(table), columns)
    return sql.SQL("CREATE TABLE {} ({}) PARTITION BY RANGE ({})").format(
        relation(table), columns, sql.Identifier(spec.freshness_column)
    )


def day_partition_name(table: str, day: date) -> str:
    return f"{table}_p{day:%Y%m%d}"


def partition_day(table: str, name: str) -> date | None:
    """The day of `table`'s partition called `name` (`day_partition_name`), else None."""
    prefix = f"{table}_p"
    stamp = name.removeprefix(prefix)
    if not name.startswith(prefix) or len(stamp) != 8 or not stamp.isdigit():
        return None
    return date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))


def day_partition(parent: str, day: date, column: str, named: str | None = None) -> sql.Composed:
    """The partition of a day-partitioned table holding one UTC day (bounds are UTC instants,
    so the session's time zone cannot shift a row into its neighbour), named after `named`
    (default: the parent; the append's `<table>__appended` gets `<table>_p<day>` partitions,
    the names they keep once the publish renames it).

    It carries a CHECK constraint equal to its bounds: a day attached to another parent (the
    publish of an advance moves the settled days into the new version, warehouse/append.py)
    is then not scanned to prove it fits. Made on the empty table, it costs nothing."""
    name = day_partition_name(named or parent, day)
    return sql.SQL(
        "CREATE TABLE IF NOT EXISTS {name} PARTITION OF {parent} (CONSTRAINT {check} CHECK "
        "({column} IS NOT NULL AND {column} >= {start} AND {column} < {end})) {bounds}"
    ).format(
        name=relation(name),
        parent=relation(parent),
        check=sql.Identifier(f"{name}_in_day"),
        column=sql.Identifier(column),
        start=sql.Literal(midnight(day)),
        end=sql.Literal(midnight(day + timedelta(days=1))),
        bounds=partition_bounds(day),
    )


def midnight(day: date) -> str:
    """The UTC instant a day starts, as a timestamptz literal's text."""
    return f"{day.isoformat()} 00:00:00+00"


def partition_bounds(day: date) -> sql.Composed:
    """`FOR VALUES …` of a day's partition, as `day_partition` declares it."""
    return sql.SQL("FOR VALUES FROM ({}) TO ({})").format(
        sql.Literal(midnight(day)), sql.Literal(midnight(day + timedelta(days=1)))
    )


def primary_key(spec: TableSpec, table: str | None = None) -> sql.Composed:
    """The key, named after the spec's table whatever `table` the rows are in now."""
    return sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY ({})").format(
        relation(table or spec.name),
        sql.Identifier(f"{spec.name}_pkey"),
        sql.SQL(", ").join(sql.Identifier(c) for c in spec.stored_key_columns),
    )


def foreign_key_name(table: str, fk: ForeignKey) -> str:
    return f"{table}_{fk.column}_fkey"


def foreign_key(table: str, fk: ForeignKey) -> sql.Composed:
    return sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})").format(
        relation(table),
        sql.Identifier(foreign_key_name(table, fk)),
        sql.Identifier(fk.column),
        relation(fk.parent),
        sql.Identifier(fk.parent_column),
    )


def group_statistics(
    table: str, index: int, expressions: tuple[str, ...], on: str | None = None
) -> sql.Composed:
    """ndistinct statistics on a group of columns or expressions (they come from the
    registry, never from users; a bare column is quoted, an expression is taken as written)."""
    items = [
        sql.Identifier(e) if e.isidentifier() else sql.SQL("({})").format(sql.SQL(e))
        for e in expressions
    ]
    return sql.SQL("CREATE STATISTICS {} (ndistinct) ON {} FROM {}").format(
        sql.Identifier(f"{table}_groups_{index}"),
        sql.SQL(", ").join(items),
        relation(on or table),
    )


def index_on(table: str, column: str) -> sql.Composed:
    return sql.SQL("CREATE INDEX {} ON {} ({})").format(
        sql.Identifier(f"{table}_{column}_idx"), relation(table), sql.Identifier(column)
    )
