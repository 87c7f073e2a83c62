-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Email campaigns (blasts).
with source as (
    select * from {{ source('iterable', 'iterable_campaign') }}
),

renamed as (
    select
        "id" as campaign_id,
        "name",
        "type",
        "campaign_state",
        "send_size",
        "created_at",
        "updated_at",
        "start_at",
        "ended_at",
        "template_id",
        "message_medium",
        "created_by_user_id",
        "updated_by_user_id",
        "recurring_campaign_id",
        "workflow_id",
        "_fivetran_synced"
    from source
)

select * from renamed
