{{ config(materialized='table') }}
-- Pours by the venue's local month, weekday and hour and by product: when bars pour, on the
-- clock of the bar (one pass over the tap events; the location's time zone converts each).
-- Volumes are summed as integer microlitres (volume_ml x 1000): exact, so every rebuild gives the same figures.
select
    date_trunc('month', t.tapped_at at time zone l.timezone)::date as month_start,
    extract(isodow from t.tapped_at at time zone l.timezone)::int as local_weekday,
    extract(hour from t.tapped_at at time zone l.timezone)::int as local_hour,
    t.product_type,
    count(*) as pours,
    sum(round(t.volume_ml * 1000)::bigint) as volume_microlitres
from {{ ref('stg_app_database__tap_events') }} t
join {{ ref('stg_app_database__locations') }} l using (location_id)
group by 1, 2, 3, 4
