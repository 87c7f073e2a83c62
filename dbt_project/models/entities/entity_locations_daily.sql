-- One row per location per day over the trailing 90 days once it had opened: devices
-- installed by then (history) and what it poured that day.
with days as (
    select d::date as date_day
    from generate_series({{ as_of_date() }} - 90, {{ as_of_date() }} - 1, interval '1 day') d
)
select
    d.date_day,
    h.location_id,
    h.devices_installed,
    coalesce(t.tap_events, 0) as tap_events,
    coalesce(t.litres_poured, 0) as litres_poured
from days d
join {{ ref('entity_locations_history') }} h
    on h.valid_from < d.date_day + 1 and (h.valid_to is null or h.valid_to >= d.date_day + 1)
left join {{ ref('int_locations__daily_taps') }} t
    on t.location_id = h.location_id and t.date_day = d.date_day
