"""raw.pipedrive_*: the sales pipeline (leads, deals, activities, stages, deal history)."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.config import go_to_market as g
from saas_datagen.generators import timeline
from saas_datagen.generators.amplitude import amplitude_frame, form_submission_ids
from saas_datagen.generators.context import (
    FIVETRAN_FAR_FUTURE_US,
    MICROS_PER_DAY,
    UTC_US,
    GenerationContext,
)
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.crm import crm, crm_configured_us, crm_synced
from saas_datagen.generators.go_to_market.funnel import LIFECYCLE_BY_FORM, funnel
from saas_datagen.generators.stripe.common import stripe_id
from saas_datagen.schema import (
    FIVETRAN_SYNCED,
    ForeignKey,
    RowContract,
    TableSpec,
    TemporalRule,
    columns,
)


def _priority(form_type: pl.Expr) -> pl.Expr:
    return (
        pl.when(form_type.is_in(["demo_request", "pricing_inquiry"]))
        .then(pl.lit("high"))
        .when(form_type.is_in(["trial_signup", "contact_us"]))
        .then(pl.lit("medium"))
        .otherwise(pl.lit("low"))
    )


def pipedrive_leads(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    leads = funnel(ctx).leads.join(
        form_submission_ids(amplitude_frame(ctx)), on="lead_key", how="left"
    )
    activities = crm(ctx).activities.group_by("lead_key").agg(expected=pl.len())
    yield (
        leads.join(activities, on="lead_key", how="left")
        .sort("lead_key")
        .select(
            id="lead_key",
            title=pl.format("{} lead", "company_name"),
            person_name=pl.format("{} {}", "first_name", "last_name"),
            organization_name="company_name",
            email="email",
            form_type="form_type",
            trial_path="trial_path",
            lifecycle_stage=pl.col("form_type").replace_strict(LIFECYCLE_BY_FORM, default="cold"),
            source="source",
            sales_priority=_priority(pl.col("form_type")),
            expected_activities=pl.col("expected").fill_null(0),
            form_submission_id="form_submission_id",
            tapflow_account_id="account_id",
            add_time=_ts("created_us"),
            # Its last change: the trial converted, or expired (archived at the trial's end).
            update_time=_ts(pl.coalesce("conversion_us", _archived_us(), "created_us")),
            is_archived=(pl.col("outcome") == "expired").fill_null(False),
        )
    )


def _archived_us() -> pl.Expr:
    """An expired trial's lead is archived when the trial ends."""
    trial_end = pl.col("created_us") + d.TRIAL_DAYS * MICROS_PER_DAY
    return pl.when(pl.col("outcome") == "expired").then(trial_end)


def _cut_leads(ctx: GenerationContext, leads: pl.DataFrame) -> pl.DataFrame:
    """The leads created before the cut-off: converted or archived only once that happened,
    updated at their last change before it."""
    story = funnel(ctx).leads.select(
        id="lead_key",
        converted_then=pl.when(pl.col("conversion_us") < ctx.cutoff_us).then("conversion_us"),
        archived_then=pl.when(_archived_us() < ctx.cutoff_us).then(_archived_us()),
    )
    return (
        leads.filter(pl.col("add_time") < timeline.cutoff(ctx))
        .join(story, on="id", how="left", maintain_order="left")
        .with_columns(
            update_time=pl.coalesce(
                _ts("converted_then"), _ts("archived_then"), pl.col("add_time")
            ),
            is_archived=pl.col("archived_then").is_not_null(),
        )
        .drop("converted_then", "archived_then")
    )


def _cut_deals(ctx: GenerationContext, deals: pl.DataFrame) -> pl.DataFrame:
    """The deals added before the cut-off: won or lost once closed before it, open until."""
    cutoff = timeline.cutoff(ctx)
    closed = pl.col("close_time") < cutoff
    return deals.filter(pl.col("add_time") < cutoff).with_columns(
        status=pl.when(closed).then("status").otherwise(pl.lit("open")),
        close_time=pl.when(closed).then("close_time"),
        won_time=pl.when(closed).then("won_time"),
        lost_time=pl.when(closed).then("lost_time"),
        lost_reason=pl.when(closed).then("lost_reason"),
    )


def _cut_activities(ctx: GenerationContext, activities: pl.DataFrame) -> pl.DataFrame:
    """The activities planned before the cut-off, done once due before it, on their lead's
    deal once it was added."""
    cutoff = timeline.cutoff(ctx)
    done = pl.col("due_time") < cutoff
    added = (
        crm(ctx)
        .deals.filter(pl.col("add_us") < ctx.cutoff_us)
        .select(deal_id="deal_key", deal_added=pl.lit(True))
    )
    return (
        activities.filter(pl.col("add_time") < cutoff)
        .join(added, on="deal_id", how="left", maintain_order="left")
        .with_columns(
            deal_id=pl.when(pl.col("deal_added")).then("deal_id"),
            done=done,
            marked_as_done_time=pl.when(done).then("due_time"),
        )
        .drop("deal_added")
    )


