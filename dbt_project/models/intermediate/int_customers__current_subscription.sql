-- The latest subscription of each account, with its MRR (plan and recurring add-ons; zero
-- unless it is paying).
select distinct on (account_id)
    account_id,
    app_subscription_id as subscription_id,
    plan_tier,
    billing_interval,
    quantity,
    subscription_status,
    started_at,
    mrr_cents / 100.0 as mrr
from {{ ref('int_subscriptions__app_mrr') }}
order by account_id, started_at desc, app_subscription_id desc
