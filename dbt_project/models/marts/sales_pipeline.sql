-- Sales pipeline by month the deal was created and trial path: volume, outcomes, win rate,
-- value and speed.
select
    date_trunc('month', add_time)::date as month_start,
    coalesce(trial_path, source_form_type) as deal_source,
    count(*) as deals,
    count(*) filter (where status = 'won') as won,
    count(*) filter (where status = 'lost') as lost,
    count(*) filter (where status = 'open') as open,
    round(count(*) filter (where status = 'won')::numeric
          / nullif(count(*) filter (where status in ('won', 'lost')), 0), 4) as win_rate,
    round(sum(value::numeric) filter (where status = 'won'), 2) as won_mrr_usd,
    round(sum(value::numeric) filter (where status = 'open'), 2) as open_pipeline_mrr_usd,
    round(avg(extract(epoch from close_time - add_time)::numeric / 86400) filter (where status = 'won'), 1)
        as avg_days_to_win
from {{ ref('stg_pipedrive__deal') }}
group by 1, 2
