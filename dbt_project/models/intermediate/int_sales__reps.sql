-- Sales and customer-success reps (HubSpot owners) with the activities they logged.
with activities as (
    select owner_id, count(*) as activities, count(*) filter (where done) as activities_done
    from {{ ref('stg_pipedrive__activity') }}
    group by 1
)
select
    o.owner_id,
    o.first_name || ' ' || o.last_name as rep_name,
    o.team,
    coalesce(a.activities, 0) as activities,
    coalesce(a.activities_done, 0) as activities_done
from {{ ref('stg_hubspot__owner') }} o
left join activities a using (owner_id)
