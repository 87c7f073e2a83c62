-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Stages of the sales pipeline with win probability.
with source as (
    select * from {{ source('hubspot', 'hubspot_deal_pipeline_stage') }}
),

renamed as (
    select
        "stage_id",
        "pipeline_id",
        "label",
        "display_order",
        "probability",
        "is_closed",
        "active",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
