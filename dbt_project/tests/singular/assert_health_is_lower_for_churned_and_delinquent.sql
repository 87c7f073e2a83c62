{{ config(meta={"dagster": {"ref": {"name": "entity_customers"}}}) }}
-- Health must separate customers: churned and past-due ones score lower on average than
-- active ones, and scores spread across the range.
with stats as (
    select
        avg(health_score) filter (where account_status = 'active') as active,
        avg(health_score) filter (where account_status = 'churned') as churned,
        avg(health_score) filter (where account_status = 'past_due') as past_due,
        stddev_pop(health_score) as spread
    from {{ ref('entity_customers') }}
)
select * from stats
where not (churned < active and coalesce(past_due, 0) < active and spread > 0.05)
