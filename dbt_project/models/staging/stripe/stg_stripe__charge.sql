select
    id as charge_id,
    customer_id,
    invoice_id,
    payment_intent_id,
    balance_transaction_id,
    amount as amount_cents,
    amount_refunded as amount_refunded_cents,
    status as charge_status,
    status = 'succeeded' as is_succeeded,
    refunded as is_refunded,
    failure_code,
    failure_message,
    outcome_type,
    outcome_risk_score,
    created as created_at
from {{ source('stripe', 'stripe_charge') }}
where livemode
