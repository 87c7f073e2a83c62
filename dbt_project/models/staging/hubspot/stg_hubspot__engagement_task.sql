-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Follow-up tasks (engagements of type TASK).
with source as (
    select * from {{ source('hubspot', 'hubspot_engagement_task') }}
),

renamed as (
    select
        "engagement_id",
        "type",
        "property_hs_task_subject" as hs_task_subject,
        "property_hs_task_status" as hs_task_status,
        "property_hs_task_priority" as hs_task_priority,
        "property_hs_task_type" as hs_task_type,
        "property_hs_createdate" as hs_createdate,
        "property_hs_timestamp" as hs_timestamp,
        "property_hubspot_owner_id" as hubspot_owner_id,
        "property_hubspot_team_id" as hubspot_team_id,
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
