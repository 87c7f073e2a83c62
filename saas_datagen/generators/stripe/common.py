"""Columns and expressions every Stripe table shares (Fivetran system columns, ids, times)."""

from __future__ import annotations

import polars as pl

from saas_datagen.generators.context import GenerationContext, micros_to_timestamp, synced_after
from saas_datagen.generators.stripe.ids import stripe_ids

SOURCE = "stripe"
# The Stripe tables' name for it.
ts = micros_to_timestamp
# Fivetran picks a change up a few minutes after it happens.
SYNC_LAG_US = 7 * 60 * 1_000_000

# Column lines (schema.columns notation) every Stripe table shares.
LIVEMODE = "livemode boolean Always true: live-mode data (the Fivetran package filters on it)."
METADATA = "metadata text? Stripe metadata as JSON text."
CURRENCY = "currency text Three-letter ISO currency code, lower case (usd)."


def stripe_id(prefix: str, column: str, ctx: GenerationContext) -> pl.Expr:
    """Render an integer key column as a Stripe id such as `cus_3j8lUFSW4GX9TP`."""
    return pl.col(column).map_batches(
        lambda keys: stripe_ids(prefix, keys, ctx.seed), return_dtype=pl.String
    )


def synced(ctx: GenerationContext, *changed_us: str | pl.Expr) -> pl.Expr:
    """A few minutes after the row's last change, and always before the horizon."""
    latest = pl.max_horizontal(*(pl.col(c) if isinstance(c, str) else c for c in changed_us))
    return synced_after(ctx, latest, pl.duration(microseconds=SYNC_LAG_US))


def fivetran_columns(ctx: GenerationContext, *changed_us: str | pl.Expr) -> dict[str, pl.Expr]:
    return {"livemode": pl.lit(True), "_fivetran_synced": synced(ctx, *changed_us)}


def json_object(**fields: pl.Expr) -> pl.Expr:
    """A flat JSON object of string values, built column-wise."""
    parts: list[pl.Expr | str] = []
    for i, (name, value) in enumerate(fields.items()):
        parts.append(("{" if i == 0 else ",") + f'"{name}":"')
        parts.append(value.cast(pl.String))
        parts.append('"')
    parts.append("}")
    return pl.concat_str([p if isinstance(p, pl.Expr) else pl.lit(p) for p in parts])
