select
    id as product_id,
    name as product_name,
    active as is_active,
    type as product_type,
    description,
    unit_label,
    created as created_at,
    updated as updated_at
from {{ source('stripe', 'stripe_product') }}
where livemode and not is_deleted
