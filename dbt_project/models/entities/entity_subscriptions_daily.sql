-- One row per subscription per day it existed, over the trailing `daily_history_days`:
-- the status and MRR in force at the end of that day, and the money collected that day.
-- A past day shows the version current then, never today's state.
with days as (
    {{ trailing_days(var('daily_history_days')) }}
),
as_of_day as (
    select
        d.date_day,
        v.*
    from days d
    join {{ ref('int_subscriptions__versions') }} v
        on {{ in_force_on('v', 'd.date_day') }}
),
collected as (
    select i.subscription_id, c.created_at::date as date_day,
           sum(c.amount_cents) filter (where c.is_succeeded) as collected_cents,
           count(*) filter (where not c.is_succeeded) as failed_charges
    from {{ ref('stg_stripe__charge') }} c
    join {{ ref('stg_stripe__invoice') }} i using (invoice_id)
    group by 1, 2
)
select
    a.date_day,
    a.subscription_id,
    a.account_id,
    a.subscription_status,
    a.is_paying,
    a.quantity,
    a.plan_tier,
    round(a.mrr_cents / 100.0, 2) as monthly_recurring_revenue,
    round(coalesce(c.collected_cents, 0) / 100.0, 2) as collected,
    coalesce(c.failed_charges, 0) as failed_charges
from as_of_day a
left join collected c using (subscription_id, date_day)
