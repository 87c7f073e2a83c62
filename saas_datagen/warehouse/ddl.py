"""DDL derived from the table registry."""

from __future__ import annotations

from psycopg import sql

from saas_datagen.schema import ForeignKey, TableSpec

RAW_SCHEMA = "raw"
MODEL_SCHEMAS = ("raw", "staging", "intermediate", "entity", "mart")


def qualified(table: str) -> sql.Composed:
    return sql.SQL("{}.{}").format(sql.Identifier(RAW_SCHEMA), sql.Identifier(table))


def create_table(spec: TableSpec, table: str) -> sql.Composed:
    columns = sql.SQL(", ").join(
        sql.SQL("{} {}{}").format(
            sql.Identifier(c.name), sql.SQL(c.pg_type), sql.SQL("" if c.nullable else " NOT NULL")
        )
        for c in spec.columns
    )
    return sql.SQL("CREATE TABLE {} ({})").format(qualified(table), columns)


def primary_key(spec: TableSpec) -> sql.Composed:
    return sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY ({})").format(
        qualified(spec.name),
        sql.Identifier(f"{spec.name}_pkey"),
        sql.SQL(", ").join(sql.Identifier(c) for c in spec.key_columns),
    )


def foreign_key_name(table: str, fk: ForeignKey) -> str:
    return f"{table}_{fk.column}_fkey"


def foreign_key(table: str, fk: ForeignKey, validate: bool = True) -> sql.Composed:
    """NOT VALID (validate=False) enforces the key for new rows but trusts existing ones."""
    statement = "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})"
    return sql.SQL(statement + ("" if validate else " NOT VALID")).format(
        qualified(table),
        sql.Identifier(foreign_key_name(table, fk)),
        sql.Identifier(fk.column),
        qualified(fk.parent),
        sql.Identifier(fk.parent_column),
    )


def index_on(table: str, column: str) -> sql.Composed:
    return sql.SQL("CREATE INDEX {} ON {} ({})").format(
        sql.Identifier(f"{table}_{column}_idx"), qualified(table), sql.Identifier(column)
    )
