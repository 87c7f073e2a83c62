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
    -- Plans are looked up as <tier>_<monthly|annual>; recurring add-ons by their own names.
    case
        when lookup_key ~ '^(starter|professional|business|enterprise)_(monthly|annual)$' then 'plan'
        when type = 'recurring' then 'add_on'
        else 'one_time'
    end as price_kind,
    case when lookup_key ~ '^(starter|professional|business|enterprise)_(monthly|annual)$'
        then split_part(lookup_key, '_', 1) end as plan_tier,
    created as created_at
from {{ source('stripe', 'stripe_price') }}
where livemode and not is_deleted
