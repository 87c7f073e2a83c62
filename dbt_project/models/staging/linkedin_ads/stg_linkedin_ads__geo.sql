-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- LinkedIn geo lookup: the country and the regions members are reported in.
with source as (
    select * from {{ source('linkedin_ads', 'linkedin_ads_geo') }}
),

renamed as (
    select
        "id" as geo_id,
        "value",
        "_fivetran_synced"
    from source
)

select * from renamed
