select
    id as invoice_line_item_id,
    invoice_id,
    subscription_id,
    subscription_item_id,
    price_id,
    invoice_item_id,
    type as line_type,
    amount as amount_cents,
    unit_amount_excluding_tax as unit_amount_cents,
    quantity,
    period_start,
    period_end,
    proration as is_proration,
    description
from {{ source('stripe', 'stripe_invoice_line_item') }}
-- As the Fivetran package does: drop legacy line ids that reuse subscription ids.
where livemode and id not like 'sub%'
