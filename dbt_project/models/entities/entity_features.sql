-- Every product feature: availability, lifecycle stage and adoption over the last 30 days.
with usage as (
    select feature_id,
           count(*) as actions_30d,
           count(distinct account_id) as accounts_30d,
           count(distinct user_id) as users_30d,
           round(avg((not is_success)::int)::numeric, 4) as error_rate_30d
    from {{ ref('stg_app_database__feature_usage') }}
    where usage_date >= {{ as_of_date() }} - 30
    group by 1
),
live as (
    select customer_id, customer_tier from {{ ref('entity_customers') }}
    where account_status in ('trialing', 'active', 'past_due')
),
adopters as (
    -- Adoption counts live accounts only: one that churned this month used it but is gone.
    select u.feature_id, count(distinct u.account_id) as adopting_accounts
    from {{ ref('stg_app_database__feature_usage') }} u
    join live l on l.customer_id = u.account_id
    where u.usage_date >= {{ as_of_date() }} - 30
    group by 1
),
eligible as (
    select f.feature_id, count(distinct c.customer_id) as eligible_accounts
    from {{ ref('stg_app_database__features') }} f
    join live c
      on array_position(array['starter', 'professional', 'business', 'enterprise'], c.customer_tier)
         >= array_position(array['starter', 'professional', 'business', 'enterprise'], f.minimum_tier)
    group by 1
)
select
    f.feature_id,
    f.feature_key,
    f.feature_name,
    f.category,
    f.minimum_tier,
    f.released_at,
    f.generally_available_at,
    case when f.generally_available_at > {{ as_of_date() }} then 'beta' else 'ga' end as stage,
    ({{ as_of_date() }} - f.released_at::date) as days_since_release,
    coalesce(u.actions_30d, 0) as actions_30d,
    coalesce(u.accounts_30d, 0) as accounts_30d,
    coalesce(u.users_30d, 0) as users_30d,
    u.error_rate_30d,
    e.eligible_accounts,
    coalesce(ad.adopting_accounts, 0) as adopting_live_accounts,
    case when e.eligible_accounts > 0
         then round(coalesce(ad.adopting_accounts, 0)::numeric / e.eligible_accounts, 4) else 0 end
        as adoption_rate_30d
from {{ ref('stg_app_database__features') }} f
left join usage u using (feature_id)
left join eligible e using (feature_id)
left join adopters ad using (feature_id)
