-- Per campaign: spend, funnel, CAC, ROAS and customers credited under each attribution model.
with credited as (
    select a.campaign_name,
           sum(a.first_touch) as customers_first_touch,
           sum(a.last_touch) as customers_last_touch,
           sum(a.linear) as customers_linear,
           sum(a.time_decay) as customers_time_decay,
           sum(a.position_based) as customers_position_based
    from {{ ref('marketing_attribution') }} a
    join {{ ref('int_sales__leads') }} l on l.lead_id = a.conversion_id
    where l.became_customer and a.campaign_name is not null
    group by 1
)
select
    c.campaign_key,
    c.platform,
    c.campaign_name,
    c.objective,
    c.spend_usd,
    c.impressions,
    c.clicks,
    c.ctr,
    c.cpc_usd,
    c.sessions,
    c.form_fills,
    c.trials,
    c.customers,
    c.cac_usd,
    c.roas,
    round(coalesce(cr.customers_first_touch, 0), 3) as customers_first_touch,
    round(coalesce(cr.customers_last_touch, 0), 3) as customers_last_touch,
    round(coalesce(cr.customers_linear, 0), 3) as customers_linear,
    round(coalesce(cr.customers_time_decay, 0), 3) as customers_time_decay,
    round(coalesce(cr.customers_position_based, 0), 3) as customers_position_based
from {{ ref('entity_campaigns') }} c
left join credited cr using (campaign_name)
