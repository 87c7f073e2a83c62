-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Iterable message types (what recipients subscribe to) per channel.
with source as (
    select * from {{ source('iterable', 'iterable_message_type') }}
),

renamed as (
    select
        "id" as message_type_id,
        "name",
        "channel_id",
        "subscription_policy",
        "frequency_cap",
        "rate_limit_per_minute",
        "created_at",
        "updated_at",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
