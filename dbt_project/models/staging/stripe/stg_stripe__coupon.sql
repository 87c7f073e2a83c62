select
    id as coupon_id,
    name as coupon_name,
    amount_off as amount_off_cents,
    percent_off,
    duration,
    duration_in_months,
    times_redeemed,
    valid as is_valid,
    created as created_at
from {{ source('stripe', 'stripe_coupon') }}
where livemode
