-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Google Ads account versions.
with source as (
    select * from {{ source('google_ads', 'google_ads_account_history') }}
),

renamed as (
    select
        "id" as account_id,
        "updated_at",
        "descriptive_name",
        "currency_code",
        "time_zone",
        "auto_tagging_enabled",
        "_fivetran_active",
        "_fivetran_synced"
    from source
)

select * from renamed
