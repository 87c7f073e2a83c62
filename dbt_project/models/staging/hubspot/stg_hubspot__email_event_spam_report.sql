-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Marketing email events of type SPAMREPORT and their details.
with source as (
    select * from {{ source('hubspot', 'hubspot_email_event_spam_report') }}
),

renamed as (
    select
        "id" as email_event_id,
        "ip_address",
        "user_agent",
        "_fivetran_synced"
    from source
)

select * from renamed
