-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Iterable channels: marketing and transactional email.
with source as (
    select * from {{ source('iterable', 'iterable_channel') }}
),

renamed as (
    select
        "id" as channel_id,
        "name",
        "channel_type",
        "message_medium",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
