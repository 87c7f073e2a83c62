-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- LinkedIn ad account versions.
with source as (
    select * from {{ source('linkedin_ads', 'linkedin_ads_account_history') }}
),

renamed as (
    select
        "id" as account_id,
        "last_modified_time",
        "name",
        "currency",
        "status",
        "type",
        "created_time",
        "version_tag",
        "_fivetran_synced"
    from source
)

select * from renamed
