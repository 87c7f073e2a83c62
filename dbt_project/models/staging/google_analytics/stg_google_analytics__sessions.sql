-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Web sessions (GA4-style): source/medium/campaign, landing page, bounce.
with source as (
    select * from {{ source('google_analytics', 'google_analytics_sessions') }}
),

renamed as (
    select
        "session_id",
        "user_pseudo_id",
        "session_start",
        "session_date",
        "source",
        "medium",
        "campaign",
        "landing_page_type",
        "landing_page_path",
        "device_category",
        "country",
        "is_new_user",
        "bounced",
        "pageviews",
        "engagement_time_seconds",
        "converted"
    from source
)

select * from renamed
