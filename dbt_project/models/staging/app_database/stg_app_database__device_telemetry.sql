select
    reading_id,
    device_id,
    recorded_at,
    device_state,
    device_state = 'anomaly' as is_anomaly,
    temperature_c,
    pressure_psi,
    flow_rate_ml_s,
    heartbeat_ok
from {{ source('app_database', 'app_database_device_telemetry') }}
