-- Every Stripe subscription version with the MRR it carried while it was current: its plan
-- (one price and quantity for life: a plan change opens a new subscription) and its recurring
-- add-ons, each normalised to a month.
with items as (
    select
        i.subscription_id,
        p.price_kind,
        p.plan_tier,
        p.recurring_interval,
        p.recurring_interval_count,
        p.unit_amount_cents,
        i.quantity
    from {{ ref('stg_stripe__subscription_item') }} i
    join {{ ref('stg_stripe__price') }} p using (price_id)
),
plans as (
    select * from items where price_kind = 'plan'
),
add_ons as (
    select
        subscription_id,
        count(*) as add_ons,
        sum({{ normalize_to_mrr('unit_amount_cents * quantity', 'recurring_interval', 'recurring_interval_count') }})
            as add_on_mrr_cents
    from items
    where price_kind = 'add_on'
    group by 1
)
select
    h.subscription_id,
    h.app_subscription_id,
    h.account_id,
    h.customer_id,
    h.valid_from,
    h.valid_to,
    h.is_current,
    h.subscription_status,
    h.is_paying,
    h.quantity,
    h.current_period_start,
    h.current_period_end,
    p.plan_tier,
    p.recurring_interval as billing_interval,
    p.recurring_interval_count as interval_count,
    p.unit_amount_cents,
    coalesce(a.add_ons, 0) as add_ons,
    case when h.is_paying
        then {{ normalize_to_mrr('p.unit_amount_cents * h.quantity', 'p.recurring_interval', 'p.recurring_interval_count') }}
            + coalesce(a.add_on_mrr_cents, 0)
        else 0
    end as mrr_cents
from {{ ref('stg_stripe__subscription_history') }} h
join plans p using (subscription_id)
left join add_ons a using (subscription_id)
