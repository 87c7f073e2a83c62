-- Pours per location and (UTC) day (one pass over the tap events).
-- Incremental (the append of `advance`, docs/timeline.md): a day's rows depend on that day's
-- pours alone; an advance copies the published days before `append_from` and adds the rest.
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='date_day',
    meta={'append': {'day_column': 'date_day', 'days_before': 0}},
) }}
select
    location_id,
    tapped_at::date as date_day,
    count(*) as tap_events,
    round(sum(round(volume_ml * 1000)::bigint) / 1e6, 2) as litres_poured
from {{ ref("stg_app_database__tap_events") }}
{% if is_incremental() %}
where tapped_at >= {{ append_from('date_day') }}
{% endif %}
group by 1, 2
