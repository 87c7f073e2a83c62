-- One row per trial sign-up (a lead on a trial path) and whether it became a paying customer:
-- the grain of the trial conversion rate by path.
select
    lead_id,
    account_id,
    trial_path,
    form_type,
    lead_source,
    created_at as trial_started_at,
    became_customer as converted
from {{ ref('int_sales__leads') }}
where trial_path is not null
