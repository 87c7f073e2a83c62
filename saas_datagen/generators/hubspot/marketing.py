"""Contact lists and their members, forms and submissions, and the property schema."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from saas_datagen.config import distributions as d
from saas_datagen.config import go_to_market as g
from saas_datagen.generators import timeline
from saas_datagen.generators.context import (
    MICROS_PER_DAY,
    GenerationContext,
)
from saas_datagen.generators.context import micros_to_timestamp as _ts
from saas_datagen.generators.go_to_market.crm import crm, crm_synced
from saas_datagen.generators.hubspot.common import (
    DELETED,
    PORTAL,
    SOURCE,
    STAGE_IDS,
    USER_ID_BASE,
    about,
    exactly,
    setup_us,
    static,
)
from saas_datagen.generators.hubspot.crm_objects import contact_state
from saas_datagen.schema import FIVETRAN_SYNCED, ForeignKey, RowContract, TableSpec, columns


def contact_lists(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    yield _render_contact_lists(ctx, ctx.horizon_us)


def _cut_contact_lists(ctx: GenerationContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The lists as processed the day before the cut-off, with the members added by then."""
    return _render_contact_lists(ctx, ctx.cutoff_us).with_columns(timeline.synced_by_cutoff(ctx))


def _render_contact_lists(ctx: GenerationContext, before_us: int) -> pl.DataFrame:
    """The lists with the members added before `before_us`, last processed a day before it."""
    members = (
        contact_list_members_frame(ctx)
        .filter(pl.col("added_us") < before_us)
        .group_by("contact_list_id")
        .agg(size=pl.len())
    )
    processed = before_us - MICROS_PER_DAY
    at = _ts(pl.lit(setup_us(ctx)))
    rows = g.HUBSPOT_CONTACT_LISTS
    return (
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
            updated_at=_ts(pl.lit(processed)),
            filters_updated_at=at,
            metadata_last_processing_state_change_at=_ts(pl.lit(processed)),
            metadata_last_size_change_at=_ts(pl.lit(processed)),
            _fivetran_deleted=pl.lit(False),
            _fivetran_synced=crm_synced(ctx, pl.lit(processed)),
        )
    )


def contact_list_members_frame(ctx: GenerationContext) -> pl.DataFrame:
    """Each list's contacts: those in its lifecycle stages at the story's end (the stage the
    contacts table shows, its property history's), added when they were created."""
    contacts = (
        crm(ctx)
        .contacts.drop("lifecycle")
        .join(
            contact_state(ctx, ctx.horizon_us).select("contact_id", lifecycle="state_lifecycle"),
            on="contact_id",
            how="left",
            maintain_order="left",
        )
    )
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
        _fivetran_synced=crm_synced(ctx, "added_us"),
    )


def forms(ctx: GenerationContext) -> Iterator[pl.DataFrame]:
    at = _ts(pl.lit(setup_us(ctx)))
    names = [f[0] for f in g.FORM_TYPES]
    yield static(
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
            _fivetran_synced=crm_synced(ctx, "created_us"),
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
    at = _ts(pl.lit(setup_us(ctx)))
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
        _fivetran_synced=crm_synced(ctx, pl.lit(setup_us(ctx))),
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
        _fivetran_synced=crm_synced(ctx, pl.lit(setup_us(ctx))),
    )


SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        source=SOURCE,
        table="contact_list",
        description="Contact lists by lifecycle stage.",
        generate=contact_lists,
        cut=_cut_contact_lists,
        primary_key="id",
        contract=exactly(len(g.HUBSPOT_CONTACT_LISTS)),
        columns=columns(f"""
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
        {FIVETRAN_SYNCED}
        """),
        imitates="hubspot.contact_list",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="contact_list_member",
        description="Contacts on each list.",
        generate=contact_list_members,
        cut=timeline.fivetran_facts("added_at"),
        primary_key=("contact_list_id", "contact_id"),
        contract=lambda size: RowContract(size.hubspot_contacts, tolerance=0.1),
        columns=columns(f"""
        contact_id bigint Contact.
        contact_list_id bigint List.
        added_at timestamptz When added.
        {DELETED}
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("contact_id", "hubspot_contact", "id"),
            ForeignKey("contact_list_id", "hubspot_contact_list", "id"),
        ),
        imitates="hubspot.contact_list_member",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="form",
        description="HubSpot forms on the website, one per form type.",
        generate=forms,
        cut=timeline.fivetran_static,
        primary_key="guid",
        contract=exactly(len(g.FORM_TYPES)),
        columns=columns(f"""
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
        {FIVETRAN_SYNCED}
        """),
        imitates="hubspot.form",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="contact_form_submission",
        description="The form fill that created each contact.",
        generate=contact_form_submissions,
        cut=timeline.fivetran_facts("timestamp"),
        primary_key="conversion_id",
        contract=about(lambda size: size.hubspot_contacts * 0.95, 0.1),
        columns=columns(f"""
        contact_id bigint Contact.
        conversion_id bigint Submission id.
        form_id bigint Form.
        page_id bigint? Page (not a HubSpot page).
        page_url text Page the form was on.
        portal_id integer HubSpot account.
        timestamp timestamptz When.
        title text Form title.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(
            ForeignKey("contact_id", "hubspot_contact", "id"),
            ForeignKey("form_id", "hubspot_form", "guid"),
        ),
        imitates="hubspot.contact_form_submission",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="property",
        description="Property definitions of the enumerated fields used.",
        generate=properties,
        cut=timeline.fivetran_static,
        primary_key="_fivetran_id",
        contract=exactly(len(PROPERTIES)),
        columns=columns(f"""
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
        {FIVETRAN_SYNCED}
        """),
        imitates="hubspot.property",
        freshness_column="_fivetran_synced",
    ),
    TableSpec(
        source=SOURCE,
        table="property_option",
        description="Options of the enumerated properties.",
        generate=property_options,
        cut=timeline.fivetran_static,
        primary_key=("property_id", "value"),
        contract=exactly(sum(len(p[5]) for p in PROPERTIES)),
        columns=columns(f"""
        property_id text Property (property._fivetran_id).
        hubspot_object text Object.
        value text Stored value.
        name text Name.
        label text Label.
        display_order integer Order.
        hidden boolean Hidden.
        {FIVETRAN_SYNCED}
        """),
        foreign_keys=(ForeignKey("property_id", "hubspot_property", "_fivetran_id"),),
        imitates="hubspot.property_option",
        freshness_column="_fivetran_synced",
    ),
)
