-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Recipients who unsubscribed from one message type.
with source as (
    select * from {{ source('iterable', 'iterable_user_unsubscribed_message_type') }}
),

renamed as (
    select
        "_fivetran_id",
        "email",
        "message_type_id"::bigint as message_type_id,
        "updated_at",
        "_fivetran_synced"
    from source
)

select * from renamed
