-- One row per device status period: online from installation; offline or in maintenance
-- from its last heartbeat when it is not online today.
with devices as (
    select *, device_status <> 'online' and last_seen_at > installed_at as changed_later
    from {{ ref('stg_app_database__devices') }}
)
select device_id, installed_at as valid_from,
       case when changed_later then last_seen_at end as valid_to,
       not changed_later as is_current, location_id,
       case when changed_later then 'online' else device_status end as device_status
from devices
union all
select device_id, last_seen_at, null, true, location_id, device_status
from devices
where changed_later
