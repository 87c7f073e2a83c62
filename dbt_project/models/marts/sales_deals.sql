-- One row per deal with its rep: the grain the semantic layer measures pipeline value, win
-- rate and sales cycle on (sales_pipeline and sales_rep_performance are its roll-ups).
select
    d.deal_id,
    d.lead_id,
    d.account_id,
    d.owner_id,
    r.rep_name,
    r.team,
    d.deal_source,
    d.deal_status,
    d.stage_name,
    d.stage_order,
    round(d.deal_mrr_usd, 2) as deal_mrr_usd,
    d.created_at,
    d.closed_at,
    round(d.days_to_close, 2) as days_to_close
from {{ ref('int_sales__deals') }} d
left join {{ ref('int_sales__reps') }} r using (owner_id)
