-- Heartbeats per device over the telemetry window: uptime against the readings it should
-- have sent since it was installed (or since the window began).
with window_bounds as (
    select min(recorded_at) as window_start, max(recorded_at) as window_end,
           percentile_disc(0.5) within group (order by gap) as interval_s
    from (
        select recorded_at,
               extract(epoch from recorded_at - lag(recorded_at) over (
                   partition by device_id order by recorded_at)) as gap
        from {{ ref('stg_app_database__device_telemetry') }}
    ) g
),
per_device as (
    select
        device_id,
        count(*) as readings,
        count(*) filter (where heartbeat_ok) as heartbeats_ok,
        count(*) filter (where is_anomaly) as anomalous_readings,
        count(*) filter (where device_state = 'maintenance') as maintenance_readings,
        max(recorded_at) as last_reading_at
    from {{ ref('stg_app_database__device_telemetry') }}
    group by 1
)
select
    d.device_id,
    coalesce(p.readings, 0) as readings,
    coalesce(p.heartbeats_ok, 0) as heartbeats_ok,
    coalesce(p.anomalous_readings, 0) as anomalous_readings,
    coalesce(p.maintenance_readings, 0) as maintenance_readings,
    p.last_reading_at,
    greatest(1, floor(extract(epoch from w.window_end - greatest(w.window_start, d.installed_at))
                      / w.interval_s) + 1) as expected_readings,
    round(least(1, coalesce(p.heartbeats_ok, 0)::numeric / greatest(1, floor(
        extract(epoch from w.window_end - greatest(w.window_start, d.installed_at))
        / w.interval_s) + 1)), 4) as uptime_ratio
from {{ ref('stg_app_database__devices') }} d
cross join window_bounds w
left join per_device p using (device_id)
