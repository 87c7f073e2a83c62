-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Recipients who unsubscribed from all marketing email.
with source as (
    select * from {{ source('iterable', 'iterable_user_unsubscribed_channel') }}
),

renamed as (
    select
        "_fivetran_id",
        "email",
        "channel_id",
        "updated_at",
        "_fivetran_synced"
    from source
)

select * from renamed
