-- One row per campaign on any platform: current settings, lifetime and trailing performance,
-- funnel outcomes (last touch), CAC and ROAS.
with current_version as (
    select distinct on (campaign_key) *
    from {{ ref('int_campaigns__versions') }}
    order by campaign_key, valid_from desc
),
first_version as (
    select campaign_key, min(valid_from) as created_at from {{ ref('int_campaigns__versions') }} group by 1
),
performance as (
    select
        campaign_key,
        min(date_day) as first_active_day,
        max(date_day) as last_active_day,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(spend_usd) as spend_usd,
        sum(conversions) as platform_conversions,
        sum(spend_usd) filter (where date_day >= {{ as_of_date() }} - 7) as spend_7d_usd,
        sum(spend_usd) filter (where date_day >= {{ as_of_date() }} - 30) as spend_30d_usd,
        sum(clicks) filter (where date_day >= {{ as_of_date() }} - 30) as clicks_30d
    from {{ ref('int_campaigns__daily_performance') }}
    group by 1
),
revenue as (
    -- First-year revenue of the customers each campaign won (last touch), at their MRR.
    select t.campaign_name, sum(s.monthly_recurring_revenue) * 12 as first_year_revenue_usd
    from {{ ref('stg_attribution__touchpoints') }} t
    join {{ ref('stg_pipedrive__lead') }} l on l.lead_id = t.conversion_id
    join {{ ref('entity_subscriptions') }} s on s.account_id = l.tapflow_account_id
    where t.attribution_model = 'last_touch' and t.weight = 1
    group by 1
)
select
    v.campaign_key,
    v.platform,
    v.campaign_id,
    v.campaign_name,
    v.objective,
    v.status,
    v.is_live,
    v.daily_budget_usd,
    f.created_at,
    p.first_active_day,
    p.last_active_day,
    coalesce(p.impressions, 0) as impressions,
    coalesce(p.clicks, 0) as clicks,
    round(coalesce(p.spend_usd, 0), 2) as spend_usd,
    round(coalesce(p.spend_7d_usd, 0), 2) as spend_7d_usd,
    round(coalesce(p.spend_30d_usd, 0), 2) as spend_30d_usd,
    coalesce(p.clicks_30d, 0) as clicks_30d,
    case when p.impressions > 0 then round(p.clicks::numeric / p.impressions, 4) end as ctr,
    case when p.clicks > 0 then round(p.spend_usd / p.clicks, 2) end as cpc_usd,
    n.sessions,
    n.form_fills,
    n.trials,
    n.customers,
    case when n.customers > 0 then round(p.spend_usd / n.customers, 2) end as cac_usd,
    case when p.spend_usd > 0 then round(coalesce(r.first_year_revenue_usd, 0) / p.spend_usd, 3) end
        as roas
from current_version v
join first_version f using (campaign_key)
left join performance p using (campaign_key)
left join {{ ref('int_campaigns__funnel') }} n using (campaign_key)
left join revenue r on r.campaign_name = v.campaign_name
