-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- The support ticket pipeline.
with source as (
    select * from {{ source('hubspot', 'hubspot_ticket_pipeline') }}
),

renamed as (
    select
        "pipeline_id",
        "label",
        "object_type_id",
        "active",
        "display_order",
        "created_at",
        "updated_at",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
