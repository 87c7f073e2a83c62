-- Daily reach of each feature by name over the trailing 90 days: the adoption curves of the
-- Product dashboard (entity_features_daily with the feature's name and category).
select
    d.date_day,
    d.feature_id,
    f.feature_name,
    f.category,
    d.stage,
    d.accounts,
    d.users,
    d.actions,
    d.errors
from {{ ref('entity_features_daily') }} d
join {{ ref('entity_features') }} f using (feature_id)
