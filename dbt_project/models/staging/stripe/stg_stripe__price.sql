select
    id as price_id,
    product_id,
    active as is_active,
    currency,
    unit_amount as unit_amount_cents,
    recurring_interval,
    recurring_interval_count,
    type as price_type,
    lookup_key,
    -- The plan tier a recurring price belongs to (lookup keys are <tier>_<monthly|annual>).
    case when type = 'recurring' then split_part(lookup_key, '_', 1) end as plan_tier,
    created as created_at
from {{ source('stripe', 'stripe_price') }}
where livemode and not is_deleted
