-- Feature adoption for the product team: reach, depth and errors by feature and tier.
with by_tier as (
    select u.feature_id, c.customer_tier,
           sum(u.actions)::bigint as actions_30d, count(distinct u.account_id) as accounts_30d
    from {{ ref('int_features__account_daily_usage') }} u
    join {{ ref('entity_customers') }} c on c.customer_id = u.account_id
    where u.usage_date >= {{ as_of_date() }} - 30
    group by 1, 2
)
select
    f.feature_id,
    f.feature_name,
    f.category,
    f.stage,
    f.minimum_tier,
    t.customer_tier,
    coalesce(t.actions_30d, 0) as actions_30d,
    coalesce(t.accounts_30d, 0) as accounts_30d,
    f.adoption_rate_30d as overall_adoption_rate_30d,
    f.error_rate_30d
from {{ ref('entity_features') }} f
left join by_tier t using (feature_id)
