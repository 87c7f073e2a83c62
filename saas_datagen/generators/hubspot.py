"""HubSpot tables beyond the CRM core (crm_tables.py): the workspace (users, teams, roles),
engagement and ticket associations, the support pipeline, property histories, marketing
email campaigns and events, contact lists and forms, shaped like Fivetran's hubspot connector.

Everything derives from the CRM story (`crm`): the same owners, contacts, companies, deals,
engagements and tickets, so the package's reports agree with our marts.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.config import go_to_market as g
from saas_datagen.generators.context import (
    MICROS_PER_DAY,
    MICROS_PER_HOUR,
    UTC_US,
    GenerationContext,
    synced_after,
)
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.crm import crm
from saas_datagen.generators.go_to_market.crm_tables import HUBSPOT_USER_ID_BASE as USER_ID_BASE
from saas_datagen.generators.go_to_market.crm_tables import STAGE_IDS, deal_stage_changes
from saas_datagen.generators.go_to_market.funnel import MINUTE_US
from saas_datagen.generators.go_to_market.lead_score import lead_score_history
from saas_datagen.schema import ForeignKey, RowContract, TableSpec, declare

SOURCE = "hubspot"
PORTAL = g.HUBSPOT_PORTAL_ID
SUPPORT_PIPELINE = "support"
TICKET_STAGES = (("open", "Open", False, "OPEN"), ("closed", "Closed", True, "CLOSED"))
FAR_FUTURE = 253402300799999000  # Fivetran's _fivetran_end of the current version
SYNCED = "_fivetran_synced timestamptz When Fivetran last synced the row."
DELETED = "_fivetran_deleted boolean Deleted in HubSpot."


def _synced(ctx: GenerationContext, column: str | pl.Expr) -> pl.Expr:
    at = pl.col(column) if isinstance(column, str) else column
    return synced_after(ctx, at, pl.duration(minutes=9))


def _setup_us(ctx: GenerationContext) -> int:
    return int(crm(ctx).owners["created_us"].min())


def _static(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """Workspace configuration, set up with the CRM."""
    at = pl.lit(_setup_us(ctx))
    return frame.with_columns(_fivetran_deleted=pl.lit(False), _fivetran_synced=_synced(ctx, at))


# --- workspace: users, teams, roles ---------------------------------------------------------


def _team(column: int) -> pl.Expr:
    return pl.col("team").replace_strict({k: v[column] for k, v in g.HUBSPOT_TEAMS.items()})


def users(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _static(
        ctx,
        crm(ctx).owners.select(
            id=pl.col("owner_id") + USER_ID_BASE,
            email="email",
            first_name="first_name",
            last_name="last_name",
            primary_team_id=_team(0),
            role_id=_team(2),
        ),
    )


def teams(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    rows = list(g.HUBSPOT_TEAMS.values())
    yield _static(ctx, pl.DataFrame({"id": [r[0] for r in rows], "name": [r[1] for r in rows]}))


def roles(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    rows = list(g.HUBSPOT_TEAMS.values())
    yield _static(
        ctx,
        pl.DataFrame(
            {
                "id": [r[2] for r in rows],
                "name": [r[3] for r in rows],
                "requires_billing_write": [False] * len(rows),
            }
        ),
    )


def owner_teams(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _static(
        ctx,
        crm(ctx).owners.select("owner_id", team_id=_team(0), is_team_primary=pl.lit(True)),
    )


def team_users(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _static(
        ctx,
        crm(ctx).owners.select(
            team_id=_team(0),
            user_id=pl.col("owner_id") + USER_ID_BASE,
            is_secondary_user=pl.lit(False),
        ),
    )


# --- associations ---------------------------------------------------------------------------


def _association(frame: pl.DataFrame, left: str, right: str, at: str, ctx) -> pl.DataFrame:
    return frame.drop_nulls(right).select(
        left,
        right,
        category=pl.lit("HUBSPOT_DEFINED"),
        _fivetran_synced=_synced(ctx, at),
    )


def _engagements(ctx: GenerationContext) -> pl.DataFrame:
    return crm(ctx).engagements


def engagement_contacts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _association(_engagements(ctx), "engagement_id", "contact_id", "timestamp_us", ctx)


def engagement_companies(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _association(_engagements(ctx), "engagement_id", "company_id", "timestamp_us", ctx)


def engagement_deals(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _association(_engagements(ctx), "engagement_id", "deal_id", "timestamp_us", ctx)


def engagement_tasks(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """Follow-up tasks: done once their due time has passed, unless the rep let it slip."""
    tasks = _engagements(ctx).filter(pl.col("engagement_type") == "TASK")
    done = pl.col("outcome") != "no_answer"
    yield tasks.select(
        engagement_id="engagement_id",
        type=pl.lit("TASK"),
        property_hs_task_subject=pl.lit("Follow up on TapFlow rollout"),
        property_hs_task_status=pl.when(done)
        .then(pl.lit("COMPLETED"))
        .otherwise(pl.lit("NOT_STARTED")),
        property_hs_task_priority=pl.lit("MEDIUM"),
        property_hs_task_type=pl.lit("TODO"),
        property_hs_createdate=_ts(pl.col("timestamp_us") - MICROS_PER_DAY),
        property_hs_timestamp=_ts("timestamp_us"),
        property_hubspot_owner_id="owner_id",
        property_hubspot_team_id=pl.lit(None, pl.Int64),
        _fivetran_deleted=pl.lit(False),
        _fivetran_synced=_synced(ctx, "timestamp_us"),
    )


def _tickets(ctx: GenerationContext) -> pl.DataFrame:
    return crm(ctx).tickets


def ticket_companies(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _association(_tickets(ctx), "ticket_id", "company_id", "created_us", ctx)


def ticket_contacts(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """The ticket came from the company's first contact."""
    first = (
        crm(ctx)
        .contacts.drop_nulls("company_id")
        .group_by("company_id")
        .agg(contact_id=pl.col("contact_id").min())
    )
    tickets = _tickets(ctx).join(first, on="company_id", how="left")
    yield _association(tickets, "ticket_id", "contact_id", "created_us", ctx)


