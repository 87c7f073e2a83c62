select
    id as discount_id,
    coupon_id,
    customer_id,
    subscription_id,
    amount as amount_cents,
    "start" as started_at,
    "end" as ends_at
from {{ source('stripe', 'stripe_discount') }}
