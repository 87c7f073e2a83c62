-- Each app subscription as the app bills it: plan, quantity, status, period and MRR (the plan
-- and its recurring add-ons).
with add_ons as (
    select subscription_id, sum(amount_cents) as add_on_cents
    from {{ ref('stg_app_database__subscription_add_ons') }}
    group by 1
)
select
    s.subscription_id as app_subscription_id,
    s.account_id,
    s.plan_tier,
    s.billing_interval,
    s.quantity,
    s.subscription_status,
    s.current_period_start,
    s.current_period_end,
    s.started_at,
    case when s.is_paying
        then {{ normalize_to_mrr('(s.amount_cents + coalesce(a.add_on_cents, 0))', 's.billing_interval', 's.interval_count') }}
        else 0
    end as mrr_cents
from {{ ref('stg_app_database__subscriptions') }} s
left join add_ons a using (subscription_id)
