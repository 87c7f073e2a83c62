-- A view over 200M rows in prod: cheap to build, filtered by the consumers. The models that
-- aggregate it by day are incremental (int_devices__daily_pours, int_locations__daily_taps,
-- int_locations__pours_by_local_hour): an advance reads only its new days through this view.
{{ config(materialized='view') }}
select
    tap_event_id,
    device_id,
    location_id,
    account_id,
    tapped_at,
    tapped_at::date as tapped_date,
    product_type,
    volume_ml,
    duration_seconds,
    temperature_c,
    pressure_psi
from {{ source('app_database', 'app_database_tap_events') }}