def ticket_engagements(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """The calls, emails and notes with the ticket's company while the ticket was open."""
    tickets = _tickets(ctx).select(
        "ticket_id",
        "company_id",
        "created_us",
        open_until=pl.coalesce("closed_us", pl.lit(ctx.horizon_us)),
    )
    engagements = _engagements(ctx).select("engagement_id", "company_id", "timestamp_us")
    yield (
        tickets.join(engagements, on="company_id")
        .filter(pl.col("timestamp_us").is_between("created_us", "open_until"))
        .unique(["ticket_id", "engagement_id"])
        .sort("ticket_id", "engagement_id")
        .select(
            "ticket_id",
            "engagement_id",
            category=pl.lit("HUBSPOT_DEFINED"),
            _fivetran_synced=_synced(ctx, "timestamp_us"),
        )
    )


# --- the support pipeline and ticket history ------------------------------------------------


def ticket_pipelines(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    at = _ts(pl.lit(_setup_us(ctx)))
    yield _static(
        ctx,
        pl.DataFrame(
            {
                "pipeline_id": [SUPPORT_PIPELINE],
                "label": ["Support pipeline"],
                "object_type_id": ["0-5"],
                "active": [True],
                "display_order": [0],
            }
        ),
    ).with_columns(created_at=at, updated_at=at)


def ticket_pipeline_stages(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    at = _ts(pl.lit(_setup_us(ctx)))
    yield _static(
        ctx,
        pl.DataFrame(
            {
                "stage_id": [s[0] for s in TICKET_STAGES],
                "pipeline_id": [SUPPORT_PIPELINE] * len(TICKET_STAGES),
                "label": [s[1] for s in TICKET_STAGES],
                "display_order": list(range(len(TICKET_STAGES))),
                "is_closed": [s[2] for s in TICKET_STAGES],
                "ticket_state": [s[3] for s in TICKET_STAGES],
                "active": [True] * len(TICKET_STAGES),
            }
        ),
    ).with_columns(created_at=at, updated_at=at)


def _versions(changes: pl.DataFrame, key: str) -> pl.DataFrame:
    """Fivetran history mode over property changes (key, name, value, at): each value is
    current from its change until the next change of that property."""
    return changes.sort(key, "name", "at").with_columns(
        next_at=pl.col("at").shift(-1).over(key, "name")
    )


def ticket_property_history(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    tickets = _tickets(ctx)
    created = [
        tickets.select("ticket_id", at="created_us", name=pl.lit(name), value=value)
        for name, value in (
            ("hs_pipeline_stage", pl.lit("open")),
            ("hs_pipeline", pl.lit(SUPPORT_PIPELINE)),
            ("hs_ticket_priority", pl.col("priority")),
            ("hubspot_owner_id", pl.col("owner_id").cast(pl.String)),
        )
    ]
    closed = tickets.drop_nulls("closed_us").select(
        "ticket_id", at="closed_us", name=pl.lit("hs_pipeline_stage"), value=pl.lit("closed")
    )
    rows = _versions(pl.concat([*created, closed]), "ticket_id")
    yield rows.select(
        "ticket_id",
        "name",
        "value",
        source=pl.lit("CRM_UI"),
        source_id=pl.lit(None, pl.String),
        timestamp_instant=_ts("at"),
        _fivetran_start=_ts("at"),
        _fivetran_end=pl.when(pl.col("next_at").is_null())
        .then(pl.lit(FAR_FUTURE).cast(UTC_US))
        .otherwise(_ts(pl.col("next_at") - 1000)),
        _fivetran_synced=_synced(ctx, "at"),
    )


# --- property histories of contacts, companies and deals -------------------------------------


def _property_rows(rows: pl.DataFrame, key: str, ctx: GenerationContext) -> pl.DataFrame:
    return rows.sort(key, "at", "name").select(
        key,
        "name",
        "value",
        source=pl.lit("CRM_UI"),
        source_id=pl.lit(None, pl.String),
        timestamp=_ts("at"),
        _fivetran_synced=_synced(ctx, "at"),
    )


def contact_property_history(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """Lifecycle stage as each contact moved through the funnel (a lead when created, an MQL
    when marketing qualified it, an opportunity, a customer when the account converted) and
    every change of its lead score."""
    contacts = crm(ctx).contacts
    horizon = ctx.horizon_us
    lead = contacts.select("contact_id", at="created_us", value=pl.lit("lead"))
    mql = contacts.filter(pl.col("mql_us").is_not_null()).select(
        "contact_id", at="mql_us", value=pl.lit("marketingqualifiedlead")
    )
    opportunity = contacts.filter(pl.col("lifecycle").is_in(["opportunity", "customer"])).select(
        "contact_id",
        at=pl.coalesce("mql_us", "created_us") + MICROS_PER_DAY,
        value=pl.lit("opportunity"),
    )
    customer = contacts.filter(
        (pl.col("lifecycle") == "customer") & pl.col("conversion_us").is_not_null()
    ).select("contact_id", at="conversion_us", value=pl.lit("customer"))
    email = contacts.select("contact_id", at="created_us", value="email", name=pl.lit("email"))
    scores = lead_score_history(ctx).select(
        "contact_id", "at", value=pl.col("score").cast(pl.String), name=pl.lit("hubspotscore")
    )
    stages = (
        pl.concat([lead, mql, opportunity, customer])
        .filter(pl.col("at") < horizon)
        .with_columns(name=pl.lit("lifecyclestage"))
    )
    rows = pl.concat([stages, email, scores], how="diagonal")
    yield _property_rows(rows, "contact_id", ctx)


def company_property_history(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    companies = crm(ctx).companies
    rows = pl.concat(
        [
            companies.select(
                "company_id", at="created_us", name=pl.lit("name"), value="company_name"
            ),
            companies.select(
                "company_id", at="created_us", name=pl.lit("lifecyclestage"), value="lifecycle"
            ),
            companies.select(
                "company_id",
                at="created_us",
                name=pl.lit("industry"),
                value="industry",
            ),
        ]
    )
    yield _property_rows(rows, "company_id", ctx)


def deal_property_history(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """The amount when the deal was created and every stage it entered (as deal_stage)."""
    deals = crm(ctx).hubspot_deals
    amount = deals.select(
        deal_id="hubspot_deal_id",
        at="add_us",
        name=pl.lit("amount"),
        value=(pl.col("value_cents") / 100).round(2).cast(pl.String),
    )
    stages = deal_stage_changes(ctx).select(
        deal_id="hubspot_deal_id", at="at", name=pl.lit("dealstage"), value="stage"
    )
    yield _property_rows(pl.concat([amount, stages]), "deal_id", ctx)


# --- marketing email ------------------------------------------------------------------------


def _email_campaigns(ctx: GenerationContext) -> pl.DataFrame:
    start = _setup_us(ctx) + 30 * MICROS_PER_DAY
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
            _fivetran_synced=_synced(ctx, "send_us"),
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
        _fivetran_synced=_synced(ctx, "at"),
    )


AGENT = pl.lit("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15")


def _typed_events(ctx: GenerationContext, kind: str, **columns: pl.Expr) -> pl.DataFrame:
    return (
        _email_story(ctx)
        .filter(pl.col("type") == kind)
        .select(id=_event_id(), **columns, _fivetran_synced=_synced(ctx, "at"))
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


# --- contact lists, forms, properties --------------------------------------------------------


def contact_lists(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    members = contact_list_members_frame(ctx).group_by("contact_list_id").agg(size=pl.len())
    at = _ts(pl.lit(_setup_us(ctx)))
    rows = g.HUBSPOT_CONTACT_LISTS
    yield (
        pl.DataFrame(
            {
                "id": [r[0] for r in rows],
                "name": [r[1] for r in rows],
                "dynamic": [r[2] for r in rows],
            }
        )
        .join(members, left_on="id", right_on="contact_list_id", how="left")
        .select(
            "id",
            "name",
            "dynamic",
            portal_id=pl.lit(PORTAL),
            object_type_id=pl.lit("0-1"),
            processing_type=pl.when("dynamic").then(pl.lit("DYNAMIC")).otherwise(pl.lit("MANUAL")),
            processing_status=pl.lit("COMPLETE"),
            metadata_processing=pl.lit("DONE"),
            metadata_error=pl.lit(None, pl.String),
            metadata_size=pl.col("size").fill_null(0),
            list_version=pl.lit(1),
            deleteable=pl.lit(True),
            created_by_id=pl.lit(str(USER_ID_BASE + 1)),
            created_at=at,
            updated_at=_ts(pl.lit(ctx.horizon_us - MICROS_PER_DAY)),
            filters_updated_at=at,
            metadata_last_processing_state_change_at=_ts(pl.lit(ctx.horizon_us - MICROS_PER_DAY)),
            metadata_last_size_change_at=_ts(pl.lit(ctx.horizon_us - MICROS_PER_DAY)),
            _fivetran_deleted=pl.lit(False),
            _fivetran_synced=_synced(ctx, pl.lit(ctx.horizon_us - MICROS_PER_DAY)),
        )
    )


def contact_list_members_frame(ctx: GenerationContext) -> pl.DataFrame:
    contacts = crm(ctx).contacts
    lists = [
        contacts.filter(pl.col("lifecycle").is_in(list(stages))).select(
            "contact_id", contact_list_id=pl.lit(list_id), added_us="created_us"
        )
        for list_id, _, _, stages in g.HUBSPOT_CONTACT_LISTS
    ]
    return pl.concat(lists).sort("contact_list_id", "contact_id")


def contact_list_members(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield contact_list_members_frame(ctx).select(
        "contact_id",
        "contact_list_id",
        added_at=_ts("added_us"),
        _fivetran_deleted=pl.lit(False),
        _fivetran_synced=_synced(ctx, "added_us"),
    )


def forms(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    at = _ts(pl.lit(_setup_us(ctx)))
    names = [f[0] for f in g.FORM_TYPES]
    yield _static(
        ctx,
        pl.DataFrame(
            {
                "guid": [FORM_GUID_BASE + i for i in range(len(names))],
                "name": [n.replace("_", " ").title() for n in names],
            }
        ),
    ).with_columns(
        portal_id=pl.lit(PORTAL),
        form_type=pl.lit("HUBSPOT"),
        action=pl.lit(None, pl.String),
        method=pl.lit("POST"),
        css_class=pl.lit("hs-form"),
        redirect=pl.lit(None, pl.String),
        submit_text=pl.lit("Submit"),
        follow_up_id=pl.lit(None, pl.Int64),
        lead_nurturing_campaign_id=pl.lit(None, pl.Int64),
        notify_recipients=pl.lit(False),
        created_at=at,
        updated_at=at,
    )


FORM_GUID_BASE = 880_000


def contact_form_submissions(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """The form fill that created each contact (contacts from leads with a form)."""
    index = {f[0]: i for i, f in enumerate(g.FORM_TYPES)}
    pages = {"trial_signup": "/signup", "demo_request": "/demo", "pricing_inquiry": "/pricing"}
    yield (
        crm(ctx)
        .contacts.drop_nulls("form_type")
        .select(
            "contact_id",
            conversion_id=pl.col("lead_key") + 5_000_000,
            form_id=pl.col("form_type").replace_strict(index, return_dtype=pl.Int64)
            + FORM_GUID_BASE,
            page_id=pl.lit(None, pl.Int64),
            page_url=pl.lit(g.SITE)
            + pl.col("form_type").replace_strict(pages, default="/", return_dtype=pl.String),
            portal_id=pl.lit(PORTAL),
            timestamp=_ts("created_us"),
            title=pl.col("form_type").str.replace_all("_", " ").str.to_titlecase(),
            _fivetran_synced=_synced(ctx, "created_us"),
        )
    )


# (object, property name, label, type, field type, options)
LIFECYCLE_STAGES = (
    "subscriber",
    "lead",
    "marketingqualifiedlead",
    "salesqualifiedlead",
    "opportunity",
    "customer",
)
PROPERTIES = (
    ("contact", "lifecyclestage", "Lifecycle stage", "enumeration", "radio", LIFECYCLE_STAGES),
    ("contact", "hs_lead_status", "Lead status", "enumeration", "radio", ("NEW", "CONNECTED")),
    ("company", "industry", "Industry", "enumeration", "select", d.INDUSTRIES),
    ("deal", "dealstage", "Deal stage", "enumeration", "radio", tuple(STAGE_IDS.values())),
    (
        "ticket",
        "hs_ticket_priority",
        "Priority",
        "enumeration",
        "select",
        tuple(g.TICKET_PRIORITIES),
    ),
)


def properties(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    at = _ts(pl.lit(_setup_us(ctx)))
    yield pl.DataFrame(
        {
            "hubspot_object": [p[0] for p in PROPERTIES],
            "name": [p[1] for p in PROPERTIES],
            "label": [p[2] for p in PROPERTIES],
            "type": [p[3] for p in PROPERTIES],
            "field_type": [p[4] for p in PROPERTIES],
        }
    ).with_columns(
        _fivetran_id=pl.format("{}_{}", "hubspot_object", "name"),
        description=pl.format("The {}'s {}.", "hubspot_object", "label"),
        group_name=pl.format("{}information", "hubspot_object"),
        calculated=pl.lit(False),
        hubspot_defined=pl.lit(True),
        show_currency_symbol=pl.lit(False),
        created_at=at,
        updated_at=at,
        _fivetran_synced=_synced(ctx, pl.lit(_setup_us(ctx))),
    )


def property_options(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    rows = [
        (f"{obj}_{name}", obj, value, i)
        for obj, name, _, _, _, options in PROPERTIES
        for i, value in enumerate(options)
    ]
    yield pl.DataFrame(
        {
            "property_id": [r[0] for r in rows],
            "hubspot_object": [r[1] for r in rows],
            "value": [r[2] for r in rows],
            "display_order": [r[3] for r in rows],
        }
    ).with_columns(
        name=pl.col("value"),
        label=pl.col("value").str.replace_all("_", " ").str.to_titlecase(),
        hidden=pl.lit(False),
        _fivetran_synced=_synced(ctx, pl.lit(_setup_us(ctx))),
    )


# --- declarations ---------------------------------------------------------------------------

N_OWNERS = g.OWNERS
N_TEAMS = len(g.HUBSPOT_TEAMS)
ASSOCIATION = f"""
category text HUBSPOT_DEFINED.
{SYNCED}
"""
PROPERTY_CHANGE = f"""
name text Property.
value text New value.
source text Where the change came from (CRM_UI).
source_id text? Who or what made it.
timestamp timestamptz When.
{SYNCED}
"""
SHARE_OF_ENGAGEMENTS_WITH_DEAL = 0.5


ASSOCIATED = {
    "engagement_id": ("hubspot_engagement", "id", "Engagement."),
    "contact_id": ("hubspot_contact", "id", "Contact."),
    "company_id": ("hubspot_company", "id", "Company."),
    "deal_id": ("hubspot_deal", "deal_id", "Deal."),
    "ticket_id": ("hubspot_ticket", "id", "Ticket."),
}


def _association_spec(table, description, generate, keys: tuple[str, str], contract) -> TableSpec:
    """A HubSpot association table: two object ids (each a foreign key) and a category."""
    lines = "\n".join(f"{key} bigint {ASSOCIATED[key][2]}" for key in keys)
    return declare(
        SOURCE,
        table,
        description,
        generate,
        keys,
        contract,
        f"""
        {lines}
        {ASSOCIATION}
        """,
        fks=tuple(ForeignKey(key, *ASSOCIATED[key][:2]) for key in keys),
        imitates=f"hubspot.{table}",
    )


def _exactly(n: int):
    return lambda size: RowContract(n)


def _about(per_size, tolerance: float):
    return lambda size: RowContract(round(per_size(size)), tolerance=tolerance)


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
    return declare(
        SOURCE,
        f"email_event_{table}",
        f"Marketing email events of type {kind} and their details.",
        _email_event_generator(kind, **cols),
        "id",
        _about(lambda size: _sends(size) * rate, 0.9),
        f"""
        id text Email event.
        {declaration}
        {SYNCED}
        """,
        fks=(ForeignKey("id", "hubspot_email_event", "id"),),
        imitates=f"hubspot.email_event_{table}",
    )


SPECS: tuple[TableSpec, ...] = (
    declare(
        SOURCE,
        "users",
        "HubSpot users: one per owner (owner.active_user_id).",
        users,
        "id",
        _exactly(N_OWNERS),
        f"""
        id bigint User id (owner.active_user_id compares with it uncast: a number).
        email text Email.
        first_name text First name.
        last_name text Last name.
        primary_team_id bigint Team.
        role_id bigint Role.
        {DELETED}
        {SYNCED}
        """,
        imitates="hubspot.users",
    ),
    declare(
        SOURCE,
        "team",
        "HubSpot teams: Sales and Customer Success.",
        teams,
        "id",
        _exactly(N_TEAMS),
        f"""
        id bigint Team id.
        name text Name.
        {DELETED}
        {SYNCED}
        """,
        imitates="hubspot.team",
    ),
    declare(
        SOURCE,
        "role",
        "HubSpot user roles.",
        roles,
        "id",
        _exactly(N_TEAMS),
        f"""
        id bigint Role id.
        name text Name.
        requires_billing_write boolean Billing permission needed.
        {DELETED}
        {SYNCED}
        """,
        imitates="hubspot.role",
    ),
    declare(
        SOURCE,
        "owner_team",
        "Which team each owner is on.",
        owner_teams,
        ("owner_id", "team_id"),
        _exactly(N_OWNERS),
        f"""
        owner_id bigint Owner.
        team_id bigint Team.
        is_team_primary boolean Primary team.
        {DELETED}
        {SYNCED}
        """,
        fks=(
            ForeignKey("owner_id", "hubspot_owner", "owner_id"),
            ForeignKey("team_id", "hubspot_team", "id"),
        ),
        imitates="hubspot.owner_team",
    ),
    declare(
        SOURCE,
        "team_user",
        "Which team each user is on.",
        team_users,
        ("team_id", "user_id"),
        _exactly(N_OWNERS),
        f"""
        team_id bigint Team.
        user_id bigint User.
        is_secondary_user boolean Secondary member.
        {DELETED}
        {SYNCED}
        """,
        fks=(
            ForeignKey("user_id", "hubspot_users", "id"),
            ForeignKey("team_id", "hubspot_team", "id"),
        ),
        imitates="hubspot.team_user",
    ),
    _association_spec(
        "engagement_contact",
        "Contacts each engagement is associated with.",
        engagement_contacts,
        ("engagement_id", "contact_id"),
        lambda size: RowContract(size.hubspot_engagements),
    ),
    _association_spec(
        "engagement_company",
        "Companies each engagement is associated with.",
        engagement_companies,
        ("engagement_id", "company_id"),
        _about(lambda size: size.hubspot_engagements * 0.7, 0.3),
    ),
    _association_spec(
        "engagement_deal",
        "Deals each engagement is associated with.",
        engagement_deals,
        ("engagement_id", "deal_id"),
        _about(lambda size: size.hubspot_engagements * SHARE_OF_ENGAGEMENTS_WITH_DEAL, 0.5),
    ),
    declare(
        SOURCE,
        "engagement_task",
        "Follow-up tasks (engagements of type TASK).",
        engagement_tasks,
        "engagement_id",
        _about(lambda size: size.hubspot_engagements * g.ENGAGEMENT_TYPES["TASK"], 0.05),
        f"""
        engagement_id bigint Engagement.
        type text TASK.
        property_hs_task_subject text Subject.
        property_hs_task_status text COMPLETED or NOT_STARTED.
        property_hs_task_priority text Priority.
        property_hs_task_type text TODO.
        property_hs_createdate timestamptz Created.
        property_hs_timestamp timestamptz Due.
        property_hubspot_owner_id bigint Owner.
        property_hubspot_team_id bigint? Team (not set on tasks).
        {DELETED}
        {SYNCED}
        """,
        fks=(ForeignKey("engagement_id", "hubspot_engagement", "id"),),
        imitates="hubspot.engagement_task",
    ),
    declare(
        SOURCE,
        "ticket_pipeline",
        "The support ticket pipeline.",
        ticket_pipelines,
        "pipeline_id",
        _exactly(1),
        f"""
        pipeline_id text Pipeline id.
        label text Name.
        object_type_id text Tickets (0-5).
        active boolean In use.
        display_order integer Order.
        created_at timestamptz Created.
        updated_at timestamptz Updated.
        {DELETED}
        {SYNCED}
        """,
        imitates="hubspot.ticket_pipeline",
    ),
    declare(
        SOURCE,
        "ticket_pipeline_stage",
        "Stages of the support pipeline.",
        ticket_pipeline_stages,
        "stage_id",
        _exactly(len(TICKET_STAGES)),
        f"""
        stage_id text Stage id (the ticket's hs_pipeline_stage).
        pipeline_id text Pipeline.
        label text Name.
        display_order integer Order.
        is_closed boolean A closed stage.
        ticket_state text OPEN or CLOSED.
        active boolean In use.
        created_at timestamptz Created.
        updated_at timestamptz Updated.
        {DELETED}
        {SYNCED}
        """,
        fks=(ForeignKey("pipeline_id", "hubspot_ticket_pipeline", "pipeline_id"),),
        imitates="hubspot.ticket_pipeline_stage",
    ),
    _association_spec(
        "ticket_company",
        "The company each ticket belongs to.",
        ticket_companies,
        ("ticket_id", "company_id"),
        lambda size: RowContract(size.hubspot_tickets),
    ),
    _association_spec(
        "ticket_contact",
        "The contact who raised each ticket.",
        ticket_contacts,
        ("ticket_id", "contact_id"),
        _about(lambda size: size.hubspot_tickets, 0.1),
    ),
    _association_spec(
        "ticket_engagement",
        "Engagements with the ticket's company while the ticket was open.",
        ticket_engagements,
        ("ticket_id", "engagement_id"),
        _about(lambda size: size.hubspot_tickets * 0.1, 0.6),
    ),
    declare(
        SOURCE,
        "ticket_property_history",
        "Ticket property changes: stage, pipeline, priority, owner (history mode).",
        ticket_property_history,
        ("ticket_id", "name", "_fivetran_start"),
        _about(lambda size: size.hubspot_tickets * 4.9, 0.1),
        f"""
        ticket_id bigint Ticket.
        name text Property.
        value text Value.
        source text CRM_UI.
        source_id text? Who made the change.
        timestamp_instant timestamptz When.
        _fivetran_start timestamptz Version start.
        _fivetran_end timestamptz Version end.
        {SYNCED}
        """,
        fks=(ForeignKey("ticket_id", "hubspot_ticket", "id"),),
        imitates="hubspot.ticket_property_history",
    ),
    declare(
        SOURCE,
        "contact_property_history",
        "Contact property changes: lifecycle stage through the funnel, email.",
        contact_property_history,
        ("contact_id", "name", "timestamp", "value"),
        _about(lambda size: size.hubspot_contacts * 5.5, 0.3),
        f"""
        contact_id bigint Contact.
        {PROPERTY_CHANGE}
        """,
        fks=(ForeignKey("contact_id", "hubspot_contact", "id"),),
        imitates="hubspot.contact_property_history",
    ),
    declare(
        SOURCE,
        "company_property_history",
        "Company property changes: name, lifecycle stage, industry.",
        company_property_history,
        ("company_id", "name", "timestamp"),
        lambda size: RowContract(size.hubspot_companies * 3, tolerance=0.2),
        f"""
        company_id bigint Company.
        {PROPERTY_CHANGE}
        """,
        fks=(ForeignKey("company_id", "hubspot_company", "id"),),
        imitates="hubspot.company_property_history",
    ),
    declare(
        SOURCE,
        "deal_property_history",
        "Deal property changes: amount and every stage entered.",
        deal_property_history,
        ("deal_id", "name", "timestamp"),
        _about(lambda size: size.hubspot_deals * 3.45, 0.3),
        f"""
        deal_id bigint Deal.
        {PROPERTY_CHANGE}
        """,
        fks=(ForeignKey("deal_id", "hubspot_deal", "deal_id"),),
        imitates="hubspot.deal_property_history",
    ),
    declare(
        SOURCE,
        "email_campaign",
        "Marketing emails: a monthly newsletter and quarterly product announcements.",
        email_campaigns,
        "id",
        lambda size: RowContract(_campaign_count(size), tolerance=0.05),
        f"""
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
        {SYNCED}
        """,
        imitates="hubspot.email_campaign",
    ),
    declare(
        SOURCE,
        "email_event",
        "Every marketing email event (sent, delivered, opened, clicked, bounced ...).",
        email_events,
        "id",
        _about(lambda size: _sends(size) * 2.3, 0.6),
        f"""
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
        {SYNCED}
        """,
        fks=(ForeignKey("email_campaign_id", "hubspot_email_campaign", "id"),),
        index_foreign_keys=False,
        imitates="hubspot.email_event",
    ),
    *(_email_event_spec(*spec) for spec in EMAIL_EVENT_TABLES),
    declare(
        SOURCE,
        "contact_list",
        "Contact lists by lifecycle stage.",
        contact_lists,
        "id",
        _exactly(len(g.HUBSPOT_CONTACT_LISTS)),
        f"""
        id bigint List id.
        name text Name.
        dynamic boolean Membership follows filters.
        portal_id integer HubSpot account.
        object_type_id text Contacts (0-1).
        processing_type text DYNAMIC or MANUAL.
        processing_status text COMPLETE.
        metadata_processing text DONE.
        metadata_error text? Processing error (none).
        metadata_size bigint Members.
        list_version integer Version.
        deleteable boolean Can be deleted.
        created_by_id text Creator (user id).
        created_at timestamptz Created.
        updated_at timestamptz Updated.
        filters_updated_at timestamptz Filters changed.
        metadata_last_processing_state_change_at timestamptz Last processed.
        metadata_last_size_change_at timestamptz Size last changed.
        {DELETED}
        {SYNCED}
        """,
        imitates="hubspot.contact_list",
    ),
    declare(
        SOURCE,
        "contact_list_member",
        "Contacts on each list.",
        contact_list_members,
        ("contact_list_id", "contact_id"),
        lambda size: RowContract(size.hubspot_contacts, tolerance=0.1),
        f"""
        contact_id bigint Contact.
        contact_list_id bigint List.
        added_at timestamptz When added.
        {DELETED}
        {SYNCED}
        """,
        fks=(
            ForeignKey("contact_id", "hubspot_contact", "id"),
            ForeignKey("contact_list_id", "hubspot_contact_list", "id"),
        ),
        imitates="hubspot.contact_list_member",
    ),
    declare(
        SOURCE,
        "form",
        "HubSpot forms on the website, one per form type.",
        forms,
        "guid",
        _exactly(len(g.FORM_TYPES)),
        f"""
        guid bigint Form id.
        name text Name.
        portal_id integer HubSpot account.
        form_type text HUBSPOT.
        action text? Post URL (HubSpot's own).
        method text POST.
        css_class text CSS class.
        redirect text? Redirect after submit (none).
        submit_text text Button text.
        follow_up_id bigint? Follow-up email (none).
        lead_nurturing_campaign_id bigint? Nurture campaign (none).
        notify_recipients boolean Notify owners.
        created_at timestamptz Created.
        updated_at timestamptz Updated.
        {DELETED}
        {SYNCED}
        """,
        imitates="hubspot.form",
    ),
    declare(
        SOURCE,
        "contact_form_submission",
        "The form fill that created each contact.",
        contact_form_submissions,
        "conversion_id",
        _about(lambda size: size.hubspot_contacts * 0.95, 0.1),
        f"""
        contact_id bigint Contact.
        conversion_id bigint Submission id.
        form_id bigint Form.
        page_id bigint? Page (not a HubSpot page).
        page_url text Page the form was on.
        portal_id integer HubSpot account.
        timestamp timestamptz When.
        title text Form title.
        {SYNCED}
        """,
        fks=(
            ForeignKey("contact_id", "hubspot_contact", "id"),
            ForeignKey("form_id", "hubspot_form", "guid"),
        ),
        imitates="hubspot.contact_form_submission",
    ),
    declare(
        SOURCE,
        "property",
        "Property definitions of the enumerated fields used.",
        properties,
        "_fivetran_id",
        _exactly(len(PROPERTIES)),
        f"""
        _fivetran_id text Property key (object_name).
        hubspot_object text contact, company, deal or ticket.
        name text Internal name.
        label text Label.
        type text enumeration.
        field_type text radio or select.
        description text What it holds.
        group_name text Property group.
        calculated boolean Calculated by HubSpot.
        hubspot_defined boolean Built in.
        show_currency_symbol boolean Currency.
        created_at timestamptz Created.
        updated_at timestamptz Updated.
        {SYNCED}
        """,
        imitates="hubspot.property",
    ),
    declare(
        SOURCE,
        "property_option",
        "Options of the enumerated properties.",
        property_options,
        ("property_id", "value"),
        _exactly(sum(len(p[5]) for p in PROPERTIES)),
        f"""
        property_id text Property (property._fivetran_id).
        hubspot_object text Object.
        value text Stored value.
        name text Name.
        label text Label.
        display_order integer Order.
        hidden boolean Hidden.
        {SYNCED}
        """,
        fks=(ForeignKey("property_id", "hubspot_property", "_fivetran_id"),),
        imitates="hubspot.property_option",
    ),
)
