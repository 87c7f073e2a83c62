-- A view over 200M rows in prod: cheap to build, filtered by the consumers.
-- Incremental-ready: switch to materialized='incremental' with unique_key tap_event_id and
-- the is_incremental() filter below takes only new pours.
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
{% if is_incremental() %}
where tapped_at > (select coalesce(max(tapped_at), '1970-01-01') from {{ this }})
{% endif %}
