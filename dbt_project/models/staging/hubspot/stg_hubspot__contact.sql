-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Contacts: customers' signers, MQLs and other form fills.
with source as (
    select * from {{ source('hubspot', 'hubspot_contact') }}
),

renamed as (
    select
        "id" as contact_id,
        "property_email" as email,
        "property_firstname" as firstname,
        "property_lastname" as lastname,
        "property_company" as company,
        "property_lifecyclestage" as lifecyclestage,
        "property_hs_lead_status" as hs_lead_status,
        "property_hubspot_owner_id" as hubspot_owner_id,
        "property_associatedcompanyid" as associatedcompanyid,
        "property_tapflow_lead_id" as tapflow_lead_id,
        "property_hubspotscore" as hubspotscore,
        "property_createdate" as createdate,
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
