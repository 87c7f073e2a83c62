-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Deals: new business, renewals, expansions and prospects.
with source as (
    select * from {{ source('hubspot', 'hubspot_deal') }}
),

renamed as (
    select
        "deal_id",
        "deal_pipeline_id",
        "deal_pipeline_stage_id",
        "owner_id",
        "property_dealname" as dealname,
        "property_dealtype" as dealtype,
        "property_amount" as amount,
        "property_createdate" as createdate,
        "property_closedate" as closedate,
        "property_tapflow_account_id" as tapflow_account_id,
        "is_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
