select
    id as subscription_item_id,
    subscription_id,
    plan_id as price_id,
    quantity,
    created as created_at,
    current_period_start,
    current_period_end
from {{ source('stripe', 'stripe_subscription_item') }}
