select
    device_id,
    location_id,
    account_id,
    serial_number,
    device_model,
    firmware_version,
    device_status,
    device_status = 'online' as is_online,
    installed_at,
    last_seen_at
from {{ source('app_database', 'app_database_devices') }}
