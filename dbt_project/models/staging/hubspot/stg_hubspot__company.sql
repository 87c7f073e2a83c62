-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Companies: every customer account and open or lost prospects.
with source as (
    select * from {{ source('hubspot', 'hubspot_company') }}
),

renamed as (
    select
        "id" as company_id,
        "property_name" as name,
        "property_domain" as domain,
        "property_industry" as industry,
        "property_country" as country,
        "property_numberofemployees" as numberofemployees,
        "property_lifecyclestage" as lifecyclestage,
        "property_hubspot_owner_id" as hubspot_owner_id,
        "property_tapflow_account_id" as tapflow_account_id,
        "property_createdate" as createdate,
        "is_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
