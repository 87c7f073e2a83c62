-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Support tickets with priority and resolution time (more for accounts in trouble).
select
    "id",
    "company_id",
    "property_tapflow_account_id",
    "property_subject",
    "property_hs_pipeline",
    "property_hs_pipeline_stage",
    "property_hs_ticket_priority",
    "property_hs_ticket_category",
    "property_hubspot_owner_id",
    "property_createdate",
    "property_closed_date",
    "property_time_to_close",
    "is_deleted",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_ticket') }}
