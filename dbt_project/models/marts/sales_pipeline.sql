-- Sales pipeline by month the deal was created and trial path: volume, outcomes, win rate,
-- value and speed.
select
    date_trunc('month', created_at)::date as month_start,
    deal_source,
    count(*) as deals,
    count(*) filter (where deal_status = 'won') as won,
    count(*) filter (where deal_status = 'lost') as lost,
    count(*) filter (where deal_status = 'open') as open,
    round(count(*) filter (where deal_status = 'won')::numeric
          / nullif(count(*) filter (where deal_status in ('won', 'lost')), 0), 4) as win_rate,
    round(sum(deal_mrr_usd) filter (where deal_status = 'won'), 2) as won_mrr_usd,
    round(sum(deal_mrr_usd) filter (where deal_status = 'open'), 2) as open_pipeline_mrr_usd,
    round(avg(days_to_close) filter (where deal_status = 'won'), 1) as avg_days_to_win
from {{ ref('int_sales__deals') }}
group by 1, 2
