-- One row per live customer for the customer-success team: health, churn risk, why, who owns it.
select
    c.customer_id,
    c.account_name,
    c.industry,
    c.customer_tier,
    c.subscription_status,
    c.monthly_recurring_revenue,
    c.health_score,
    c.health_band,
    c.churn_risk_score,
    case when c.churn_risk_score >= 0.6 then 'high'
         when c.churn_risk_score >= 0.4 then 'medium' else 'low' end as churn_risk_band,
    c.churn_risk_score >= 0.6 as churn_alert,
    concat_ws(', ',
        case when c.subscription_status = 'past_due' then 'past due' end,
        case when c.sessions_30d = 0 then 'no logins in 30 days' end,
        case when c.device_online_ratio < 0.7 then 'devices offline' end,
        case when c.urgent_tickets_90d > 0 then 'urgent tickets' end,
        case when c.failed_charges > 0 then 'failed payments' end) as risk_reasons,
    c.active_users_30d,
    c.sessions_30d,
    c.device_online_ratio,
    c.open_tickets,
    c.tickets_90d,
    o.csm
from {{ ref('entity_customers') }} c
left join {{ ref('int_customers__success_owner') }} o on o.account_id = c.customer_id
where c.account_status <> 'churned'
