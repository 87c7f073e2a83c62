-- Per sales rep: deals, wins, win rate, won MRR and activities logged.
with activities as (
    select owner_id, count(*) as activities, count(*) filter (where done) as activities_done
    from {{ ref('stg_pipedrive__activity') }}
    group by 1
)
select
    o.owner_id,
    o.first_name || ' ' || o.last_name as rep_name,
    o.team,
    count(d.id) as deals,
    count(d.id) filter (where d.status = 'won') as won,
    round(count(d.id) filter (where d.status = 'won')::numeric
          / nullif(count(d.id) filter (where d.status in ('won', 'lost')), 0), 4) as win_rate,
    round(coalesce(sum(d.value::numeric) filter (where d.status = 'won'), 0), 2) as won_mrr_usd,
    coalesce(a.activities, 0) as activities,
    coalesce(a.activities_done, 0) as activities_done
from {{ ref('stg_hubspot__owner') }} o
left join {{ ref('stg_pipedrive__deal') }} d on d.owner_id = o.owner_id
left join activities a on a.owner_id = o.owner_id
group by o.owner_id, o.first_name, o.last_name, o.team, a.activities, a.activities_done
