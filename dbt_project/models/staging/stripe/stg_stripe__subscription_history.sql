select
    id as subscription_id,
    _fivetran_start as valid_from,
    -- Fivetran closes a version 1 ms before the next one opens; the open end is 9999-12-31.
    case when _fivetran_active then null else _fivetran_end end as valid_to,
    _fivetran_active as is_current,
    customer_id,
    (metadata::json ->> 'account_id')::bigint as account_id,
    (metadata::json ->> 'app_subscription_id')::bigint as app_subscription_id,
    status as subscription_status,
    status in ('active', 'past_due') as is_paying,
    quantity,
    created as created_at,
    start_date,
    current_period_start,
    current_period_end,
    trial_start,
    trial_end,
    canceled_at,
    ended_at,
    latest_invoice_id
from {{ source('stripe', 'stripe_subscription_history') }}
where livemode
