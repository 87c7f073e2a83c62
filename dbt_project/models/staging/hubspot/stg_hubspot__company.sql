-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Companies: every customer account and open or lost prospects.
select
    "id",
    "property_name",
    "property_domain",
    "property_industry",
    "property_country",
    "property_numberofemployees",
    "property_lifecyclestage",
    "property_hubspot_owner_id",
    "property_tapflow_account_id",
    "property_createdate",
    "is_deleted",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_company') }}
