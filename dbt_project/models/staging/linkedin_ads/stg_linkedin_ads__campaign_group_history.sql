-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- LinkedIn campaign groups.
select
    "id",
    "last_modified_time",
    "account_id",
    "name",
    "status",
    "created_time",
    "run_schedule_start",
    "run_schedule_end",
    "backfilled",
    "_fivetran_synced"
from {{ source('linkedin_ads', 'linkedin_ads_campaign_group_history') }}
