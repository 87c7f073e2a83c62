-- Each app subscription as the app bills it: plan, quantity, status, period and MRR.
select
    subscription_id as app_subscription_id,
    account_id,
    plan_tier,
    billing_interval,
    quantity,
    subscription_status,
    current_period_start,
    current_period_end,
    case when is_paying
        then {{ normalize_to_mrr('amount_cents', 'billing_interval', 'interval_count') }}
        else 0
    end as mrr_cents
from {{ ref('stg_app_database__subscriptions') }}
