-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Email templates, one per campaign.
with source as (
    select * from {{ source('iterable', 'iterable_template_history') }}
),

renamed as (
    select
        "id" as template_id,
        "updated_at",
        "name",
        "template_type",
        "message_type_id",
        "creator_user_id",
        "client_template_id",
        "created_at",
        "_fivetran_synced"
    from source
)

select * from renamed
