select
    page_view_id,
    session_id,
    user_id,
    account_id,
    page_path,
    viewed_at,
    sequence_number,
    time_on_page_seconds,
    is_entrance,
    is_exit
from {{ source('app_database', 'app_database_page_views') }}
