-- The latest subscription of each account, with its MRR (zero unless it is paying).
select distinct on (account_id)
    account_id,
    subscription_id,
    plan_tier,
    billing_interval,
    interval_count,
    quantity,
    subscription_status,
    started_at,
    case when is_paying
        then {{ normalize_to_mrr('amount_cents', 'billing_interval', 'interval_count') }} / 100.0
        else 0
    end as mrr
from {{ ref('stg_app_database__subscriptions') }}
order by account_id, started_at desc, subscription_id desc
