-- Per sales rep: deals, wins, win rate, won MRR and activities logged.
select
    o.owner_id,
    o.rep_name,
    o.team,
    count(d.deal_id) as deals,
    count(d.deal_id) filter (where d.deal_status = 'won') as won,
    round(count(d.deal_id) filter (where d.deal_status = 'won')::numeric
          / nullif(count(d.deal_id) filter (where d.deal_status in ('won', 'lost')), 0), 4)
        as win_rate,
    round(coalesce(sum(d.deal_mrr_usd) filter (where d.deal_status = 'won'), 0), 2) as won_mrr_usd,
    o.activities,
    o.activities_done
from {{ ref('int_sales__reps') }} o
left join {{ ref('int_sales__deals') }} d on d.owner_id = o.owner_id
group by o.owner_id, o.rep_name, o.team, o.activities, o.activities_done
