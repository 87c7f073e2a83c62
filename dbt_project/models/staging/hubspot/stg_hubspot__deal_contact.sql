-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Deal to contact associations.
select
    "deal_id",
    "contact_id",
    "type_id",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_deal_contact') }}
