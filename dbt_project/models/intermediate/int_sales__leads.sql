-- Every lead with the account it became (converted trials) and where it came from.
select
    lead_id,
    form_type,
    trial_path,
    lifecycle_stage,
    source as lead_source,
    tapflow_account_id as account_id,
    tapflow_account_id is not null as became_customer,
    add_time as created_at
from {{ ref('stg_pipedrive__lead') }}