def pipedrive_deals(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    deals = crm(ctx).deals
    closed = pl.col("status") != "open"
    yield deals.sort("deal_key").select(
        id="deal_key",
        lead_id="lead_key",
        title=pl.format("{} plan", pl.col("product_sku").str.to_titlecase()),
        value=(pl.col("value_cents") / 100).round(2),
        currency=pl.lit("USD"),
        product_sku="product_sku",
        stripe_price_lookup_key="lookup_key",
        stripe_price_id=stripe_id("price", "price_key", ctx),
        quantity="quantity",
        trial_path=pl.when(pl.col("kind").is_in(["sales_assisted", "self_service"])).then("kind"),
        source_form_type=pl.when(pl.col("kind").is_in(["sales_assisted", "self_service"]))
        .then(pl.lit("trial_signup"))
        .otherwise("kind"),
        status="status",
        tapflow_account_id="account_id",
        owner_id="owner_id",
        add_time=_ts("add_us"),
        close_time=pl.when(closed).then(_ts("close_us")),
        won_time=pl.when(pl.col("status") == "won").then(_ts("close_us")),
        lost_time=pl.when(pl.col("status") == "lost").then(_ts("close_us")),
        lost_reason=pl.when(pl.col("status") == "lost").then("lost_reason"),
    )


PIPEDRIVE_STAGE_IDS = {s[0]: i + 1 for i, s in enumerate(g.DEAL_STAGES)}


def pipedrive_stages(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """The sales pipeline's stages (won and lost are deal statuses in Pipedrive, kept here as
    the stages closed deals end in)."""
    at = _ts(pl.lit(crm_configured_us(ctx)))
    yield pl.DataFrame(
        {
            "id": [PIPEDRIVE_STAGE_IDS[s[0]] for s in g.DEAL_STAGES],
            "name": [s[0].replace("_", " ").title() for s in g.DEAL_STAGES],
            "order_nr": list(range(1, len(g.DEAL_STAGES) + 1)),
            "deal_probability": [round(s[2] * 100) for s in g.DEAL_STAGES],
        }
    ).with_columns(
        pipeline_id=pl.lit(1),
        active_flag=pl.lit(True),
        add_time=at,
        update_time=at,
        _fivetran_deleted=pl.lit(False),
        _fivetran_synced=crm_synced(ctx, pl.lit(crm_configured_us(ctx))),
    )


def pipedrive_deal_history(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    """Fivetran history mode on deals: a version per stage the deal entered (the
    sales-assisted walk on days 0/5/9/12/14), the closing version carrying won or lost."""
    state = crm(ctx)
    deals = state.deals.select("deal_key", "status", "value_cents", "owner_id")
    versions = (
        state.stage_history.join(deals, on="deal_key")
        .sort("deal_key", "entered_us")
        .with_columns(
            closing=pl.col("stage").str.starts_with("closed"),
        )
    )
    yield versions.select(
        id="deal_key",
        _fivetran_start=_ts("entered_us"),
        _fivetran_end=pl.when(pl.col("left_us").is_null())
        .then(pl.lit(FIVETRAN_FAR_FUTURE_US).cast(UTC_US))
        .otherwise(_ts(pl.col("left_us") - 1000)),
        _fivetran_active=pl.col("left_us").is_null(),
        stage_id=pl.col("stage").replace_strict(PIPEDRIVE_STAGE_IDS, return_dtype=pl.Int64),
        status=pl.when("closing").then("status").otherwise(pl.lit("open")),
        value=(pl.col("value_cents") / 100).round(2),
        currency=pl.lit("USD"),
        owner_id="owner_id",
        stage_change_time=_ts("entered_us"),
        update_time=_ts("entered_us"),
        _fivetran_synced=crm_synced(ctx, "entered_us"),
    )


def pipedrive_activities(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    activities = crm(ctx).activities
    subjects = {"call": "Call", "email": "Email", "meeting": "Meeting", "task": "Follow-up task"}
    yield activities.sort("activity_id").select(
        id="activity_id",
        lead_id="lead_key",
        deal_id="deal_key",
        type="activity_type",
        subject=pl.format("{}: {}", pl.col("activity_type").replace_strict(subjects), "playbook"),
        playbook="playbook",
        owner_id="owner_id",
        add_time=_ts("add_us"),
        due_time=_ts("due_us"),
        done="done",
        marked_as_done_time=pl.when("done").then(_ts("due_us")),
    )


def leads_contract(size):
    trials = size.accounts / 0.32  # converted accounts / blended conversion
    fills = trials / 0.35
    return RowContract(round(fills * (1 + g.PURCHASED_LEAD_SHARE)), tolerance=0.15)


SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        source="pipedrive",
        table="lead",
        description="Leads: every form fill (with form type, trial path, source) and purchased "
        "leads.",
        generate=pipedrive_leads,
        cut=_cut_leads,
        primary_key="id",
        contract=leads_contract,
        columns=columns("""
        id bigint Lead id.
        title text Lead title.
        person_name text Contact name.
        organization_name text Company.
        email text Email.
        form_type text? One of the six form types; null for purchased leads.
        trial_path text? self_service or sales_assisted for trial sign-ups.
        lifecycle_stage text Stage implied by the form.
        source text web_form or purchased_list.
        sales_priority text high, medium or low.
        expected_activities integer Activities planned for this lead.
        form_submission_id text? Amplitude insert_id of the form fill.
        tapflow_account_id bigint? App account the trial became.
        add_time timestamptz Created.
        update_time timestamptz Last change.
        is_archived boolean Expired trials are archived.
        """),
        foreign_keys=(ForeignKey("tapflow_account_id", "app_database_accounts", "account_id"),),
        freshness_column="add_time",
        depends_on=("amplitude_events",),
    ),
    TableSpec(
        source="pipedrive",
        table="deal",
        description="Sales deals with the product SKU and the Stripe price they close on.",
        generate=pipedrive_deals,
        cut=_cut_deals,
        primary_key="id",
        contract=lambda size: RowContract(round(size.accounts * 3.8), tolerance=0.2),
        columns=columns("""
        id bigint Deal id.
        lead_id bigint Lead it came from.
        title text Deal title.
        value double_precision Monthly value in USD (Stripe price x quantity).
        currency text USD.
        product_sku text STARTER, PROFESSIONAL, BUSINESS or ENTERPRISE.
        stripe_price_lookup_key text Stripe price lookup key.
        stripe_price_id text Stripe price id.
        quantity integer Locations.
        trial_path text? Trial path when from a trial.
        source_form_type text Form that started it.
        status text open, won or lost.
        tapflow_account_id bigint? Account won.
        owner_id bigint Sales rep.
        add_time timestamptz Created.
        close_time timestamptz? Closed.
        won_time timestamptz? Won.
        lost_time timestamptz? Lost.
        lost_reason text? Why it was lost.
        """),
        foreign_keys=(
            ForeignKey("lead_id", "pipedrive_lead", "id"),
            ForeignKey("tapflow_account_id", "app_database_accounts", "account_id"),
            ForeignKey("stripe_price_id", "stripe_price", "id"),
        ),
        temporal_rules=(TemporalRule("add_time", "lead_id", "add_time"),),
        freshness_column="add_time",
        depends_on=("app_database_accounts",),
    ),
    TableSpec(
        source="pipedrive",
        table="activity",
        description="CRM activities: 1 (self-service), 10-12 (sales-assisted), 8 (demo), 1-2 "
        "(purchased).",
        generate=pipedrive_activities,
        cut=_cut_activities,
        primary_key="id",
        contract=lambda size: RowContract(round(size.accounts * 39), tolerance=0.25),
        columns=columns("""
        id bigint Activity id.
        lead_id bigint Lead.
        deal_id bigint? Deal.
        type text call, email, meeting or task.
        subject text Subject.
        playbook text Path or form type that set the activity volume.
        owner_id bigint Rep.
        add_time timestamptz Created.
        due_time timestamptz Due.
        done boolean Done.
        marked_as_done_time timestamptz? Done at.
        """),
        foreign_keys=(
            ForeignKey("lead_id", "pipedrive_lead", "id"),
            ForeignKey("deal_id", "pipedrive_deal", "id"),
        ),
        temporal_rules=(TemporalRule("due_time", "lead_id", "add_time"),),
        freshness_column="add_time",
    ),
    TableSpec(
        source="pipedrive",
        table="stage",
        description="Stages of the sales pipeline.",
        generate=pipedrive_stages,
        cut=timeline.fivetran_static,
        primary_key="id",
        contract=lambda size: RowContract(len(g.DEAL_STAGES)),
        columns=columns(f"""
        id bigint Stage id.
        name text Name.
        order_nr integer Position in the pipeline.
        deal_probability integer Win probability (%).
        pipeline_id bigint Pipeline.
        active_flag boolean In use.
        add_time timestamptz Created.
        update_time timestamptz Updated.
        _fivetran_deleted boolean Deleted in Pipedrive.
        {FIVETRAN_SYNCED}
        """),
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source="pipedrive",
        table="deal_history",
        description="Deal versions (Fivetran history mode): one per stage entered.",
        generate=pipedrive_deal_history,
        cut=timeline.fivetran_history(),
        primary_key=("id", "_fivetran_start"),
        contract=lambda size: RowContract(round(size.hubspot_deals * 1.4 * 2.4), tolerance=0.4),
        columns=columns(f"""
        id bigint Deal (pipedrive_deal.id).
        _fivetran_start timestamptz Version start (entered the stage).
        _fivetran_end timestamptz Version end (9999-12-31 if current).
        _fivetran_active boolean Current version.
        stage_id bigint Stage.
        status text open, won or lost.
        value double_precision Deal value (USD).
        currency text USD.
        owner_id bigint Owner.
        stage_change_time timestamptz When the stage changed.
        update_time timestamptz Last update.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("id", "pipedrive_deal", "id"),
            ForeignKey("stage_id", "pipedrive_stage", "id"),
        ),
        freshness_column="_fivetran_synced",
    ),
)
