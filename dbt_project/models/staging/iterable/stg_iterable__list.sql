-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Iterable lists: newsletter subscribers, lapsed trials, customers.
with source as (
    select * from {{ source('iterable', 'iterable_list') }}
),

renamed as (
    select
        "id" as list_id,
        "name",
        "list_type",
        "description",
        "created_at",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
