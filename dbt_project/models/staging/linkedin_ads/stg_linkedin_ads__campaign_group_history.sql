-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- LinkedIn campaign groups.
with source as (
    select * from {{ source('linkedin_ads', 'linkedin_ads_campaign_group_history') }}
),

renamed as (
    select
        "id" as campaign_group_id,
        "last_modified_time",
        "account_id",
        "name",
        "status",
        "created_time",
        "run_schedule_start",
        "run_schedule_end",
        "backfilled",
        "_fivetran_synced"
    from source
)

select * from renamed
