-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Current list memberships of the recipients.
with source as (
    select * from {{ source('iterable', 'iterable_list_user') }}
),

renamed as (
    select
        "_fivetran_id",
        "list_id",
        "index",
        "_fivetran_synced"
    from source
)

select * from renamed
