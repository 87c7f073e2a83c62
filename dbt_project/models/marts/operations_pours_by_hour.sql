-- When and what venues pour, on their own clock: pours and litres by local month, weekday,
-- hour and product (the Operations dashboard's heatmap and volume-by-product charts).
select
    month_start,
    local_weekday,
    -- '1 Mon' ... '7 Sun': the number keeps the days in order wherever labels sort by name
    local_weekday || ' ' || (array['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'])[local_weekday]
        as weekday_name,
    local_hour,
    product_type,
    sum(pours)::bigint as pours,
    round(sum(volume_microlitres) / 1e6, 3) as litres_poured
from {{ ref('int_locations__pours_by_local_hour') }}
group by month_start, local_weekday, local_hour, product_type
