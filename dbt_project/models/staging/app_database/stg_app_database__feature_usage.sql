select
    usage_id,
    session_id,
    user_id,
    account_id,
    feature_id,
    used_at,
    used_at::date as usage_date,
    duration_ms,
    outcome,
    outcome = 'success' as is_success,
    error_code
from {{ source('app_database', 'app_database_feature_usage') }}
