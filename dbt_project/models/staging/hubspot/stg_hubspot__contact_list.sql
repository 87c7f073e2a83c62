-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Contact lists by lifecycle stage.
with source as (
    select * from {{ source('hubspot', 'hubspot_contact_list') }}
),

renamed as (
    select
        "id" as contact_list_id,
        "name",
        "dynamic",
        "portal_id",
        "object_type_id",
        "processing_type",
        "processing_status",
        "metadata_processing",
        "metadata_error",
        "metadata_size",
        "list_version",
        "deleteable",
        "created_by_id",
        "created_at",
        "updated_at",
        "filters_updated_at",
        "metadata_last_processing_state_change_at",
        "metadata_last_size_change_at",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
