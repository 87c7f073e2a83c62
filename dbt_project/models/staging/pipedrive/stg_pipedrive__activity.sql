-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- CRM activities: 1 (self-service), 10-12 (sales-assisted), 8 (demo), 1-2 (purchased).
with source as (
    select * from {{ source('pipedrive', 'pipedrive_activity') }}
),

renamed as (
    select
        "id" as activity_id,
        "lead_id",
        "deal_id",
        "type",
        "subject",
        "playbook",
        "owner_id",
        "add_time",
        "due_time",
        "done",
        "marked_as_done_time"
    from source
)

select * from renamed
