-- One row per campaign version (budget and status changes) from the platforms' history tables.
select
    campaign_key,
    valid_from,
    valid_to,
    valid_to is null as is_current,
    platform,
    campaign_id,
    campaign_name,
    status,
    is_live,
    daily_budget_usd
from {{ ref('int_campaigns__versions') }}
