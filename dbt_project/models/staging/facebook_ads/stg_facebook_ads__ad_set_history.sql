-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Meta ad sets (two per campaign).
with source as (
    select * from {{ source('facebook_ads', 'facebook_ads_ad_set_history') }}
),

renamed as (
    select
        "id" as ad_set_id,
        "updated_time",
        "campaign_id",
        "account_id",
        "name",
        "status",
        "optimization_goal",
        "bid_strategy",
        "daily_budget",
        "budget_remaining",
        "targeting_audience",
        "start_time",
        "end_time",
        "_fivetran_synced"
    from source
)

select * from renamed
