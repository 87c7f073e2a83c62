-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- The list each campaign was sent to.
with source as (
    select * from {{ source('iterable', 'iterable_campaign_list_history') }}
),

renamed as (
    select
        "campaign_id",
        "list_id",
        "updated_at",
        "_fivetran_synced"
    from source
)

select * from renamed
