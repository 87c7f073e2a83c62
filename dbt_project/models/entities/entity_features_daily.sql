-- One row per feature per day over the trailing `feature_daily_days` (90) once released:
-- its stage that day and how many accounts and users used it.
with days as (
    {{ trailing_days(var('feature_daily_days')) }}
),
usage as (
    select feature_id, usage_date as date_day, count(*) as actions,
           count(distinct account_id) as accounts, count(distinct user_id) as users,
           count(*) filter (where not is_success) as errors
    from {{ ref('stg_app_database__feature_usage') }}
    where usage_date >= {{ window_start(var('feature_daily_days')) }}
    group by 1, 2
)
select
    d.date_day,
    h.feature_id,
    h.stage,
    coalesce(u.actions, 0) as actions,
    coalesce(u.accounts, 0) as accounts,
    coalesce(u.users, 0) as users,
    coalesce(u.errors, 0) as errors
from days d
join {{ ref('entity_features_history') }} h
    on {{ in_force_on('h', 'd.date_day') }}
left join usage u on u.feature_id = h.feature_id and u.date_day = d.date_day
