-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- The support ticket pipeline.
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
from {{ source('hubspot', 'hubspot_ticket_pipeline') }}
