-- One row per subscription version (Stripe history mode): what changed and when.
select
    subscription_id,
    valid_from,
    valid_to,
    is_current,
    app_subscription_id,
    account_id,
    subscription_status,
    is_paying,
    quantity,
    plan_tier,
    billing_interval,
    current_period_start,
    current_period_end,
    round(mrr_cents / 100.0, 2) as monthly_recurring_revenue,
    lag(subscription_status) over (partition by subscription_id order by valid_from)
        as previous_status
from {{ ref('int_subscriptions__versions') }}
