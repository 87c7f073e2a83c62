-- One row per lead with how far it went: trial, deal, won deal, paying customer. The grain of
-- the marketing funnel by form type and trial path.
with deals as (
    select lead_id, count(*) as deals, bool_or(deal_status = 'won') as won_deal
    from {{ ref('int_sales__deals') }}
    group by 1
)
select
    l.lead_id,
    -- leads from purchased lists came through no form
    coalesce(l.form_type, 'no_form') as form_type,
    coalesce(l.trial_path, 'no_trial') as trial_path,
    l.lead_source,
    l.created_at,
    l.trial_path is not null as started_trial,
    coalesce(d.deals, 0) > 0 as opened_deal,
    coalesce(d.won_deal, false) as won_deal,
    l.became_customer
from {{ ref('int_sales__leads') }} l
left join deals d using (lead_id)
