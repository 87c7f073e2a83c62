-- What each campaign brought, last touch: sessions, form fills, trials and customers.
with campaigns as (
    select distinct on (campaign_key) campaign_key, campaign_name
    from {{ ref('int_campaigns__versions') }}
    order by campaign_key, valid_from desc
),
sessions as (
    select campaign, count(*) as sessions, count(*) filter (where converted) as form_fills
    from {{ ref('stg_google_analytics__sessions') }}
    where campaign <> '(not set)'
    group by 1
),
last_touch as (
    select t.conversion_id, t.campaign_name
    from {{ ref('stg_attribution__touchpoints') }} t
    where t.attribution_model = 'last_touch' and t.weight = 1 and t.campaign_name is not null
),
outcomes as (
    select lt.campaign_name,
           count(*) filter (where l.form_type = 'trial_signup') as trials,
           count(l.tapflow_account_id) as customers
    from last_touch lt
    join {{ ref('stg_pipedrive__lead') }} l on l.lead_id = lt.conversion_id
    group by 1
)
select c.campaign_key,
       coalesce(s.sessions, 0) as sessions,
       coalesce(s.form_fills, 0) as form_fills,
       coalesce(o.trials, 0) as trials,
       coalesce(o.customers, 0) as customers
from campaigns c
left join sessions s on s.campaign = c.campaign_name
left join outcomes o on o.campaign_name = c.campaign_name
