-- Every version of every campaign on every platform, with valid_from / valid_to.
with versions as (
    select 'google_ads' as platform, campaign_id, name as campaign_name, status,
           (budget_amount_micros / 1e6)::numeric as daily_budget_usd, updated_at as valid_from
    from {{ ref('stg_google_ads__campaign_history') }}
    union all
    select 'facebook_ads', campaign_id, name, status, daily_budget / 100.0, updated_time
    from {{ ref('stg_facebook_ads__campaign_history') }}
    union all
    select 'linkedin_ads', campaign_id, name, status, daily_budget_amount::numeric, last_modified_time
    from {{ ref('stg_linkedin_ads__campaign_history') }}
    union all
    select 'iterable', campaign_id, name, upper(campaign_state), null, created_at
    from {{ ref('stg_iterable__campaign') }}
)
select
    platform || ':' || campaign_id as campaign_key,
    platform,
    campaign_id,
    campaign_name,
    case when campaign_name like 'reeng-%' then 'reengagement' else 'acquisition' end as objective,
    status,
    status not in ('ENDED', 'PAUSED', 'COMPLETED', 'FINISHED') as is_live,
    daily_budget_usd,
    valid_from,
    lead(valid_from) over (partition by platform, campaign_id order by valid_from) as valid_to
from versions
