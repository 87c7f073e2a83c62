-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Marketing email events of type STATUSCHANGE and their details.
with source as (
    select * from {{ source('hubspot', 'hubspot_email_event_status_change') }}
),

renamed as (
    select
        "id" as email_event_id,
        "source",
        "requested_by",
        "portal_subscription_status",
        "subscriptions",
        "bounced",
        "_fivetran_synced"
    from source
)

select * from renamed
