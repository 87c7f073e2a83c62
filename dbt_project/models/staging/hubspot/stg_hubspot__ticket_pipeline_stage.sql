-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Stages of the support pipeline.
with source as (
    select * from {{ source('hubspot', 'hubspot_ticket_pipeline_stage') }}
),

renamed as (
    select
        "stage_id",
        "pipeline_id",
        "label",
        "display_order",
        "is_closed",
        "ticket_state",
        "active",
        "created_at",
        "updated_at",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
