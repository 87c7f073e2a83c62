-- One row per subscription (Stripe and app ids), current state with billing history rolled up.
with episodes as (
    select subscription_id, count(*) filter (where subscription_status = 'past_due') as past_due_episodes
    from {{ ref('int_subscriptions__versions') }}
    group by 1
)
select
    v.subscription_id,
    v.app_subscription_id,
    v.account_id,
    v.customer_id,
    v.plan_tier,
    v.billing_interval,
    v.quantity,
    v.subscription_status,
    v.is_paying,
    app.started_at,
    app.trial_start_at,
    app.trial_end_at,
    app.ended_at,
    app.end_reason,
    app.previous_subscription_id as previous_app_subscription_id,
    v.current_period_start,
    v.current_period_end,
    round(v.mrr_cents / 100.0, 2) as monthly_recurring_revenue,
    round(v.mrr_cents * 12 / 100.0, 2) as annual_recurring_revenue,
    b.invoices,
    b.late_invoices,
    b.open_invoices,
    b.uncollectible_invoices,
    b.failed_charges,
    e.past_due_episodes,
    round(b.amount_paid_cents / 100.0, 2) as lifetime_paid,
    round(b.refunded_cents / 100.0, 2) as lifetime_refunded,
    round(b.discount_cents / 100.0, 2) as lifetime_discount,
    round(b.amount_remaining_cents / 100.0, 2) as amount_outstanding,
    b.last_paid_at,
    ({{ as_of_date() }} - b.last_paid_at::date) as days_since_last_payment
from {{ ref('int_subscriptions__versions') }} v
join {{ ref('stg_app_database__subscriptions') }} app on app.subscription_id = v.app_subscription_id
join {{ ref('int_subscriptions__billing') }} b on b.subscription_id = v.subscription_id
join episodes e on e.subscription_id = v.subscription_id
where v.is_current
