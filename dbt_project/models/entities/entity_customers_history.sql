-- One row per change of a customer's commercial state (trial, paid, past due, plan change,
-- churn), from the Stripe subscription versions of its subscriptions.
with changes as (
    -- At a plan change the old subscription's cancellation and the new one's start share a
    -- timestamp: the new subscription's state wins.
    select distinct on (account_id, valid_from)
        account_id, valid_from, subscription_id, subscription_status, plan_tier,
        billing_interval, quantity, mrr_cents
    from {{ ref('int_subscriptions__versions') }}
    order by account_id, valid_from, (subscription_status = 'canceled')
)
select
    account_id as customer_id,
    valid_from,
    lead(valid_from) over (partition by account_id order by valid_from) as valid_to,
    lead(valid_from) over (partition by account_id order by valid_from) is null as is_current,
    subscription_id,
    case when subscription_status = 'canceled' then 'churned' else subscription_status end
        as customer_status,
    plan_tier,
    billing_interval,
    quantity as licensed_locations,
    round(mrr_cents / 100.0, 2) as monthly_recurring_revenue
from changes
