{{ config(meta={"dagster": {"ref": {"name": "entity_subscriptions"}}}) }}
-- Accounts whose MRR in entity_customers (app) differs from the sum of their Stripe
-- subscriptions' MRR in entity_subscriptions, to the cent.
with stripe as (
    select account_id, sum(monthly_recurring_revenue) as mrr
    from {{ ref('entity_subscriptions') }}
    group by 1
)
select c.customer_id, c.monthly_recurring_revenue, s.mrr
from {{ ref('entity_customers') }} c
left join stripe s on s.account_id = c.customer_id
where coalesce(c.monthly_recurring_revenue, 0) <> coalesce(s.mrr, 0)
