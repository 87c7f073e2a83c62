-- Each app subscription beside its Stripe twin: plan, quantity, status, period and MRR.
with app as (
    select * from {{ ref('int_subscriptions__app_mrr') }}
),
stripe as (
    select * from {{ ref('int_subscriptions__versions') }} where is_current
)
select
    app.app_subscription_id,
    app.account_id,
    stripe.subscription_id as stripe_subscription_id,
    app.subscription_status as app_status,
    stripe.subscription_status as stripe_status,
    round(app.mrr_cents / 100.0, 2) as app_mrr,
    round(coalesce(stripe.mrr_cents, 0) / 100.0, 2) as stripe_mrr,
    stripe.subscription_id is not null
        and app.subscription_status = stripe.subscription_status
        and app.plan_tier = stripe.plan_tier
        and app.billing_interval = stripe.billing_interval
        and app.quantity = stripe.quantity
        and round(app.mrr_cents) = round(stripe.mrr_cents)
        and (app.subscription_status not in ('active', 'past_due')
             or (app.current_period_start = stripe.current_period_start
                 and app.current_period_end = stripe.current_period_end))
        as is_reconciled
from app
left join stripe using (app_subscription_id)
