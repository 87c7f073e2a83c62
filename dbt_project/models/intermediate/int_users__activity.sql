-- Activity of every user over trailing windows ending at as_of.
select
    u.user_id,
    count(s.session_id) as sessions_total,
    count(s.session_id) filter (where s.session_date >= {{ as_of_date() }} - 7) as sessions_7d,
    count(s.session_id) filter (where s.session_date >= {{ as_of_date() }} - 30) as sessions_30d,
    coalesce(sum(s.page_views) filter (where s.session_date >= {{ as_of_date() }} - 30), 0)
        as page_views_30d,
    coalesce(sum(s.features_used) filter (where s.session_date >= {{ as_of_date() }} - 30), 0)
        as feature_actions_30d,
    round(coalesce(avg(s.duration_seconds::numeric), 0) / 60, 2) as avg_session_minutes,
    max(s.started_at) as last_session_at
from {{ ref('stg_app_database__users') }} u
left join {{ ref('stg_app_database__user_sessions') }} s using (user_id)
group by 1
