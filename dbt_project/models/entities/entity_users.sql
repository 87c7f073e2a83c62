-- Every app user: role, where they work, whether they can log in, and how they use the app.
select
    u.user_id,
    u.account_id,
    u.location_id,
    u.first_name,
    u.last_name,
    u.email,
    u.role,
    u.is_active,
    u.created_at,
    u.deactivated_at,
    u.last_login_at,
    a.sessions_total,
    a.sessions_7d,
    a.sessions_30d,
    a.page_views_30d,
    a.feature_actions_30d,
    a.avg_session_minutes,
    a.last_session_at,
    ({{ as_of_date() }} - u.last_login_at::date) as days_since_last_login,
    case when a.sessions_7d >= 3 then 'power'
         when a.sessions_30d > 0 then 'casual'
         when u.is_active then 'dormant'
         else 'deactivated' end as engagement_segment
from {{ ref('stg_app_database__users') }} u
join {{ ref('int_users__activity') }} a using (user_id)
