select
    user_id,
    account_id,
    location_id,
    first_name,
    last_name,
    first_name || ' ' || last_name as full_name,
    lower(email) as email,
    role,
    is_active,
    created_at,
    last_login_at,
    deactivated_at
from {{ source('app_database', 'app_database_users') }}
