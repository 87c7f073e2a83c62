-- The executive view, one row per health band plus an 'all customers' row: how many
-- customers, how much revenue, how risky, how well their devices and venues run.
with customers as (
    select c.*,
           case when churn_risk_score >= 0.6 then 'high'
                when churn_risk_score >= 0.4 then 'medium' else 'low' end as churn_risk_band
    from {{ ref('entity_customers') }} c
    where account_status <> 'churned'
),
locations as (
    select account_id, count(*) as locations, count(*) filter (where is_pouring) as pouring
    from {{ ref('entity_locations') }}
    group by 1
),
banded as (
    select c.health_band as band, c.*, l.locations, l.pouring
    from customers c left join locations l on l.account_id = c.customer_id
    union all
    select 'all' as band, c.*, l.locations, l.pouring
    from customers c left join locations l on l.account_id = c.customer_id
)
select
    band as health_band,
    count(*) as customers,
    count(*) filter (where subscription_status in ('active', 'past_due')) as paying_customers,
    round(sum(monthly_recurring_revenue), 2) as mrr,
    round(sum(annual_recurring_revenue), 2) as arr,
    round(avg(health_score), 4) as avg_health_score,
    round(avg(churn_risk_score), 4) as avg_churn_risk,
    count(*) filter (where churn_risk_band = 'high') as high_churn_risk_customers,
    count(*) filter (where churn_risk_band = 'medium') as medium_churn_risk_customers,
    round(sum(monthly_recurring_revenue) filter (where churn_risk_band = 'high'), 2)
        as mrr_at_high_risk,
    round(avg(device_online_ratio), 4) as avg_device_uptime,
    round(sum(pouring)::numeric / nullif(sum(locations), 0), 4) as active_location_share
from banded
group by 1
