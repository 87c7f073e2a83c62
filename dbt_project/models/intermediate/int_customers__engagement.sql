-- Product engagement, support load and billing trouble per account: the inputs of health.
with users as (
    select u.account_id,
           count(*) filter (where u.is_active) as active_seats,
           count(*) filter (where a.sessions_30d > 0) as active_users_30d,
           sum(a.sessions_30d) as sessions_30d,
           sum(a.sessions_7d) as sessions_7d,
           sum(a.feature_actions_30d) as feature_actions_30d,
           max(a.last_session_at) as last_session_at
    from {{ ref('stg_app_database__users') }} u
    join {{ ref('int_users__activity') }} a using (user_id)
    group by 1
),
features as (
    select account_id, count(distinct feature_id) as features_used_30d
    from {{ ref('stg_app_database__feature_usage') }}
    where usage_date >= {{ as_of_date() }} - 30
    group by 1
),
tickets as (
    select account_id,
           count(*) filter (where created_at > {{ as_of_date() }} - 90) as tickets_90d,
           count(*) filter (where is_open) as open_tickets,
           count(*) filter (where priority in ('HIGH', 'URGENT')
                              and created_at > {{ as_of_date() }} - 90) as urgent_tickets_90d
    from {{ ref('int_customers__tickets') }}
    group by 1
),
billing as (
    select account_id,
           sum(failed_charges) as failed_charges,
           sum(open_invoices + uncollectible_invoices) as unpaid_invoices,
           sum(past_due_episodes) as past_due_episodes
    from {{ ref('entity_subscriptions') }}
    group by 1
)
select
    a.account_id,
    coalesce(u.active_seats, 0) as active_seats,
    coalesce(u.active_users_30d, 0) as active_users_30d,
    coalesce(u.sessions_30d, 0) as sessions_30d,
    coalesce(u.sessions_7d, 0) as sessions_7d,
    coalesce(u.feature_actions_30d, 0) as feature_actions_30d,
    coalesce(f.features_used_30d, 0) as features_used_30d,
    u.last_session_at,
    coalesce(t.tickets_90d, 0) as tickets_90d,
    coalesce(t.open_tickets, 0) as open_tickets,
    coalesce(t.urgent_tickets_90d, 0) as urgent_tickets_90d,
    coalesce(b.failed_charges, 0) as failed_charges,
    coalesce(b.unpaid_invoices, 0) as unpaid_invoices,
    coalesce(b.past_due_episodes, 0) as past_due_episodes
from {{ ref('stg_app_database__accounts') }} a
left join users u using (account_id)
left join features f using (account_id)
left join tickets t using (account_id)
left join billing b using (account_id)
