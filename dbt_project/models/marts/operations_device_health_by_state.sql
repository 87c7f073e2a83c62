-- Device fleet health per US state: how many taps are installed and online, their health,
-- uptime and anomaly rate, and what they poured in the last 30 days (the Operations map).
select
    l.state,
    'US-' || l.state as state_iso_code,
    count(distinct l.location_id) as locations,
    count(*) as devices,
    count(*) filter (where d.is_online) as online_devices,
    round(avg(d.overall_health_score), 4) as avg_health_score,
    round(avg(d.uptime_ratio), 4) as avg_uptime_ratio,
    sum(d.anomalous_readings) as anomalous_readings,
    sum(d.readings) as readings,
    round(sum(d.anomalous_readings)::numeric / nullif(sum(d.readings), 0), 4) as anomaly_rate,
    sum(d.tap_events_30d) as pours_30d
from {{ ref('entity_devices') }} d
join {{ ref('entity_locations') }} l using (location_id)
group by l.state
