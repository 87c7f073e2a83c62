"""Fingerprints of a published warehouse: every table and view of every schema a build
publishes, as (rows, an order-independent hash of its rows). Two warehouses with equal
fingerprints hold the same data, whichever server they live on (`tapflow.py fingerprint`):
how `advance`'s append is checked against a full build (docs/timeline.md)."""

from __future__ import annotations

import hashlib

from saas_datagen.warehouse import server
from saas_datagen.warehouse.ddl import MODEL_SCHEMAS

# An order-independent hash of a relation's rows (`t` its alias), summed in SQL.
ROW_HASH_SUM = "coalesce(sum(('x' || left(md5(t::text), 15))::bit(60)::bigint), 0)"
# A row's text must not depend on the server's or the session's settings.
SESSION_SETTINGS = (
    "SET TIME ZONE 'UTC'",
    "SET DateStyle = 'ISO, YMD'",
    "SET extra_float_digits = 1",
)


def table_fingerprints(url: str) -> dict[str, tuple[int, int]]:
    """schema.relation -> (rows, hash of its rows), for every relation of the published schemas."""
    with server.connect(url) as conn:
        for statement in SESSION_SETTINGS:
            conn.execute(statement)
        relations = conn.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema = ANY(%s) ORDER BY 1, 2",
            (list(MODEL_SCHEMAS),),
        ).fetchall()
        query = 'SELECT count(*), {} FROM "{}"."{}" t'
        return {
            f"{schema}.{name}": tuple(
                conn.execute(query.format(ROW_HASH_SUM, schema, name)).fetchone()
            )
            for schema, name in relations
        }


def digest(fingerprints: dict[str, tuple[int, int]]) -> str:
    """One digest of a whole warehouse's fingerprints."""
    lines = (f"{name} {rows} {hashed}" for name, (rows, hashed) in sorted(fingerprints.items()))
    text = "\n".join(lines)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
