-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Campaign labels: objective and audience.
with source as (
    select * from {{ source('iterable', 'iterable_campaign_label_history') }}
),

renamed as (
    select
        "campaign_id",
        "label",
        "updated_at",
        "_fivetran_synced"
    from source
)

select * from renamed
