-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- LinkedIn ad account versions.
select
    "id",
    "last_modified_time",
    "name",
    "currency",
    "status",
    "type",
    "created_time",
    "version_tag",
    "_fivetran_synced"
from {{ source('linkedin_ads', 'linkedin_ads_account_history') }}
