-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Deal pipelines.
with source as (
    select * from {{ source('hubspot', 'hubspot_deal_pipeline') }}
),

renamed as (
    select
        "pipeline_id",
        "label",
        "active",
        "display_order",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
