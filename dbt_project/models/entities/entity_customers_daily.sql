-- One row per customer per day over the trailing daily_history_days: the status and MRR in
-- force at the end of that day (from the history) and that day's product activity.
with days as (
    {{ trailing_days(var('daily_history_days')) }}
),
state as (
    select d.date_day, h.*
    from days d
    join {{ ref('entity_customers_history') }} h
        on {{ in_force_on('h', 'd.date_day') }}
),
activity as (
    select account_id as customer_id, session_date as date_day, count(*) as sessions,
           count(distinct user_id) as active_users, sum(features_used) as feature_actions
    from {{ ref('stg_app_database__user_sessions') }}
    group by 1, 2
)
select
    s.date_day,
    s.customer_id,
    s.customer_status,
    s.plan_tier,
    s.licensed_locations,
    s.monthly_recurring_revenue,
    coalesce(a.sessions, 0) as sessions,
    coalesce(a.active_users, 0) as active_users,
    coalesce(a.feature_actions, 0) as feature_actions
from state s
left join activity a using (customer_id, date_day)
