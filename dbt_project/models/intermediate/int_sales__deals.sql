-- Every Pipedrive deal in business terms: source, owner, outcome, current pipeline stage,
-- monthly value and timing.
with current_stage as (
    -- the deal's open version in Fivetran history mode: the stage it is in now
    select h.deal_id, s.name as stage_name, s.order_nr as stage_order
    from {{ ref('stg_pipedrive__deal_history') }} h
    join {{ ref('stg_pipedrive__stage') }} s using (stage_id)
    where h._fivetran_active
)

select
    d.deal_id,
    d.lead_id,
    d.owner_id,
    d.tapflow_account_id as account_id,
    coalesce(d.trial_path, d.source_form_type) as deal_source,
    d.status as deal_status,
    c.stage_name,
    c.stage_order,
    d.value::numeric as deal_mrr_usd,
    d.add_time as created_at,
    d.close_time as closed_at,
    extract(epoch from d.close_time - d.add_time)::numeric / 86400 as days_to_close
from {{ ref('stg_pipedrive__deal') }} d
left join current_stage c using (deal_id)
