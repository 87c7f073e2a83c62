select
    id as customer_id,
    (metadata::json ->> 'account_id')::bigint as account_id,
    name as customer_name,
    email,
    delinquent as is_delinquent,
    balance as balance_cents,
    address_city,
    address_state,
    address_postal_code,
    address_country,
    invoice_prefix,
    created as created_at
from {{ source('stripe', 'stripe_customer') }}
where livemode and not is_deleted
