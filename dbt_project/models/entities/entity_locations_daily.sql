-- One row per location per day over the trailing `location_daily_days` (90) once it had
-- opened: devices installed by then (history) and what it poured that day.
with days as (
    {{ trailing_days(var('location_daily_days')) }}
)
select
    d.date_day,
    h.location_id,
    h.devices_installed,
    coalesce(t.tap_events, 0) as tap_events,
    coalesce(t.litres_poured, 0) as litres_poured
from days d
join {{ ref('entity_locations_history') }} h
    on {{ in_force_on('h', 'd.date_day') }}
left join {{ ref('int_locations__daily_taps') }} t
    on t.location_id = h.location_id and t.date_day = d.date_day
