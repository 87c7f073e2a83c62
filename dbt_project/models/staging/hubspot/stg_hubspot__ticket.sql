-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Support tickets with priority and resolution time (more for accounts in trouble).
with source as (
    select * from {{ source('hubspot', 'hubspot_ticket') }}
),

renamed as (
    select
        "id" as ticket_id,
        "company_id",
        "property_tapflow_account_id" as tapflow_account_id,
        "property_subject" as subject,
        "property_hs_pipeline" as hs_pipeline,
        "property_hs_pipeline_stage" as hs_pipeline_stage,
        "property_hs_ticket_priority" as hs_ticket_priority,
        "property_hs_ticket_category" as hs_ticket_category,
        "property_hubspot_owner_id" as hubspot_owner_id,
        "property_createdate" as createdate,
        "property_closed_date" as closed_date,
        "property_time_to_close" as time_to_close,
        "is_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
