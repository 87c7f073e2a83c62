-- Each conversion's journey, one row per touch (the raw table repeats it per model).
select distinct
    conversion_id,
    conversion_type,
    converted_at,
    session_id,
    touched_at,
    source,
    medium,
    campaign_name,
    campaign_platform,
    touch_position,
    journey_touches
from {{ ref('stg_attribution__touchpoints') }}
