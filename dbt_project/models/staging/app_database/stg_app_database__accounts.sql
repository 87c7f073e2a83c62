select
    account_id,
    account_name,
    industry,
    account_tier,
    employee_count,
    website_domain,
    billing_email,
    acquisition_path,
    account_status,
    created_at,
    churned_at,
    updated_at
from {{ source('app_database', 'app_database_accounts') }}
