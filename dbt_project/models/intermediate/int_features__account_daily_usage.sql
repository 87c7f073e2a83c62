-- Feature actions per feature, account and day.
select
    feature_id,
    account_id,
    usage_date,
    count(*) as actions
from {{ ref('stg_app_database__feature_usage') }}
group by 1, 2, 3
