-- Product engagement by tier: active users, sessions, depth, and device health of the fleet.
with users as (
    select c.customer_tier,
           count(*) filter (where u.is_active) as active_seats,
           count(*) filter (where u.sessions_30d > 0) as monthly_active_users,
           count(*) filter (where u.sessions_7d > 0) as weekly_active_users,
           sum(u.sessions_30d) as sessions_30d,
           round(avg(u.avg_session_minutes), 2) as avg_session_minutes
    from {{ ref('entity_users') }} u
    join {{ ref('entity_customers') }} c on c.customer_id = u.account_id
    group by 1
),
devices as (
    select c.customer_tier, count(*) as devices,
           round(avg(d.overall_health_score), 4) as avg_device_health,
           round(avg((d.device_status = 'online')::int), 4) as device_online_share
    from {{ ref('entity_devices') }} d
    join {{ ref('entity_customers') }} c on c.customer_id = d.account_id
    group by 1
)
select
    u.customer_tier,
    u.active_seats,
    u.monthly_active_users,
    u.weekly_active_users,
    round(u.monthly_active_users::numeric / nullif(u.active_seats, 0), 4) as mau_per_seat,
    round(u.weekly_active_users::numeric / nullif(u.monthly_active_users, 0), 4) as wau_mau,
    u.sessions_30d,
    u.avg_session_minutes,
    d.devices,
    d.avg_device_health,
    d.device_online_share
from users u
left join devices d using (customer_tier)
