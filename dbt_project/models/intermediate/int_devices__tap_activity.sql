-- Pours per device: volume over trailing windows, anomalies, and frequency against devices of
-- the same venue type (the "expected" rate). Float measures are aggregated as fixed-point
-- integers (1/1000 of a unit): exact, so every rebuild gives the same figures, and int8
-- aggregates stay fast over hundreds of millions of rows (numeric would not).
{{ config(materialized='table') }}
with device_days as (
    select * from {{ ref('int_devices__daily_pours') }}
),
per_device as (
    select
        device_id,
        sum(tap_events)::bigint as tap_events_total,
        -- Trailing windows from as_of: the daily rows do not depend on it (they are appended).
        coalesce(sum(tap_events) filter (where tapped_date >= {{ as_of_date() }} - 30), 0)::bigint
            as tap_events_30d,
        coalesce(sum(tap_events) filter (where tapped_date >= {{ as_of_date() }} - 7), 0)::bigint
            as tap_events_7d,
        count(*) as active_days,
        sum(anomalous_events)::bigint as anomalous_events,
        sum(volume_microlitres) / 1e6 as litres_poured,
        min(first_tap_at) as first_tap_at,
        max(last_tap_at) as last_tap_at
    from device_days
    group by 1
),
window_days as (
    select (max(last_tap_at)::date - min(first_tap_at)::date + 1) as days
    from device_days
),
with_venue as (
    select
        d.device_id,
        l.venue_type,
        greatest(1, least(w.days, {{ as_of_date() }} - d.installed_at::date)) as possible_days,
        coalesce(p.tap_events_total, 0) as tap_events_total,
        coalesce(p.tap_events_30d, 0) as tap_events_30d,
        coalesce(p.tap_events_7d, 0) as tap_events_7d,
        coalesce(p.active_days, 0) as active_days,
        coalesce(p.anomalous_events, 0) as anomalous_events,
        coalesce(p.litres_poured, 0) as litres_poured,
        p.first_tap_at,
        p.last_tap_at
    from {{ ref('stg_app_database__devices') }} d
    join {{ ref('stg_app_database__locations') }} l using (location_id)
    cross join window_days w
    left join per_device p using (device_id)
),
venue_norm as (
    select venue_type,
           percentile_cont(0.5) within group (order by tap_events_total::numeric / possible_days)
               as typical_daily_events
    from with_venue
    where tap_events_total > 0
    group by 1
)
select
    v.*,
    round((v.tap_events_total::numeric / v.possible_days), 2) as daily_events,
    round((v.tap_events_total::numeric / v.possible_days)
          / nullif(n.typical_daily_events, 0)::numeric, 4) as frequency_ratio,
    case when v.tap_events_total > 0
        then round(v.anomalous_events::numeric / v.tap_events_total, 4) else 0 end
        as tap_anomaly_rate
from with_venue v
left join venue_norm n using (venue_type)
