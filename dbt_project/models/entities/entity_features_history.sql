-- One row per feature lifecycle stage: beta from release, generally available after.
select feature_id, released_at as valid_from, generally_available_at as valid_to,
       false as is_current, 'beta' as stage
from {{ ref('stg_app_database__features') }}
where generally_available_at > released_at
union all
select feature_id, generally_available_at, null, true, 'ga'
from {{ ref('stg_app_database__features') }}
