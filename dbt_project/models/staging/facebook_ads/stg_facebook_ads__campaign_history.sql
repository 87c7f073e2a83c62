-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Meta campaign versions.
with source as (
    select * from {{ source('facebook_ads', 'facebook_ads_campaign_history') }}
),

renamed as (
    select
        "id" as campaign_id,
        "updated_time",
        "account_id",
        "name",
        "status",
        "objective",
        "daily_budget",
        "lifetime_budget",
        "budget_remaining",
        "start_time",
        "stop_time",
        "created_time",
        "_fivetran_synced"
    from source
)

select * from renamed
