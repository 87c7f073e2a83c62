"""Marketing email: monthly newsletters and quarterly announcements, and every event
of their sends (the eleven typed event tables)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import go_to_market as g
from saas_datagen.generators import timeline
from saas_datagen.generators.context import (
    MICROS_PER_DAY,
    MICROS_PER_HOUR,
    UTC_US,
    GenerationContext,
)
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.crm import crm, crm_synced
from saas_datagen.generators.go_to_market.funnel import MINUTE_US
from saas_datagen.generators.hubspot.common import (
    PORTAL,
    SOURCE,
    about,
    setup_us,
)
from saas_datagen.schema import FIVETRAN_SYNCED, ForeignKey, RowContract, TableSpec, columns


def _email_campaigns(ctx: GenerationContext) -> pl.DataFrame:
    start = setup_us(ctx) + 30 * MICROS_PER_DAY
    horizon = ctx.horizon_us
    rows = []
    for kind, every, subject in (
        ("Newsletter", g.HUBSPOT_NEWSLETTER_EVERY_DAYS, "This month at TapFlow"),
        ("Product announcement", g.HUBSPOT_ANNOUNCEMENT_EVERY_DAYS, "New in TapFlow"),
    ):
        sends = np.arange(start, horizon - MICROS_PER_DAY, every * MICROS_PER_DAY)
        rows.append(
            pl.DataFrame({"send_us": sends + 15 * MICROS_PER_HOUR}).with_columns(
                kind=pl.lit(kind), subject=pl.lit(subject)
            )
        )
    return (
        pl.concat(rows)
        .sort("send_us", "kind")
        .with_columns(id=pl.int_range(1, pl.len() + 1, dtype=pl.Int64) + 60_000_000)
    )


def _email_story(ctx: GenerationContext) -> pl.DataFrame:
    """Every email event: per campaign, a share of the contacts that existed by then gets a
    send, then a delivery (or a bounce or drop), and some open, click, forward, print, report
    spam or unsubscribe."""

    def build(ctx: GenerationContext) -> pl.DataFrame:
        rng = ctx.rng("hubspot.email")
        contacts = crm(ctx).contacts.select("contact_id", "email", "created_us").sort("contact_id")
        created = contacts["created_us"].to_numpy()
        frames = []
        for campaign_id, send_us in _email_campaigns(ctx).select("id", "send_us").iter_rows():
            eligible = np.flatnonzero(created < send_us)
            chosen = eligible[rng.random(eligible.size) < g.HUBSPOT_EMAIL_AUDIENCE_SHARE]
            frames.append(
                contacts[chosen].select(
                    "email", email_campaign_id=pl.lit(campaign_id), sent_us=pl.lit(send_us)
                )
            )
        sends = pl.concat(frames).with_columns(send_key=pl.int_range(pl.len(), dtype=pl.Int64))
        n = sends.height
        p = g.HUBSPOT_EMAIL_OUTCOMES

        def quota(eligible: np.ndarray, rate: float) -> np.ndarray:
            """Exactly round(rate x eligible) of the eligible sends, at least one: rare
            outcomes (prints, spam reports) happen in every environment, however small."""
            pool = np.flatnonzero(eligible)
            k = min(pool.size, max(1, round(rate * pool.size))) if pool.size else 0
            mask = np.zeros(n, bool)
            mask[rng.choice(pool, k, replace=False)] = True
            return mask

        everyone = np.ones(n, bool)
        bounced = quota(everyone, p["bounce"])
        dropped = quota(~bounced, p["dropped"])
        delivered = ~bounced & ~dropped
        opened = quota(delivered, p["open"])
        flags = {
            "SENT": everyone,
            "BOUNCE": bounced,
            "DROPPED": dropped,
            "DEFERRED": quota(delivered, p["deferred"]),
            "DELIVERED": delivered,
            "OPEN": opened,
            "CLICK": quota(opened, p["click"]),
            "FORWARD": quota(opened, p["forward"]),
            "PRINT": quota(opened, p["print"]),
            "SPAMREPORT": quota(delivered, p["spamreport"]),
            "STATUSCHANGE": quota(delivered, p["statuschange"]),
        }
        lag_minutes = {
            "SENT": 0, "DEFERRED": 1, "BOUNCE": 2, "DROPPED": 0, "DELIVERED": 3, "OPEN": 95,
            "CLICK": 97, "FORWARD": 120, "PRINT": 130, "SPAMREPORT": 140, "STATUSCHANGE": 150,
        }  # fmt: skip
        events = pl.concat(
            sends.filter(pl.Series(mask)).with_columns(
                type=pl.lit(kind), at=pl.col("sent_us") + lag_minutes[kind] * MINUTE_US
            )
            for kind, mask in flags.items()
        )
        return (
            events.filter(pl.col("at") < ctx.horizon_us)
            .sort("send_key", "at", "type")
            .with_columns(event_key=pl.int_range(pl.len(), dtype=pl.Int64))
        )

    return ctx.cached("hubspot.email_story", build)


def _event_id(column: str = "event_key") -> pl.Expr:
    """HubSpot email event ids are UUID-like strings."""
    h = pl.col(column).hash(seed=5)
    return pl.format("{}-{}", h.cast(pl.String), pl.col(column))


def email_campaigns(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    sent = (
        _email_story(ctx)
        .filter(pl.col("type") == "SENT")
        .group_by("email_campaign_id")
        .agg(num_included=pl.len())
    )
    yield (
        _email_campaigns(ctx)
        .join(sent, left_on="id", right_on="email_campaign_id", how="left")
        .select(
            "id",
            name=pl.format("{} {}", "kind", _ts("send_us").dt.strftime("%Y-%m")),
            subject="subject",
            type=pl.lit("BATCH_EMAIL"),
            sub_type=pl.lit("batch"),
            app_id=pl.lit(113),
            app_name=pl.lit("Batch"),
            content_id=pl.col("id") + 1_000_000,
            num_included=pl.col("num_included").fill_null(0),
            num_queued=pl.lit(0),
            _fivetran_synced=crm_synced(ctx, "send_us"),
        )
    )


def email_events(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    story = _email_story(ctx)
    sent = story.filter(pl.col("type") == "SENT").select("send_key", sent_key="event_key")
    yield story.join(sent, on="send_key").select(
        id=_event_id(),
        type="type",
        created=_ts("at"),
        recipient="email",
        email_campaign_id="email_campaign_id",
        portal_id=pl.lit(PORTAL),
        app_id=pl.lit(113),
        sent_by_id=pl.when(pl.col("type") != "SENT").then(_event_id("sent_key")),
        sent_by_created=pl.when(pl.col("type") != "SENT").then(_ts("sent_us")),
        caused_by_id=pl.lit(None, pl.String),
        caused_by_created=pl.lit(None, UTC_US),
        obsoleted_by_id=pl.lit(None, pl.String),
        obsoleted_by_created=pl.lit(None, UTC_US),
        filtered_event=pl.lit(False),
        _fivetran_synced=crm_synced(ctx, "at"),
    )


AGENT = pl.lit("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15")


def _typed_events(ctx: GenerationContext, kind: str, **columns: pl.Expr) -> pl.DataFrame:
    return (
        _email_story(ctx)
        .filter(pl.col("type") == kind)
        .select(id=_event_id(), **columns, _fivetran_synced=crm_synced(ctx, "at"))
    )


def _email_event_generator(kind: str, **columns: pl.Expr):
    def generate(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
        yield _typed_events(ctx, kind, **columns)

    generate.__name__ = f"email_event_{kind.lower()}"
    return generate


SENDER = {
    "from": pl.lit("TapFlow <news@tapflow.io>"),
    "reply_to": pl.lit("news@tapflow.io"),
    "cc": pl.lit(None, pl.String),
    "bcc": pl.lit(None, pl.String),
    "subject": pl.lit("News from TapFlow"),
}
SENDER_COLUMNS = """
from text Sender.
reply_to text Reply-to.
cc text? Cc.
bcc text? Bcc.
subject text Subject.
"""
DEVICE = {
    "browser": pl.lit('{"name": "Chrome", "family": "Chrome"}'),
    "ip_address": pl.lit("203.0.113.24"),
    "location": pl.lit('{"country": "United States"}'),
    "user_agent": AGENT,
}
DEVICE_COLUMNS = """
browser text Browser (JSON).
ip_address text IP address.
location text Location (JSON).
user_agent text User agent.
"""
CLICKED = f"{g.SITE}/product/tap-monitoring?utm_source=hubspot&utm_medium=email"
# (table, event type, columns beyond id and _fivetran_synced, their declaration)
EMAIL_EVENT_TABLES = (
    ("sent", "SENT", SENDER, SENDER_COLUMNS),
    (
        "delivered",
        "DELIVERED",
        {"response": pl.lit("250 2.0.0 OK"), "smtp_id": pl.lit(None, pl.String)},
        "response text SMTP response.\nsmtp_id text? SMTP id.",
    ),
    (
        "bounce",
        "BOUNCE",
        {
            "category": pl.lit("HARD_BOUNCE"),
            "response": pl.lit("550 5.1.1 user unknown"),
            "status": pl.lit("5.1.1"),
        },
        "category text Bounce category.\nresponse text SMTP response.\nstatus text SMTP status.",
    ),
    (
        "dropped",
        "DROPPED",
        {
            **SENDER,
            "drop_reason": pl.lit("PREVIOUSLY_BOUNCED"),
            "drop_message": pl.lit("Recipient previously bounced"),
        },
        SENDER_COLUMNS + "drop_reason text Why it was dropped.\ndrop_message text Explanation.",
    ),
    (
        "deferred",
        "DEFERRED",
        {"attempt": pl.lit(1), "response": pl.lit("421 4.7.0 try again later")},
        "attempt integer Delivery attempt.\nresponse text SMTP response.",
    ),
    ("open", "OPEN", {**DEVICE, "duration": pl.lit("4200")}, DEVICE_COLUMNS + "duration text ms."),
    (
        "click",
        "CLICK",
        {**DEVICE, "url": pl.lit(CLICKED), "referer": pl.lit(None, pl.String)},
        DEVICE_COLUMNS + "url text Link clicked.\nreferer text? Referrer.",
    ),
    ("forward", "FORWARD", DEVICE, DEVICE_COLUMNS),
    ("print", "PRINT", DEVICE, DEVICE_COLUMNS),
    (
        "spam_report",
        "SPAMREPORT",
        {"ip_address": DEVICE["ip_address"], "user_agent": AGENT},
        "ip_address text IP address.\nuser_agent text User agent.",
    ),
    (
        "status_change",
        "STATUSCHANGE",
        {
            "source": pl.lit("SOURCE_RECIPIENT"),
            "requested_by": pl.lit(None, pl.String),
            "portal_subscription_status": pl.lit("UNSUBSCRIBED"),
            "subscriptions": pl.lit('[{"id": 1, "status": "UNSUBSCRIBED"}]'),
            "bounced": pl.lit(False),
        },
        "source text Who changed it.\nrequested_by text? Requested by.\n"
        "portal_subscription_status text UNSUBSCRIBED.\n"
        "subscriptions text Subscriptions changed (JSON).\nbounced boolean Caused by a bounce.",
    ),
)


def _campaign_count(size) -> int:
    days = 5 * 365.25 + 30
    return round(days / g.HUBSPOT_NEWSLETTER_EVERY_DAYS + days / g.HUBSPOT_ANNOUNCEMENT_EVERY_DAYS)


def _sends(size) -> float:
    """Each campaign reaches a share of the contacts existing then (about half on average,
    with ~40% yearly growth)."""
    return _campaign_count(size) * size.hubspot_contacts * g.HUBSPOT_EMAIL_AUDIENCE_SHARE * 0.4


def _email_event_spec(table: str, kind: str, cols: dict, declaration: str) -> TableSpec:
    rate = {
        "SENT": 1.0,
        "DELIVERED": 0.97,
        "BOUNCE": g.HUBSPOT_EMAIL_OUTCOMES["bounce"],
        "DROPPED": g.HUBSPOT_EMAIL_OUTCOMES["dropped"],
    }.get(kind)
    if rate is None:
        p = g.HUBSPOT_EMAIL_OUTCOMES
        opens = 0.97 * p["open"]
        rate = {
            "DEFERRED": 0.97 * p["deferred"],
            "OPEN": opens,
            "CLICK": opens * p["click"],
            "FORWARD": opens * p["forward"],
            "PRINT": opens * p["print"],
            "SPAMREPORT": 0.97 * p["spamreport"],
            "STATUSCHANGE": 0.97 * p["statuschange"],
        }[kind]
    return TableSpec(
        source=SOURCE,
        table=f"email_event_{table}",
        description=f"Marketing email events of type {kind} and their details.",
        generate=_email_event_generator(kind, **cols),
        primary_key="id",
        contract=about(lambda size: _sends(size) * rate, 0.9),
        columns=columns(f"""
        id text Email event.
        {declaration}
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("id", "hubspot_email_event", "id"),),
        imitates=f"hubspot.email_event_{table}",
        freshness_column="_fivetran_synced",
        # An event's details sync with it: at a cut-off, those synced by then.
        cut=timeline.fivetran_static,
    )


SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        source=SOURCE,
        table="email_campaign",
        description="Marketing emails: a monthly newsletter and quarterly product announcements.",
        generate=email_campaigns,
        cut=timeline.fivetran_static,
        primary_key="id",
        contract=lambda size: RowContract(_campaign_count(size), tolerance=0.05),
        columns=columns(f"""
        id bigint Email campaign id.
        name text Name.
        subject text Subject line.
        type text BATCH_EMAIL.
        sub_type text batch.
        app_id integer Sending app.
        app_name text Batch.
        content_id bigint Email content.
        num_included bigint Recipients.
        num_queued integer Still queued.
        {FIVETRAN_SYNCED}
        """),
        imitates="hubspot.email_campaign",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="email_event",
        description="Every marketing email event (sent, delivered, opened, clicked, bounced ...).",
        generate=email_events,
        cut=timeline.fivetran_static,
        primary_key="id",
        contract=about(lambda size: _sends(size) * 2.3, 0.6),
        columns=columns(f"""
        id text Event id.
        type text SENT, DELIVERED, OPEN, CLICK, BOUNCE, DROPPED, DEFERRED, FORWARD, ... .
        created timestamptz When.
        recipient text Email address.
        email_campaign_id bigint Campaign.
        portal_id integer HubSpot account.
        app_id integer Sending app.
        sent_by_id text? The SENT event this follows.
        sent_by_created timestamptz? When that was sent.
        caused_by_id text? Causing event (none).
        caused_by_created timestamptz? When (none).
        obsoleted_by_id text? Superseding event (none).
        obsoleted_by_created timestamptz? When (none).
        filtered_event boolean Filtered by HubSpot (bots).
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("email_campaign_id", "hubspot_email_campaign", "id"),),
        index_foreign_keys=False,
        imitates="hubspot.email_event",
        freshness_column="_fivetran_synced",
    ),
    *(_email_event_spec(*spec) for spec in EMAIL_EVENT_TABLES),
)
