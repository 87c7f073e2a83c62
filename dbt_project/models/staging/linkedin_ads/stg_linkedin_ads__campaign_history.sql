-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- LinkedIn campaign versions.
with source as (
    select * from {{ source('linkedin_ads', 'linkedin_ads_campaign_history') }}
),

renamed as (
    select
        "id" as campaign_id,
        "last_modified_time",
        "account_id",
        "campaign_group_id",
        "name",
        "status",
        "type",
        "format",
        "objective_type",
        "optimization_target_type",
        "cost_type",
        "creative_selection",
        "audience_expansion_enabled",
        "offsite_delivery_enabled",
        "daily_budget_amount",
        "daily_budget_currency_code",
        "unit_cost_amount",
        "unit_cost_currency_code",
        "locale_country",
        "locale_language",
        "run_schedule_start",
        "run_schedule_end",
        "created_time",
        "version_tag",
        "_fivetran_synced"
    from source
)

select * from renamed
