select
    session_id,
    user_id,
    account_id,
    started_at,
    ended_at,
    started_at::date as session_date,
    duration_seconds,
    device_type,
    page_views,
    features_used
from {{ source('app_database', 'app_database_user_sessions') }}
