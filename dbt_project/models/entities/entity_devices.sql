-- Current state of every device with activity, uptime, anomalies and an overall health score.
select
    d.device_id,
    d.location_id,
    d.account_id,
    d.serial_number,
    d.device_model,
    d.firmware_version,
    d.device_status,
    d.is_online,
    d.installed_at,
    d.last_seen_at,
    a.venue_type,
    a.tap_events_total,
    a.tap_events_30d,
    a.tap_events_7d,
    a.active_days,
    a.daily_events,
    a.frequency_ratio,
    a.litres_poured,
    a.first_tap_at,
    a.last_tap_at,
    a.tap_anomaly_rate,
    t.readings,
    t.expected_readings,
    t.uptime_ratio,
    t.anomalous_readings,
    t.maintenance_readings,
    round(((a.anomalous_events + t.anomalous_readings)::numeric
           / greatest(1, a.tap_events_total + t.readings)), 4) as anomaly_rate,
    {{ calculate_device_health_score('a.frequency_ratio', 't.uptime_ratio',
        '(a.anomalous_events + t.anomalous_readings)::numeric
         / greatest(1, a.tap_events_total + t.readings)', 'd.device_status',
        "extract(epoch from " ~ as_of_date() ~ " - d.last_seen_at) / 86400",
        '(a.tap_events_total + t.readings) > 0') }}
        as overall_health_score
from {{ ref('stg_app_database__devices') }} d
join {{ ref('int_devices__tap_activity') }} a using (device_id)
join {{ ref('int_devices__telemetry_health') }} t using (device_id)
