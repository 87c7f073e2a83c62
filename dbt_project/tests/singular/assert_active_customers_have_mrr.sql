-- Paying customers (active or past due) must carry recurring revenue.
select customer_id, subscription_status, monthly_recurring_revenue
from {{ ref('entity_customers') }}
where subscription_status in ('active', 'past_due')
  and coalesce(monthly_recurring_revenue, 0) <= 0
