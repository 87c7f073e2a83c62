-- Current state of every customer account: who they are, how big, what they pay, how they
-- use the product, and their health and churn risk (macros, documented weights).
with base as (
select
    a.account_id as customer_id,
    a.account_name,
    a.industry,
    a.account_tier as customer_tier,
    a.employee_count,
    a.acquisition_path,
    a.account_status,
    a.created_at as customer_since,
    a.churned_at,
    f.total_locations,
    f.states,
    f.total_users,
    f.active_users,
    f.total_devices,
    f.active_devices,
    case when f.total_devices > 0
        then round(f.active_devices::numeric / f.total_devices, 4) else 0 end
        as device_online_ratio,
    coalesce(dv.device_events_30d, 0) as device_events_30d,
    dv.avg_device_health,
    s.subscription_id as current_subscription_id,
    s.plan_tier as current_plan_tier,
    s.billing_interval,
    s.subscription_status,
    round(s.mrr, 2) as monthly_recurring_revenue,
    round(s.mrr * 12, 2) as annual_recurring_revenue,
    e.active_seats,
    e.active_users_30d,
    e.sessions_7d,
    e.sessions_30d,
    e.feature_actions_30d,
    e.features_used_30d,
    e.last_session_at,
    e.tickets_90d,
    e.open_tickets,
    e.urgent_tickets_90d,
    e.failed_charges,
    e.unpaid_invoices,
    e.past_due_episodes
from {{ ref('stg_app_database__accounts') }} a
join {{ ref('int_customers__engagement') }} e using (account_id)
join {{ ref('int_customers__footprint') }} f using (account_id)
left join {{ ref('int_customers__current_subscription') }} s using (account_id)
left join (
    select account_id, sum(tap_events_30d) as device_events_30d,
           round(avg(overall_health_score), 4) as avg_device_health
    from {{ ref('entity_devices') }}
    group by 1
) dv using (account_id)
),
scored as (
    select
        *,
        {{ calculate_customer_health_score(
            'active_users_30d::numeric / nullif(active_seats, 0)',
            'sessions_30d::numeric / nullif(active_seats, 0)',
            'device_online_ratio', 'features_used_30d', "subscription_status = 'past_due'",
            'failed_charges', 'urgent_tickets_90d', 'open_tickets') }} as health_score
    from base
)
select
    *,
    case when health_score >= 0.75 then 'champion'
         when health_score >= 0.55 then 'healthy'
         when health_score >= 0.35 then 'needs_attention'
         else 'at_risk' end as health_band,
    {{ calculate_churn_risk_score('health_score', 'sessions_7d', 'sessions_30d',
        "subscription_status = 'past_due'", 'failed_charges', 'total_locations',
        'urgent_tickets_90d') }} as churn_risk_score
from scored
