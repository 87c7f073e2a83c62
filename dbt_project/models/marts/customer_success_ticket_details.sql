-- One row per support ticket: the grain of ticket volume and resolution time
-- (customer_success_tickets is its monthly roll-up).
select
    ticket_id,
    account_id,
    created_at,
    closed_at,
    priority,
    category,
    ticket_state,
    is_open,
    round(hours_to_close::numeric, 2) as hours_to_close
from {{ ref('int_customers__tickets') }}
