-- One row per feature lifecycle stage: beta from release, generally available after (a GA
-- date still in the future is a plan, not history: the beta row stays open).
select feature_id, released_at as valid_from,
       case when generally_available_at <= {{ as_of_date() }} then generally_available_at end
           as valid_to,
       generally_available_at > {{ as_of_date() }} as is_current, 'beta' as stage
from {{ ref('stg_app_database__features') }}
where generally_available_at > released_at
union all
select feature_id, generally_available_at, null, true, 'ga'
from {{ ref('stg_app_database__features') }}
where generally_available_at <= {{ as_of_date() }}
