-- Every venue: where it is, its devices and people, and how much it pours.
with devices as (
    select location_id, count(*) as devices, count(*) filter (where device_status = 'online')
           as online_devices, round(avg(overall_health_score), 4) as avg_device_health,
           sum(tap_events_7d) as tap_events_7d, sum(tap_events_30d) as tap_events_30d,
           max(last_tap_at) as last_tap_at
    from {{ ref('entity_devices') }}
    group by 1
),
people as (
    select location_id, count(*) as users, count(*) filter (where sessions_30d > 0)
           as active_users_30d, sum(sessions_30d) as sessions_30d
    from {{ ref('entity_users') }}
    group by 1
)
select
    l.location_id,
    l.account_id,
    l.location_name,
    l.location_type,
    l.venue_type,
    l.city,
    l.state,
    l.timezone,
    l.seating_capacity,
    l.opened_at,
    coalesce(d.devices, 0) as devices,
    coalesce(d.online_devices, 0) as online_devices,
    case when d.devices > 0 then round(d.online_devices::numeric / d.devices, 4) else 0 end
        as device_uptime_ratio,
    d.avg_device_health,
    coalesce(d.tap_events_7d, 0) as tap_events_7d,
    coalesce(d.tap_events_30d, 0) as tap_events_30d,
    d.last_tap_at,
    coalesce(d.tap_events_30d, 0) > 0 as is_pouring,
    coalesce(p.users, 0) as users,
    coalesce(p.active_users_30d, 0) as active_users_30d,
    coalesce(p.sessions_30d, 0) as sessions_30d
from {{ ref('stg_app_database__locations') }} l
left join devices d using (location_id)
left join people p using (location_id)
