select
    id as refund_id,
    charge_id,
    payment_intent_id,
    balance_transaction_id,
    amount as amount_cents,
    reason,
    status as refund_status,
    created as created_at
from {{ source('stripe', 'stripe_refund') }}
