-- One row per device per day over the trailing `device_daily_days` (30) once installed: the
-- status in force that day and its pours.
with days as (
    {{ trailing_days(var('device_daily_days')) }}
),
taps as (
    select device_id, tapped_at::date as date_day, count(*) as tap_events,
           round(sum(round(volume_ml * 1000)::bigint) / 1e6, 2) as litres_poured
    from {{ ref('stg_app_database__tap_events') }}
    where tapped_at >= {{ window_start(var('device_daily_days')) }}
    group by 1, 2
)
select
    d.date_day,
    h.device_id,
    h.location_id,
    h.device_status,
    coalesce(t.tap_events, 0) as tap_events,
    coalesce(t.litres_poured, 0) as litres_poured
from days d
join {{ ref('entity_devices_history') }} h
    on {{ in_force_on('h', 'd.date_day') }}
left join taps t on t.device_id = h.device_id and t.date_day = d.date_day
