-- Every Pipedrive deal in business terms: source, owner, outcome, monthly value and timing.
select
    deal_id,
    lead_id,
    owner_id,
    tapflow_account_id as account_id,
    coalesce(trial_path, source_form_type) as deal_source,
    status as deal_status,
    value::numeric as deal_mrr_usd,
    add_time as created_at,
    close_time as closed_at,
    extract(epoch from close_time - add_time)::numeric / 86400 as days_to_close
from {{ ref('stg_pipedrive__deal') }}
