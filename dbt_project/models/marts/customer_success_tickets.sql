-- Support load by month and priority: volume, resolution speed and backlog.
select
    date_trunc('month', property_createdate)::date as month_start,
    property_hs_ticket_priority as priority,
    count(*) as tickets,
    count(*) filter (where property_hs_pipeline_stage = 'open') as open_tickets,
    round(avg(property_time_to_close / 3600000.0)::numeric, 1) as avg_hours_to_close,
    round((percentile_cont(0.5) within group (order by property_time_to_close / 3600000.0))::numeric, 1)
        as median_hours_to_close
from {{ ref('stg_hubspot__ticket') }}
group by 1, 2
