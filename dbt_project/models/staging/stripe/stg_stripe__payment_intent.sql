select
    id as payment_intent_id,
    invoice_id,
    customer_id,
    amount as amount_cents,
    amount_received as amount_received_cents,
    status as payment_intent_status,
    created as created_at,
    canceled_at,
    cancellation_reason
from {{ source('stripe', 'stripe_payment_intent') }}
where livemode
