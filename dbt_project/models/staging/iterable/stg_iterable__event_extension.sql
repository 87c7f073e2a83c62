-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Extra fields of email clicks: the link clicked.
with source as (
    select * from {{ source('iterable', 'iterable_event_extension') }}
),

renamed as (
    select
        "_fivetran_id",
        "_fivetran_user_id",
        "clicked_url",
        "link_url",
        "link_id",
        "email_id",
        "_fivetran_synced"
    from source
)

select * from renamed
