-- One row per feature per day over the trailing 90 days once released: its stage that day
-- and how many accounts and users used it.
with days as (
    select d::date as date_day
    from generate_series({{ as_of_date() }} - 90, {{ as_of_date() }} - 1, interval '1 day') d
),
usage as (
    select feature_id, usage_date as date_day, count(*) as actions,
           count(distinct account_id) as accounts, count(distinct user_id) as users,
           count(*) filter (where not is_success) as errors
    from {{ ref('stg_app_database__feature_usage') }}
    where usage_date >= {{ as_of_date() }} - 90
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
    on h.valid_from < d.date_day + 1 and (h.valid_to is null or h.valid_to >= d.date_day + 1)
left join usage u on u.feature_id = h.feature_id and u.date_day = d.date_day
