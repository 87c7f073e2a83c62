-- One row per campaign per day it ran: that day's performance, the budget and status in
-- force that day (as-of the version history) and spend to date.
with versions as materialized (
    select campaign_key, valid_from, valid_to, status, daily_budget_usd
    from {{ ref('int_campaigns__versions') }}
)
select
    d.date_day,
    d.campaign_key,
    d.platform,
    v.status,
    v.daily_budget_usd,
    d.impressions,
    d.clicks,
    round(d.spend_usd, 2) as spend_usd,
    d.conversions,
    case when v.daily_budget_usd > 0 then round(d.spend_usd / v.daily_budget_usd, 3) end as pacing,
    round(sum(d.spend_usd) over (partition by d.campaign_key order by d.date_day), 2)
        as spend_to_date_usd
from {{ ref('int_campaigns__daily_performance') }} d
left join versions v
    on v.campaign_key = d.campaign_key
    and {{ in_force_on('v', 'd.date_day') }}
