{{ config(materialized="table") }}
-- Pours per location and local calendar day (one pass over the tap events).
select
    location_id,
    tapped_at::date as date_day,
    count(*) as tap_events,
    round(sum(round(volume_ml * 1000)::bigint) / 1e6, 2) as litres_poured
from {{ ref("stg_app_database__tap_events") }}
group by 1, 2
