-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Meta ad account versions.
with source as (
    select * from {{ source('facebook_ads', 'facebook_ads_account_history') }}
),

renamed as (
    select
        "id" as account_id,
        "_fivetran_synced",
        "name",
        "account_status",
        "currency",
        "timezone_name",
        "timezone_offset_hours_utc",
        "business_country_code",
        "business_state",
        "min_daily_budget",
        "created_time"
    from source
)

select * from renamed
