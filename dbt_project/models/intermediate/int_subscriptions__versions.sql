-- Every Stripe subscription version with the MRR it carried while it was current.
-- A Stripe subscription keeps one price and quantity for life (a plan change opens a new
-- subscription), so the item's price applies to every version.
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
    case when h.is_paying
        then {{ normalize_to_mrr('p.unit_amount_cents * h.quantity', 'p.recurring_interval', 'p.recurring_interval_count') }}
        else 0
    end as mrr_cents
from {{ ref('stg_stripe__subscription_history') }} h
join {{ ref('stg_stripe__subscription_item') }} i using (subscription_id)
join {{ ref('stg_stripe__price') }} p using (price_id)
