"""Iterable, shaped like Fivetran's iterable connector (fivetran/iterable reads it).

Email blasts reach recipients on lists: the sends, opens and clicks behind every email session
of the funnel (`event`), the recipients (`user_history`) and their list memberships, the
channels, message types and templates the campaigns use, and the people who unsubscribed.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from saas_datagen.config import go_to_market as g
from saas_datagen.generators import timeline
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext, synced_after
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.ads import ID_BASE, platform_campaign_count
from saas_datagen.generators.go_to_market.funnel import FUNNEL, MINUTE_US, funnel
from saas_datagen.schema import FIVETRAN_SYNCED, ForeignKey, RowContract, TableSpec, columns

SOURCE = "iterable"
TEMPLATE_BASE = 900_000
MARKETER = "marketing@tapflow.io"


def _fan_out(
    rng: np.random.Generator,
    events: pl.DataFrame,
    per_event: int,
    at: str,
    earlier: str,
    max_days: float,
    salt: int,
) -> pl.DataFrame:
    """Each event had `per_event` earlier ones (an open per click, sends per open): the first
    by the same recipient, the rest by other recipients of the same campaign."""
    rows = events.with_columns(k=pl.int_ranges(0, per_event)).explode("k")
    lag = (rng.uniform(0.01, max_days, rows.height) * MICROS_PER_DAY).astype(np.int64)
    return rows.with_columns(
        pl.Series(earlier, rows[at].to_numpy() - lag),
        visitor_key=pl.when(pl.col("k") == 0)
        .then("visitor_key")
        .otherwise(pl.col("visitor_key") * salt + pl.col("k")),
    ).drop("k")


def _email_events(ctx: GenerationContext) -> pl.DataFrame:
    """Clicks behind every email session, opens behind clicks, sends behind opens, and the
    few opens that end in an unsubscribe."""

    def build(ctx: GenerationContext) -> pl.DataFrame:
        fun = funnel(ctx)
        rng = ctx.rng(f"{FUNNEL}.iterable")
        landed = fun.sessions.filter(pl.col("platform") == "iterable").select(
            "campaign_key", "visitor_key", click_us=pl.col("started_us") - MINUTE_US
        )
        extra_clicks = landed.sample(
            fraction=0.12, seed=int(rng.integers(2**31)), with_replacement=True
        )
        clicks = pl.concat([landed, extra_clicks])
        low, high = g.EMAIL_CLICK_TO_OPEN
        opens = _fan_out(rng, clicks, round(1 / ((low + high) / 2)), "click_us", "open_us", 2.0, 31)
        low, high = g.EMAIL_OPEN_RATE
        sends = _fan_out(rng, opens, round(1 / ((low + high) / 2)), "open_us", "send_us", 1.0, 17)
        unsubscribes = opens.filter(
            pl.Series(rng.random(opens.height) < g.EMAIL_UNSUBSCRIBE_PER_OPEN)
        ).with_columns(unsub_us=pl.col("open_us") + 3 * MINUTE_US)
        frames = [
            sends.select(
                "campaign_key", "visitor_key", event_name=pl.lit("emailSend"), at="send_us"
            ),
            opens.select(
                "campaign_key", "visitor_key", event_name=pl.lit("emailOpen"), at="open_us"
            ),
            clicks.select(
                "campaign_key", "visitor_key", event_name=pl.lit("emailClick"), at="click_us"
            ),
            unsubscribes.select(
                "campaign_key", "visitor_key", event_name=pl.lit("emailUnSubscribe"), at="unsub_us"
            ),
        ]
        return (
            pl.concat(frames)
            .sort("at", "campaign_key", "event_name")
            .with_columns(event_key=pl.int_range(1, pl.len() + 1, dtype=pl.Int64))
        )

    return ctx.cached(f"{FUNNEL}.iterable", build)


def _campaigns(ctx: GenerationContext) -> pl.DataFrame:
    """The email campaigns with their id, message type, list and suppression list."""
    setup = g.ITERABLE_OBJECTIVE_SETUP
    return (
        funnel(ctx)
        .campaigns.filter(pl.col("platform") == "iterable")
        .with_columns(
            campaign_id=pl.col("campaign_key") + ID_BASE[SOURCE],
            template_id=pl.col("campaign_key") + TEMPLATE_BASE,
            message_type_id=pl.col("objective").replace_strict(
                {k: v[0] for k, v in setup.items()}, return_dtype=pl.Int64
            ),
            list_id=pl.col("objective").replace_strict(
                {k: v[1] for k, v in setup.items()}, return_dtype=pl.Int64
            ),
            suppressed_list_id=pl.col("objective").replace_strict(
                {k: v[2] for k, v in setup.items()}, return_dtype=pl.Int64
            ),
        )
    )


def iterable_campaigns(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    campaigns = _campaigns(ctx)
    sends = (
        _email_events(ctx)
        .filter(pl.col("event_name") == "emailSend")
        .group_by("campaign_key")
        .agg(send_size=pl.len())
    )
    yield campaigns.join(sends, on="campaign_key", how="left").select(
        id=pl.col("campaign_key") + ID_BASE["iterable"],
        name="campaign_name",
        type=pl.lit("Blast"),
        campaign_state=pl.when(pl.col("running"))
        .then(pl.lit("Running"))
        .otherwise(pl.lit("Finished")),
        send_size=pl.col("send_size").fill_null(0),
        created_at=_ts("start_us"),
        updated_at=_ts("end_us") - pl.duration(minutes=1),
        start_at=_ts("start_us"),
        ended_at=pl.when(~pl.col("running")).then(_ts("end_us")),
        template_id="template_id",
        message_medium=pl.lit("Email"),
        created_by_user_id=pl.lit(MARKETER),
        updated_by_user_id=pl.lit(MARKETER),
        recurring_campaign_id=pl.lit(None, pl.Int64),
        workflow_id=pl.lit(None, pl.Int64),
        _fivetran_synced=synced_after(ctx, pl.col("end_us"), pl.duration(minutes=7)),
    )


def _cut_campaigns(ctx: GenerationContext, campaigns: pl.DataFrame) -> pl.DataFrame:
    """The campaigns started before the cut-off: finished once ended before it, else running
    and updated a minute before it (as the story's end has them), with the sends made by
    then."""
    cutoff = timeline.cutoff(ctx)
    ended = pl.col("ended_at") < cutoff
    sends = (
        _email_events(ctx)
        .filter((pl.col("event_name") == "emailSend") & (pl.col("at") < ctx.cutoff_us))
        .group_by("campaign_key")
        .agg(sent=pl.len())
        .select(id=pl.col("campaign_key") + ID_BASE[SOURCE], sent="sent")
    )
    return (
        campaigns.filter(pl.col("start_at") < cutoff)
        .join(sends, on="id", how="left", maintain_order="left")
        .with_columns(
            campaign_state=pl.when(ended).then(pl.lit("Finished")).otherwise(pl.lit("Running")),
            send_size=pl.col("sent").fill_null(0),
            updated_at=pl.when(ended).then("updated_at").otherwise(cutoff - pl.duration(minutes=1)),
            ended_at=pl.when(ended).then("ended_at"),
            _fivetran_synced=pl.when(ended)
            .then("_fivetran_synced")
            .otherwise(cutoff - pl.duration(minutes=1)),
        )
        .drop("sent")
    )


def _email(visitor: str = "visitor_key") -> pl.Expr:
    return pl.format("subscriber{}@example.net", visitor)


def _user_key() -> pl.Expr:
    """The connector's `_fivetran_id` of a user (events carry it as `_fivetran_user_id`)."""
    return _email().hash(seed=11).cast(pl.String)


def iterable_events(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    events = _email_events(ctx).join(
        _campaigns(ctx).select("campaign_key", "campaign_id", "message_type_id"),
        on="campaign_key",
    )
    yield events.select(
        _fivetran_id=pl.format("ev-{}", "event_key"),
        _fivetran_user_id=_user_key(),
        event_name="event_name",
        email=_email(),
        campaign_id="campaign_id",
        message_id=pl.format("msg-{}-{}", "campaign_key", "visitor_key"),
        message_type_id="message_type_id",
        message_bus_id=pl.lit(None, pl.String),
        content_id=pl.lit(None, pl.Int64),
        created_at=_ts("at"),
        url=pl.when(pl.col("event_name") == "emailClick").then(
            pl.lit(f"{g.SITE}/?utm_source=iterable&utm_medium=email")
        ),
        status=pl.lit(None, pl.String),
        recipient_state=pl.lit(None, pl.String),
        unsub_source=pl.when(pl.col("event_name") == "emailUnSubscribe").then(pl.lit("EmailLink")),
        user_agent=pl.lit(None, pl.String),
        user_agent_device=pl.lit(None, pl.String),
        transactional_data=pl.lit(None, pl.String),
        additional_properties=pl.lit(None, pl.String),
        _fivetran_synced=synced_after(ctx, pl.col("at"), pl.duration(minutes=7)),
    )


def event_extensions(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """Extra fields of the clicks: the link clicked."""
    clicks = _email_events(ctx).filter(pl.col("event_name") == "emailClick")
    url = pl.lit(f"{g.SITE}/?utm_source=iterable&utm_medium=email")
    yield clicks.select(
        _fivetran_id=pl.format("ev-{}", "event_key"),
        _fivetran_user_id=_user_key(),
        clicked_url=url,
        link_url=url,
        link_id=pl.format("lnk-{}", "campaign_key"),
        email_id=pl.format("msg-{}-{}", "campaign_key", "visitor_key"),
        _fivetran_synced=synced_after(ctx, pl.col("at"), pl.duration(minutes=7)),
    )


# --- the workspace: channels, message types, templates, lists -------------------------------


def _workspace_created(ctx: GenerationContext) -> int:
    return int(funnel(ctx).campaigns["start_us"].min()) - 45 * MICROS_PER_DAY


def channels(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    rows = g.ITERABLE_CHANNELS
    yield pl.DataFrame(
        {
            "id": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "channel_type": [r[2] for r in rows],
            "message_medium": [r[3] for r in rows],
            "_fivetran_deleted": [False] * len(rows),
        }
    ).with_columns(_fivetran_synced=_ts(pl.lit(_workspace_created(ctx))))


def message_types(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    rows = g.ITERABLE_MESSAGE_TYPES
    created = _ts(pl.lit(_workspace_created(ctx)))
    yield pl.DataFrame(
        {
            "id": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "channel_id": [r[2] for r in rows],
            "subscription_policy": ["OptOut", "OptOut", "OptIn"],
            "frequency_cap": [None] * len(rows),
            "rate_limit_per_minute": [None] * len(rows),
            "_fivetran_deleted": [False] * len(rows),
        },
        schema_overrides={"frequency_cap": pl.String, "rate_limit_per_minute": pl.String},
    ).with_columns(created_at=created, updated_at=created, _fivetran_synced=created)


def templates(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """One template per campaign, built the day before its first send."""
    yield _campaigns(ctx).select(
        id="template_id",
        name=pl.format("{} template", "campaign_name"),
        template_type=pl.lit("Base"),
        message_type_id="message_type_id",
        creator_user_id=pl.lit(MARKETER),
        client_template_id=pl.lit(None, pl.Int64),
        created_at=_ts(pl.col("start_us") - MICROS_PER_DAY),
        updated_at=_ts(pl.col("start_us") - MICROS_PER_DAY // 2),
        _fivetran_synced=synced_after(
            ctx, _ts(pl.col("start_us") - MICROS_PER_DAY // 2), pl.duration(minutes=7)
        ),
    )


def lists(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    rows = g.ITERABLE_LISTS
    yield pl.DataFrame(
        {
            "id": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "list_type": [r[2] for r in rows],
            "description": [r[3] for r in rows],
            "_fivetran_deleted": [False] * len(rows),
        }
    ).with_columns(
        created_at=_ts(pl.lit(_workspace_created(ctx))),
        _fivetran_synced=_ts(pl.lit(_workspace_created(ctx))),
    )


def _campaign_history_rows(ctx: GenerationContext, column: str, **values: pl.Expr) -> pl.DataFrame:
    return (
        _campaigns(ctx)
        .drop_nulls(column)
        .select(
            campaign_id="campaign_id",
            **values,
            updated_at=_ts("start_us"),
            _fivetran_synced=synced_after(ctx, _ts("start_us"), pl.duration(minutes=7)),
        )
    )


def campaign_lists(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _campaign_history_rows(ctx, "list_id", list_id=pl.col("list_id"))


def campaign_suppression_lists(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _campaign_history_rows(
        ctx, "suppressed_list_id", suppressed_list_id=pl.col("suppressed_list_id")
    )


def campaign_labels(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """Each campaign is labelled with its objective and its audience."""
    yield pl.concat(
        [
            _campaign_history_rows(ctx, "objective", label=pl.col("objective")),
            _campaign_history_rows(ctx, "audience", label=pl.col("audience")),
        ]
    ).sort("campaign_id", "label")


# --- recipients ------------------------------------------------------------------------------


def _memberships(ctx: GenerationContext) -> pl.DataFrame:
    """Each recipient's lists, in the order they joined them (the list of the first email
    they got from it), with when they joined."""
    return (
        _email_events(ctx)
        .join(_campaigns(ctx).select("campaign_key", "list_id"), on="campaign_key")
        .group_by("visitor_key", "list_id")
        .agg(joined_us=pl.col("at").min())
        .sort("visitor_key", "joined_us", "list_id")
        .with_columns(position=pl.int_range(pl.len()).over("visitor_key"))
    )


def users(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """A version when the recipient signed up (first list) and one per list joined later."""
    rng = ctx.rng(f"{FUNNEL}.iterable.signup")
    joins = _memberships(ctx)
    first = joins.filter(pl.col("position") == 0)
    lead_days = rng.uniform(1, 60, first.height)
    signup = first.select(
        "visitor_key",
        signup_us=pl.col("joined_us") - pl.Series((lead_days * MICROS_PER_DAY).astype(np.int64)),
    )
    versions = joins.join(signup, on="visitor_key").with_columns(
        updated_us=pl.when(pl.col("position") == 0)
        .then(pl.col("signup_us"))
        .otherwise(pl.col("joined_us") - MINUTE_US),
    )
    # The lists a recipient is on after each version, written as Iterable does: "[3001,3002]".
    so_far = (
        versions.select("visitor_key", "position", "list_id")
        .join(versions.select("visitor_key", "list_id", at="position"), on="visitor_key")
        .filter(pl.col("at") <= pl.col("position"))
        .group_by("visitor_key", "position")
        .agg(pl.col("list_id_right").sort())
        .with_columns(
            email_list_ids=pl.format(
                "[{}]",
                pl.col("list_id_right").list.eval(pl.element().cast(pl.String)).list.join(","),
            )
        )
    )
    yield (
        versions.join(
            so_far.select("visitor_key", "position", "email_list_ids"),
            on=["visitor_key", "position"],
        )
        .sort("visitor_key", "position")
        .select(
            _fivetran_id=_user_key(),
            updated_at=_ts("updated_us"),
            email=_email(),
            user_id=pl.lit(None, pl.String),
            iterable_user_id=pl.format("itbl-{}", "visitor_key"),
            first_name=pl.lit(None, pl.String),
            last_name=pl.lit(None, pl.String),
            phone_number=pl.lit(None, pl.String),
            email_list_ids="email_list_ids",
            signup_date=_ts("signup_us"),
            signup_source=pl.lit("WebForm"),
            _fivetran_synced=synced_after(ctx, _ts("updated_us"), pl.duration(minutes=7)),
        )
    )


def list_users(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _memberships(ctx).select(
        _fivetran_id=_user_key(),
        list_id="list_id",
        index="position",
        _fivetran_synced=synced_after(ctx, _ts("joined_us"), pl.duration(minutes=7)),
    )


def _unsubscribes(ctx: GenerationContext) -> pl.DataFrame:
    """The first unsubscribe of each recipient: channel-wide for some, else from the
    campaign's message type."""
    events = (
        _email_events(ctx)
        .filter(pl.col("event_name") == "emailUnSubscribe")
        .sort("at")
        .unique("visitor_key", keep="first", maintain_order=True)
        .join(_campaigns(ctx).select("campaign_key", "message_type_id"), on="campaign_key")
        .sort("visitor_key")
    )
    rng = ctx.rng(f"{FUNNEL}.iterable.unsubscribe")
    channel_wide = rng.random(events.height) < g.EMAIL_UNSUBSCRIBE_CHANNEL_SHARE
    return events.with_columns(channel_wide=pl.Series(channel_wide))


def _unsubscribe_columns(ctx: GenerationContext) -> dict[str, pl.Expr]:
    return {
        "_fivetran_id": _user_key(),
        "email": _email(),
        "updated_at": _ts("at"),
        "_fivetran_synced": synced_after(ctx, _ts("at"), pl.duration(minutes=7)),
    }


def unsubscribed_channels(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        _unsubscribes(ctx)
        .filter("channel_wide")
        .select(**_unsubscribe_columns(ctx), channel_id=pl.lit(g.ITERABLE_CHANNELS[0][0]))
    )


def unsubscribed_message_types(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield (
        _unsubscribes(ctx)
        .filter(~pl.col("channel_wide"))
        .select(
            **_unsubscribe_columns(ctx), message_type_id=pl.col("message_type_id").cast(pl.String)
        )
    )


# --- declarations ---------------------------------------------------------------------------

DELETED = "_fivetran_deleted boolean Deleted in Iterable."
USER_KEY = "_fivetran_id text The recipient's key (user_history._fivetran_id)."


def _per_campaign(rows: float):
    return lambda size: RowContract(round(platform_campaign_count(size, SOURCE) * rows))


def _per_recipient(share: float, tolerance: float):
    """Recipients follow the email sessions (several sends behind each open behind each
    click): a band around a share of the GA sessions, like the events."""
    return lambda size: RowContract(round(size.ga_sessions * share), tolerance=tolerance)


SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        source=SOURCE,
        table="channel",
        imitates="iterable.channel",
        description="Iterable channels: marketing and transactional email.",
        primary_key="id",
        generate=channels,
        cut=timeline.fivetran_static,
        contract=lambda size: RowContract(len(g.ITERABLE_CHANNELS)),
        freshness_column="_fivetran_synced",
        columns=columns(
            f"""
            id bigint Channel id.
            name text Channel name.
            channel_type text Marketing or Transactional.
            message_medium text Email.
            {DELETED}
            {FIVETRAN_SYNCED}
            """
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="message_type",
        imitates="iterable.message_type",
        description="Iterable message types (what recipients subscribe to) per channel.",
        primary_key="id",
        generate=message_types,
        cut=timeline.fivetran_static,
        contract=lambda size: RowContract(len(g.ITERABLE_MESSAGE_TYPES)),
        foreign_keys=(ForeignKey("channel_id", "iterable_channel", "id"),),
        freshness_column="_fivetran_synced",
        columns=columns(
            f"""
            id bigint Message type id.
            name text Name.
            channel_id bigint Channel.
            subscription_policy text OptOut (marketing) or OptIn.
            frequency_cap text? Sends allowed per period (none).
            rate_limit_per_minute text? Send rate limit (none).
            created_at timestamptz Creation.
            updated_at timestamptz Last change.
            {DELETED}
            {FIVETRAN_SYNCED}
            """
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="list",
        imitates="iterable.list",
        description="Iterable lists: newsletter subscribers, lapsed trials, customers.",
        primary_key="id",
        generate=lists,
        cut=timeline.fivetran_static,
        contract=lambda size: RowContract(len(g.ITERABLE_LISTS)),
        freshness_column="_fivetran_synced",
        columns=columns(
            f"""
            id bigint List id.
            name text Name.
            list_type text Standard or Dynamic.
            description text What the list holds.
            created_at timestamptz Creation.
            {DELETED}
            {FIVETRAN_SYNCED}
            """
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="campaign",
        imitates="iterable.campaign_history",
        description="Email campaigns (blasts).",
        primary_key="id",
        generate=iterable_campaigns,
        cut=_cut_campaigns,
        contract=_per_campaign(1),
        freshness_column="_fivetran_synced",
        columns=columns(
            f"""
            id bigint Campaign id.
            name text UTM-style name.
            type text Blast.
            campaign_state text Running or Finished.
            send_size bigint Emails sent.
            created_at timestamptz Creation.
            updated_at timestamptz Last update.
            start_at timestamptz First send.
            ended_at timestamptz? End.
            template_id bigint Template.
            message_medium text Email.
            created_by_user_id text Who created it.
            updated_by_user_id text Who last changed it.
            recurring_campaign_id bigint? Parent of a recurring campaign (none: blasts).
            workflow_id bigint? Journey that sends it (none: blasts).
            {FIVETRAN_SYNCED}
            """
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="template_history",
        imitates="iterable.template_history",
        description="Email templates, one per campaign.",
        primary_key=("id", "updated_at"),
        generate=templates,
        cut=timeline.fivetran_versions("updated_at"),
        contract=_per_campaign(1),
        foreign_keys=(ForeignKey("message_type_id", "iterable_message_type", "id"),),
        freshness_column="_fivetran_synced",
        columns=columns(
            f"""
            id bigint Template id.
            updated_at timestamptz Version time.
            name text Name.
            template_type text Base.
            message_type_id bigint Message type.
            creator_user_id text Author.
            client_template_id bigint? Id in an external system (none).
            created_at timestamptz Creation.
            {FIVETRAN_SYNCED}
            """
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="campaign_list_history",
        imitates="iterable.campaign_list_history",
        description="The list each campaign was sent to.",
        primary_key=("campaign_id", "list_id", "updated_at"),
        generate=campaign_lists,
        cut=timeline.fivetran_versions("updated_at"),
        contract=_per_campaign(1),
        foreign_keys=(
            ForeignKey("campaign_id", "iterable_campaign", "id"),
            ForeignKey("list_id", "iterable_list", "id"),
        ),
        freshness_column="_fivetran_synced",
        columns=columns(
            f"""
            campaign_id bigint Campaign.
            list_id bigint List sent to.
            updated_at timestamptz Version time.
            {FIVETRAN_SYNCED}
            """
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="campaign_suppression_list_history",
        imitates="iterable.campaign_suppression_list_history",
        description="Lists a campaign must not reach (acquisition blasts skip customers).",
        primary_key=("campaign_id", "suppressed_list_id", "updated_at"),
        generate=campaign_suppression_lists,
        cut=timeline.fivetran_versions("updated_at"),
        # At most one per campaign (acquisition blasts only): with two or three email
        # campaigns in dev, how many are acquisition varies by seed.
        contract=lambda size: RowContract(
            round(platform_campaign_count(size, SOURCE) / 2), tolerance=1.0
        ),
        foreign_keys=(
            ForeignKey("campaign_id", "iterable_campaign", "id"),
            ForeignKey("suppressed_list_id", "iterable_list", "id"),
        ),
        freshness_column="_fivetran_synced",
        columns=columns(
            f"""
            campaign_id bigint Campaign.
            suppressed_list_id bigint List excluded.
            updated_at timestamptz Version time.
            {FIVETRAN_SYNCED}
            """
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="campaign_label_history",
        imitates="iterable.campaign_label_history",
        description="Campaign labels: objective and audience.",
        primary_key=("campaign_id", "label", "updated_at"),
        generate=campaign_labels,
        cut=timeline.fivetran_versions("updated_at"),
        contract=_per_campaign(2),
        foreign_keys=(ForeignKey("campaign_id", "iterable_campaign", "id"),),
        freshness_column="_fivetran_synced",
        columns=columns(
            f"""
            campaign_id bigint Campaign.
            label text acquisition or reengagement, and the audience.
            updated_at timestamptz Version time.
            {FIVETRAN_SYNCED}
            """
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="event",
        imitates="iterable.event",
        description="Email events: sends, opens, clicks (every email session had a click), "
        "unsubscribes.",
        primary_key="_fivetran_id",
        generate=iterable_events,
        cut=timeline.fivetran_facts("created_at"),
        # Derived from email sessions, which depend on how many email campaigns overlap: a band.
        contract=_per_recipient(0.6, 0.6),
        foreign_keys=(
            ForeignKey("campaign_id", "iterable_campaign", "id"),
            ForeignKey("message_type_id", "iterable_message_type", "id"),
        ),
        freshness_column="created_at",
        index_foreign_keys=False,
        columns=columns(
            f"""
            _fivetran_id text Row key.
            _fivetran_user_id text Recipient key (user_history._fivetran_id).
            event_name text emailSend, emailOpen, emailClick or emailUnSubscribe.
            email text Recipient.
            campaign_id bigint Campaign.
            message_id text Message.
            message_type_id bigint Message type of the campaign.
            message_bus_id text? Message bus (none).
            content_id bigint? Content (none).
            created_at timestamptz Event time.
            url text? Clicked link.
            status text? Delivery status (none).
            recipient_state text? Recipient state (none).
            unsub_source text? How an unsubscribe came in (EmailLink).
            user_agent text? Browser (not collected).
            user_agent_device text? Device (not collected).
            transactional_data text? Transactional payload (none).
            additional_properties text? Extra fields (none).
            {FIVETRAN_SYNCED}
            """
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="event_extension",
        imitates="iterable.event_extension",
        description="Extra fields of email clicks: the link clicked.",
        primary_key="_fivetran_id",
        generate=event_extensions,
        cut=timeline.fivetran_static,
        contract=_per_recipient(0.015, 0.8),
        foreign_keys=(ForeignKey("_fivetran_id", "iterable_event", "_fivetran_id"),),
        freshness_column="_fivetran_synced",
        index_foreign_keys=False,
        columns=columns(
            f"""
            _fivetran_id text The event.
            _fivetran_user_id text Recipient key.
            clicked_url text Link clicked.
            link_url text Link target.
            link_id text Link id.
            email_id text Message.
            {FIVETRAN_SYNCED}
            """
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="user_history",
        imitates="iterable.user_history",
        description="Email recipients: a version at sign-up and one per list joined later.",
        primary_key=("_fivetran_id", "updated_at"),
        generate=users,
        cut=timeline.fivetran_versions("updated_at"),
        contract=_per_recipient(0.35, 0.7),
        freshness_column="_fivetran_synced",
        index_foreign_keys=False,
        columns=columns(
            f"""
            {USER_KEY}
            updated_at timestamptz Version time.
            email text Recipient email.
            user_id text? Our user id (none: subscribers are not app users).
            iterable_user_id text Iterable's user id.
            first_name text? First name (not collected).
            last_name text? Last name (not collected).
            phone_number text? Phone (not collected).
            email_list_ids text Lists the recipient is on, as [id,...].
            signup_date timestamptz Sign-up.
            signup_source text WebForm.
            {FIVETRAN_SYNCED}
            """
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="list_user",
        imitates="iterable.list_user",
        description="Current list memberships of the recipients.",
        primary_key=("_fivetran_id", "list_id"),
        generate=list_users,
        cut=timeline.fivetran_static,
        contract=_per_recipient(0.35, 0.7),
        foreign_keys=(ForeignKey("list_id", "iterable_list", "id"),),
        freshness_column="_fivetran_synced",
        index_foreign_keys=False,
        columns=columns(
            f"""
            {USER_KEY}
            list_id bigint List.
            index integer Position among the recipient's lists.
            {FIVETRAN_SYNCED}
            """
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="user_unsubscribed_channel",
        imitates="iterable.user_unsubscribed_channel",
        description="Recipients who unsubscribed from all marketing email.",
        primary_key="_fivetran_id",
        generate=unsubscribed_channels,
        cut=timeline.fivetran_facts("updated_at"),
        contract=_per_recipient(0.6 * 0.24 * 0.02 * 0.3, 0.9),
        foreign_keys=(ForeignKey("channel_id", "iterable_channel", "id"),),
        freshness_column="_fivetran_synced",
        columns=columns(
            f"""
            {USER_KEY}
            email text Recipient.
            channel_id bigint Channel left.
            updated_at timestamptz When.
            {FIVETRAN_SYNCED}
            """
        ),
    ),
    TableSpec(
        source=SOURCE,
        table="user_unsubscribed_message_type",
        imitates="iterable.user_unsubscribed_message_type",
        description="Recipients who unsubscribed from one message type.",
        primary_key="_fivetran_id",
        generate=unsubscribed_message_types,
        cut=timeline.fivetran_facts("updated_at"),
        contract=_per_recipient(0.6 * 0.24 * 0.02 * 0.7, 0.9),
        freshness_column="_fivetran_synced",
        columns=columns(
            f"""
            {USER_KEY}
            email text Recipient.
            message_type_id text>bigint Message type left (as Iterable reports it, text).
            updated_at timestamptz When.
            {FIVETRAN_SYNCED}
            """
        ),
    ),
)
