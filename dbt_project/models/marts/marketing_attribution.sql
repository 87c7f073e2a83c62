-- Attribution recomputed in SQL from the journeys (one row per touch), under five models:
-- first touch, last touch, linear, time decay (half-life 7 days) and position based (40/20/40).
with decay as (
    select *, power(2, -extract(epoch from converted_at - touched_at) / 86400.0 / 7) as raw_decay
    from {{ ref('int_campaigns__touches') }}
)
select
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
    journey_touches,
    (touch_position = 1)::int::numeric as first_touch,
    (touch_position = journey_touches)::int::numeric as last_touch,
    1.0 / journey_touches as linear,
    raw_decay / sum(raw_decay) over (partition by conversion_id) as time_decay,
    case
        when journey_touches = 1 then 1.0
        when journey_touches = 2 then 0.5
        when touch_position in (1, journey_touches) then 0.4
        else 0.2 / (journey_touches - 2)
    end as position_based
from decay
