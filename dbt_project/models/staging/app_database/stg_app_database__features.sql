select
    feature_id,
    feature_key,
    feature_name,
    category,
    minimum_tier,
    released_at,
    generally_available_at
from {{ source('app_database', 'app_database_features') }}
