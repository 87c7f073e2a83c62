"""raw.stripe_event: the chronological audit trail of every object change.

Events are derived from the ledger's own timestamps, so each one happens exactly when its
object changed. The trail is built as compact integer rows, sorted once, and rendered to
Stripe ids and JSON in bounded chunks (4M events in prod).
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.generators import timeline
from saas_datagen.generators.app_database import accounts
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext
from saas_datagen.generators.stripe.catalog import catalog_created_us
from saas_datagen.generators.stripe.common import LIVEMODE, SOURCE, synced
from saas_datagen.generators.stripe.ids import stripe_ids
from saas_datagen.generators.stripe.ledger import ledger
from saas_datagen.schema import FIVETRAN_SYNCED, TableSpec, columns, lifetime_contract

CHUNK_ROWS = 250_000
TRIAL_WILL_END_DAYS = 3
# Object type (as in the event's data.object.object) of each id prefix.
OBJECT_OF_PREFIX = {
    "prod": "product",
    "price": "price",
    "cus": "customer",
    "sub": "subscription",
    "in": "invoice",
    "pi": "payment_intent",
    "ch": "charge",
    "re": "refund",
}
# Events raised by an API call carry a request id; the rest are automatic.
API_EVENTS = (
    "customer.created",
    "customer.subscription.created",
    "product.created",
    "price.created",
)


def _rows(
    frame: pl.DataFrame, event: str, prefix: str, at: str, key: str, status: pl.Expr | None = None
) -> pl.DataFrame:
    return frame.select(
        created=pl.col(at).cast(pl.Int64),
        type=pl.lit(event).cast(pl.Categorical),
        prefix=pl.lit(prefix).cast(pl.Categorical),
        object_key=pl.col(key).cast(pl.Int64),
        status=(status if status is not None else pl.lit(None, pl.String)).cast(pl.Categorical),
    )


def _catalog(count: int, at: int) -> pl.DataFrame:
    return pl.DataFrame({"key": range(1, count + 1), "at": [at] * count})


def _us(column: str) -> pl.Expr:
    return pl.col(column).dt.epoch("us")


def trail(ctx: GenerationContext) -> pl.DataFrame:
    """Every event as (created, type, object prefix, object key, status), in order."""
    led = ledger(ctx)
    catalog_at = catalog_created_us(ctx)
    subs = led.subscriptions.with_columns(started=_us("started_at"), trial_end=_us("trial_end_at"))
    versions = led.versions.with_columns(
        first=pl.col("at") == pl.col("at").min().over("subscription_id")
    )
    invoices = led.invoices
    charged = invoices.filter(pl.col("total") > 0)
    charges = led.charges
    trial_warning = (
        subs.filter("has_trial")
        .with_columns(warn=pl.col("trial_end") - TRIAL_WILL_END_DAYS * MICROS_PER_DAY)
        .filter(pl.col("warn") < ctx.horizon_us)
    )
    parts = [
        _rows(
            _catalog(2 * len(d.TIERS) + len(d.ADD_ONS), catalog_at),
            "price.created",
            "price",
            "at",
            "key",
        ),
        _rows(
            _catalog(len(d.TIERS) + len(d.ADD_ONS), catalog_at),
            "product.created",
            "prod",
            "at",
            "key",
        ),
        _rows(
            accounts.build(ctx).with_columns(at=_us("created_at")),
            "customer.created",
            "cus",
            "at",
            "account_id",
        ),
        _rows(
            versions.filter("first"),
            "customer.subscription.created",
            "sub",
            "at",
            "subscription_id",
            pl.col("status"),
        ),
        _rows(
            versions.filter(~pl.col("first") & (pl.col("status") != "canceled")),
            "customer.subscription.updated",
            "sub",
            "at",
            "subscription_id",
            pl.col("status"),
        ),
        _rows(
            versions.filter(pl.col("status") == "canceled"),
            "customer.subscription.deleted",
            "sub",
            "at",
            "subscription_id",
            pl.col("status"),
        ),
        _rows(
            trial_warning,
            "customer.subscription.trial_will_end",
            "sub",
            "warn",
            "subscription_id",
            pl.lit("trialing"),
        ),
        _rows(invoices, "invoice.created", "in", "created", "invoice_key", pl.lit("draft")),
        _rows(invoices, "invoice.finalized", "in", "finalized", "invoice_key", pl.lit("open")),
        _rows(
            invoices.filter(pl.col("status") == "paid"),
            "invoice.paid",
            "in",
            "paid_at",
            "invoice_key",
            pl.lit("paid"),
        ),
        _rows(
            charges.filter(~pl.col("succeeded")),
            "invoice.payment_failed",
            "in",
            "charged_at",
            "invoice_key",
            pl.lit("open"),
        ),
        _rows(
            invoices.filter(pl.col("status") == "uncollectible"),
            "invoice.marked_uncollectible",
            "in",
            "uncollectible_at",
            "invoice_key",
            pl.lit("uncollectible"),
        ),
        _rows(
            charged,
            "payment_intent.created",
            "pi",
            "finalized",
            "invoice_key",
            pl.lit("requires_confirmation"),
        ),
        _rows(
            charged.filter(pl.col("status") == "paid"),
            "payment_intent.succeeded",
            "pi",
            "paid_at",
            "invoice_key",
            pl.lit("succeeded"),
        ),
        _rows(
            charges.filter(~pl.col("succeeded")),
            "payment_intent.payment_failed",
            "pi",
            "charged_at",
            "invoice_key",
            pl.lit("requires_payment_method"),
        ),
        _rows(
            charges.filter("succeeded"),
            "charge.succeeded",
            "ch",
            "charged_at",
            "charge_key",
            pl.lit("succeeded"),
        ),
        _rows(
            charges.filter(~pl.col("succeeded")),
            "charge.failed",
            "ch",
            "charged_at",
            "charge_key",
            pl.lit("failed"),
        ),
        _rows(
            led.refunds, "charge.refunded", "ch", "refunded_at", "charge_key", pl.lit("succeeded")
        ),
        _rows(
            led.refunds,
            "charge.refund.updated",
            "re",
            "refunded_at",
            "refund_key",
            pl.lit("succeeded"),
        ),
    ]
    order = {
        name: i
        for i, name in enumerate(
            [
                "product.created",
                "price.created",
                "customer.created",
                "customer.subscription.created",
                "invoice.created",
                "invoice.finalized",
                "payment_intent.created",
                "charge.failed",
                "payment_intent.payment_failed",
                "invoice.payment_failed",
                "charge.succeeded",
                "payment_intent.succeeded",
                "invoice.paid",
                "customer.subscription.updated",
                "customer.subscription.trial_will_end",
                "invoice.marked_uncollectible",
                "customer.subscription.deleted",
                "charge.refunded",
                "charge.refund.updated",
            ]
        )
    }
    return (
        pl.concat(parts)
        .with_columns(
            rank=pl.col("type").cast(pl.String).replace_strict(order, return_dtype=pl.Int32)
        )
        .sort("created", "rank", "object_key")
        .with_columns(event_key=pl.int_range(1, pl.len() + 1, dtype=pl.Int64))
        .drop("rank")
    )


def _render(ctx: GenerationContext, chunk: pl.DataFrame) -> pl.DataFrame:
    object_ids = pl.concat(
        [
            part.select("event_key", object_id=stripe_ids(prefix, part["object_key"], ctx.seed))
            for (prefix,), part in chunk.group_by(pl.col("prefix").cast(pl.String))
        ]
    )
    chunk = chunk.join(object_ids, on="event_key").sort("event_key")
    api = pl.col("type").is_in(API_EVENTS)
    data = pl.concat_str(
        pl.lit('{"object":{"id":"'),
        pl.col("object_id"),
        pl.lit('","object":"'),
        pl.col("prefix").cast(pl.String).replace_strict(OBJECT_OF_PREFIX, return_dtype=pl.String),
        pl.lit('","status":"'),
        pl.col("status").cast(pl.String).fill_null(""),
        pl.lit('"}}'),
    )
    return chunk.select(
        id=pl.Series(stripe_ids("evt", chunk["event_key"], ctx.seed)),
        type=pl.col("type").cast(pl.String),
        created=pl.col("created").cast(pl.Datetime("us", "UTC")),
        api_version=pl.lit(d.STRIPE_API_VERSION),
        data=data,
        object_id="object_id",
        request_id=pl.when(api).then(pl.Series(stripe_ids("req", chunk["event_key"], ctx.seed))),
        pending_webhooks=pl.lit(0),
        livemode=pl.lit(True),
        _fivetran_synced=synced(ctx, "created"),
    )


def generate_events(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    events = trail(ctx)
    for offset in range(0, events.height, CHUNK_ROWS):
        yield _render(ctx, events.slice(offset, CHUNK_ROWS))


EVENT = TableSpec(
    source=SOURCE,
    table="event",
    description="Audit trail: one event per object change, in chronological id order.",
    primary_key="id",
    generate=generate_events,
    cut=timeline.fivetran_facts("created"),
    contract=lambda size: lifetime_contract(size, size.stripe_events),
    freshness_column="created",
    index_foreign_keys=False,
    depends_on=("stripe_customer", "stripe_invoice", "stripe_charge", "stripe_refund"),
    columns=columns(
        f"""
        id text Event id (evt_...).
        type text Event type, e.g. invoice.paid.
        created timestamptz When the change happened.
        api_version text Stripe API version of the payload.
        data text JSON text: {{"object": {{id, object, status}}}}.
        object_id text Id of the object that changed (data.object.id).
        request_id text? API request that caused it, if any.
        pending_webhooks integer Webhooks not yet delivered.
        {LIVEMODE}
        {FIVETRAN_SYNCED}
        """
    ),
)
