-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Multi-touch journeys: every session before a form fill, weighted per model.
with source as (
    select * from {{ source('attribution', 'attribution_touchpoints') }}
),

renamed as (
    select
        "touchpoint_id",
        "conversion_id",
        "conversion_type",
        "converted_at",
        "session_id",
        "touched_at",
        "source",
        "medium",
        "campaign_name",
        "campaign_platform",
        "touch_position",
        "journey_touches",
        "attribution_model",
        "weight"
    from source
)

select * from renamed
