-- One row per user state: active from the invitation, inactive from deactivation.
select user_id, created_at as valid_from, deactivated_at as valid_to,
       deactivated_at is null as is_current, account_id, role, true as is_active
from {{ ref('stg_app_database__users') }}
union all
select user_id, deactivated_at, null, true, account_id, role, false
from {{ ref('stg_app_database__users') }}
where deactivated_at is not null
