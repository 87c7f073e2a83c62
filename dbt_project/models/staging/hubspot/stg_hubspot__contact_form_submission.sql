-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- The form fill that created each contact.
with source as (
    select * from {{ source('hubspot', 'hubspot_contact_form_submission') }}
),

renamed as (
    select
        "contact_id",
        "conversion_id",
        "form_id",
        "page_id",
        "page_url",
        "portal_id",
        "timestamp",
        "title",
        "_fivetran_synced"
    from source
)

select * from renamed
