-- Support load by month and priority: volume, resolution speed and backlog.
select
    date_trunc('month', created_at)::date as month_start,
    priority,
    count(*) as tickets,
    count(*) filter (where is_open) as open_tickets,
    round(avg(hours_to_close)::numeric, 1) as avg_hours_to_close,
    round((percentile_cont(0.5) within group (order by hours_to_close))::numeric, 1)
        as median_hours_to_close
from {{ ref('int_customers__tickets') }}
group by 1, 2
