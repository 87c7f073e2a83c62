-- Daily, weekly and monthly active users per account and day. A distinct count over a rolling
-- window does not add up across days, so it is computed here once rather than by the metrics
-- layer at query time (MetricFlow's cumulative metrics join every user-day to every window
-- day: minutes at prod size). Each user's active days become disjoint spans
-- [day, min(next active day, day + window)); the users active in the window ending on D are
-- the spans covering D, which add up across accounts. WAU/MAU are null until the trailing
-- window lies inside the observed days (entity_users_daily keeps the last
-- `daily_history_days`, at most the usage window).
with active as (
    select user_id, account_id, date_day
    from {{ ref('entity_users_daily') }}
    where sessions > 0
),
observed as (
    select min(date_day) as first_day, max(date_day) as last_day
    from {{ ref('entity_users_daily') }}
),
spans as (
    select
        account_id,
        date_day,
        least(lead(date_day) over by_user, date_day + 7) as week_end,
        least(lead(date_day) over by_user, date_day + 30) as month_end
    from active
    window by_user as (partition by user_id order by date_day)
),
deltas as (
    select account_id, date_day, 1 as dau, 1 as wau, 1 as mau from spans
    union all
    select account_id, week_end, 0, -1, 0 from spans
    union all
    select account_id, month_end, 0, 0, -1 from spans
),
per_day as (
    select account_id, date_day, sum(dau) as dau, sum(wau) as wau, sum(mau) as mau
    from deltas
    group by 1, 2
),
account_days as (
    select a.account_id, d::date as date_day
    from (select account_id, min(date_day) as first_active from active group by 1) a
    cross join observed o
    cross join generate_series(a.first_active, o.last_day, interval '1 day') d
),
running as (
    select
        ad.account_id,
        ad.date_day,
        coalesce(p.dau, 0) as daily_active_users,
        sum(coalesce(p.wau, 0)) over by_account as weekly_active_users,
        sum(coalesce(p.mau, 0)) over by_account as monthly_active_users
    from account_days ad
    left join per_day p using (account_id, date_day)
    window by_account as (partition by ad.account_id order by ad.date_day)
)
select
    r.date_day,
    r.account_id,
    r.daily_active_users,
    case when r.date_day >= o.first_day + 6 then r.weekly_active_users end as weekly_active_users,
    case when r.date_day >= o.first_day + 29 then r.monthly_active_users end as monthly_active_users
from running r
cross join observed o
where r.monthly_active_users > 0
