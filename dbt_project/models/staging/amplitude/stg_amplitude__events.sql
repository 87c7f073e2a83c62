-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Product analytics events: the funnel's milestones, trial users' and customers' behaviour in the app (page views, clicks, searches, upgrade and contact-sales clicks, logouts).
with source as (
    select * from {{ source('amplitude', 'amplitude_events') }}
),

renamed as (
    select
        "insert_id",
        "event_id",
        "event_type",
        "event_time",
        "user_id",
        "device_id",
        "session_id",
        "event_properties"::jsonb as event_properties,
        "platform",
        "country"
    from source
)

select * from renamed
