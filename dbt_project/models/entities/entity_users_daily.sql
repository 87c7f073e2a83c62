-- One row per user per day over the trailing `user_daily_days` (90) while the user existed:
-- whether they could log in that day and what they did.
with days as (
    {{ trailing_days(var('user_daily_days')) }}
),
activity as (
    select user_id, session_date as date_day, count(*) as sessions,
           sum(page_views) as page_views, sum(features_used) as feature_actions,
           sum(duration_seconds) as seconds_in_app
    from {{ ref('stg_app_database__user_sessions') }}
    where session_date >= {{ window_start(var('user_daily_days')) }}
    group by 1, 2
)
select
    d.date_day,
    h.user_id,
    h.account_id,
    h.role,
    h.is_active,
    coalesce(a.sessions, 0) as sessions,
    coalesce(a.page_views, 0) as page_views,
    coalesce(a.feature_actions, 0) as feature_actions,
    coalesce(a.seconds_in_app, 0) as seconds_in_app
from days d
join {{ ref('entity_users_history') }} h
    on {{ in_force_on('h', 'd.date_day') }}
left join activity a on a.user_id = h.user_id and a.date_day = d.date_day
