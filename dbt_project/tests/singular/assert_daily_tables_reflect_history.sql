{{ config(meta={"dagster": {"ref": {"name": "entity_customers_daily"}}}) }}
-- Every _daily table must show change over time (a past day differs from the latest day for
-- some entity); a table copying today's state backwards would fail.
with changes as (
    select 'customers' as entity, count(*) as changed from (
        select customer_id from {{ ref('entity_customers_daily') }}
        group by 1 having count(distinct customer_status || monthly_recurring_revenue::text) > 1) x
    union all
    select 'users', count(*) from (
        select user_id from {{ ref('entity_users_daily') }}
        group by 1 having count(distinct is_active) > 1 or count(distinct sessions) > 1) x
    union all
    select 'locations', count(*) from (
        select location_id from {{ ref('entity_locations_daily') }}
        group by 1 having count(distinct devices_installed) > 1 or count(distinct tap_events) > 1) x
    union all
    select 'devices', count(*) from (
        select device_id from {{ ref('entity_devices_daily') }}
        group by 1 having count(distinct device_status) > 1 or count(distinct tap_events) > 1) x
    union all
    select 'features', count(*) from (
        select feature_id from {{ ref('entity_features_daily') }}
        group by 1 having count(distinct stage) > 1 or count(distinct actions) > 1) x
    union all
    select 'subscriptions', count(*) from (
        select subscription_id from {{ ref('entity_subscriptions_daily') }}
        group by 1 having count(distinct subscription_status) > 1) x
    union all
    select 'campaigns', count(*) from (
        select campaign_key from {{ ref('entity_campaigns_daily') }}
        group by 1 having count(distinct daily_budget_usd) > 1 or count(distinct status) > 1) x
)
select * from changes where changed = 0
