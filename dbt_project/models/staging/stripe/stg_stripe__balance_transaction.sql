select
    id as balance_transaction_id,
    type as transaction_type,
    reporting_category,
    source as source_id,
    amount as amount_cents,
    fee as fee_cents,
    net as net_cents,
    status as transaction_status,
    created as created_at,
    available_on
from {{ source('stripe', 'stripe_balance_transaction') }}
