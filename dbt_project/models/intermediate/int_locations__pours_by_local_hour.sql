-- Pours by the venue's local day, hour and product: when bars pour, on the clock of the bar
-- (one pass over the tap events; the location's time zone converts each). Volumes are summed
-- as integer microlitres (volume_ml x 1000): exact, so every rebuild gives the same figures.
--
-- Incremental (the append of `advance`, docs/timeline.md): a local day's rows depend on its
-- pours alone. A venue's local day starts up to 14 hours before or 12 after the UTC day, so an
-- advance copies the published local days before the day before `append_from`
-- (days_before: 1) and recounts from there, reading the pours from a day earlier still.
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='local_date',
    meta={'append': {'day_column': 'local_date', 'days_before': 1}},
) }}
with local_pours as (
    select
        (t.tapped_at at time zone l.timezone)::date as local_date,
        extract(hour from t.tapped_at at time zone l.timezone)::int as local_hour,
        t.product_type,
        t.volume_ml
    from {{ ref('stg_app_database__tap_events') }} t
    join {{ ref('stg_app_database__locations') }} l using (location_id)
    {% if is_incremental() %}
    where t.tapped_at >= {{ append_from('local_date') }} - 2
    {% endif %}
)
select
    local_date,
    date_trunc('month', local_date)::date as month_start,
    extract(isodow from local_date)::int as local_weekday,
    local_hour,
    product_type,
    count(*) as pours,
    sum(round(volume_ml * 1000)::bigint) as volume_microlitres
from local_pours
{% if is_incremental() %}
where local_date >= {{ append_from('local_date') }} - 1
{% endif %}
group by 1, 2, 3, 4, 5
