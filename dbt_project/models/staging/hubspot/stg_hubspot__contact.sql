-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Contacts: customers' signers, MQLs and other form fills.
select
    "id",
    "property_email",
    "property_firstname",
    "property_lastname",
    "property_company",
    "property_lifecyclestage",
    "property_hs_lead_status",
    "property_hubspot_owner_id",
    "property_associatedcompanyid",
    "property_tapflow_lead_id",
    "property_hubspotscore",
    "property_createdate",
    "_fivetran_deleted",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_contact') }}
