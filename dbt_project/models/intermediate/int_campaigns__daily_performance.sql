-- Spend, impressions, clicks and platform-reported conversions per campaign and day.
with google as (
    select 'google_ads' as platform, campaign_id, date as date_day,
           sum(impressions) as impressions, sum(clicks) as clicks,
           sum(cost_micros) / 1e6 as spend_usd, sum(conversions) as conversions
    from {{ ref('stg_google_ads__campaign_stats') }}
    group by 1, 2, 3
),
facebook_ads as (
    select distinct ad_id, campaign_id from {{ ref('stg_facebook_ads__ad_history') }}
),
facebook_leads as (
    select ad_id, date, value from {{ ref('stg_facebook_ads__basic_ad_actions') }}
    where action_type = 'lead'
),
facebook as (
    select 'facebook_ads' as platform, a.campaign_id, b.date as date_day,
           sum(b.impressions) as impressions, sum(b.inline_link_clicks) as clicks,
           sum(b.spend::numeric) as spend_usd, coalesce(sum(l.value::numeric), 0) as conversions
    from {{ ref('stg_facebook_ads__basic_ad') }} b
    join facebook_ads a using (ad_id)
    left join facebook_leads l on l.ad_id = b.ad_id and l.date = b.date
    group by 1, 2, 3
),
linkedin as (
    select 'linkedin_ads' as platform, campaign_id, day as date_day, impressions, clicks,
           cost_in_usd as spend_usd, external_website_conversions as conversions
    from {{ ref('stg_linkedin_ads__ad_analytics_by_campaign') }}
),
email as (
    select 'iterable' as platform, campaign_id, created_at::date as date_day,
           count(*) filter (where event_name = 'emailOpen') as impressions,
           count(*) filter (where event_name = 'emailClick') as clicks,
           0::numeric as spend_usd, 0 as conversions
    from {{ ref('stg_iterable__event') }}
    group by 1, 2, 3
)
select platform || ':' || campaign_id as campaign_key, platform, campaign_id, date_day,
       impressions, clicks, spend_usd::numeric as spend_usd, conversions
from (
    select * from google union all select * from facebook
    union all select * from linkedin union all select * from email
) p
