-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Google Ads campaign versions (budget and status changes).
with source as (
    select * from {{ source('google_ads', 'google_ads_campaign_history') }}
),

renamed as (
    select
        "id" as campaign_id,
        "updated_at",
        "customer_id",
        "name",
        "status",
        "advertising_channel_type",
        "advertising_channel_subtype",
        "serving_status",
        "start_date",
        "end_date",
        "budget_amount_micros",
        "tracking_url_template",
        "_fivetran_active",
        "_fivetran_synced"
    from source
)

select * from renamed
