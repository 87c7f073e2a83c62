-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Stages of the sales pipeline.
with source as (
    select * from {{ source('pipedrive', 'pipedrive_stage') }}
),

renamed as (
    select
        "id" as stage_id,
        "name",
        "order_nr",
        "deal_probability",
        "pipeline_id",
        "active_flag",
        "add_time",
        "update_time",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
