-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Lists a campaign must not reach (acquisition blasts skip customers).
with source as (
    select * from {{ source('iterable', 'iterable_campaign_suppression_list_history') }}
),

renamed as (
    select
        "campaign_id",
        "suppressed_list_id",
        "updated_at",
        "_fivetran_synced"
    from source
)

select * from renamed
