-- How big each account is on the platform: locations, users and devices.
with locations as (
    select account_id, count(*) as total_locations, count(distinct state) as states
    from {{ ref('stg_app_database__locations') }}
    group by 1
),
users as (
    select account_id, count(*) as total_users, count(*) filter (where is_active) as active_users
    from {{ ref('stg_app_database__users') }}
    group by 1
),
devices as (
    select
        account_id,
        count(*) as total_devices,
        count(*) filter (where is_online) as active_devices
    from {{ ref('stg_app_database__devices') }}
    group by 1
)
select
    a.account_id,
    coalesce(l.total_locations, 0) as total_locations,
    coalesce(l.states, 0) as states,
    coalesce(u.total_users, 0) as total_users,
    coalesce(u.active_users, 0) as active_users,
    coalesce(d.total_devices, 0) as total_devices,
    coalesce(d.active_devices, 0) as active_devices
from {{ ref('stg_app_database__accounts') }} a
left join locations l using (account_id)
left join users u using (account_id)
left join devices d using (account_id)
