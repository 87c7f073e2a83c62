-- Every support ticket in business terms: account, priority, state and hours to close.
select
    ticket_id,
    tapflow_account_id as account_id,
    createdate as created_at,
    closed_date as closed_at,
    hs_ticket_priority as priority,
    hs_ticket_category as category,
    hs_pipeline_stage as ticket_state,
    hs_pipeline_stage = 'open' as is_open,
    time_to_close / 3600000.0 as hours_to_close
from {{ ref('stg_hubspot__ticket') }}
