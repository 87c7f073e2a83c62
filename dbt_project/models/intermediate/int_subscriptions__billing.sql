-- Billing facts per Stripe subscription: invoices, collections, failures and refunds.
with invoices as (
    select
        subscription_id,
        count(*) as invoices,
        count(*) filter (where amount_due_cents > 0) as chargeable_invoices,
        count(*) filter (where invoice_status = 'paid' and attempt_count > 1) as late_invoices,
        count(*) filter (where invoice_status = 'open') as open_invoices,
        count(*) filter (where invoice_status = 'uncollectible') as uncollectible_invoices,
        sum(amount_paid_cents) as amount_paid_cents,
        sum(amount_remaining_cents) as amount_remaining_cents,
        sum(discount_cents) as discount_cents,
        max(paid_at) as last_paid_at
    from {{ ref('stg_stripe__invoice') }}
    group by 1
),
charges as (
    select
        i.subscription_id,
        count(*) filter (where not c.is_succeeded) as failed_charges,
        sum(c.amount_refunded_cents) as refunded_cents
    from {{ ref('stg_stripe__charge') }} c
    join {{ ref('stg_stripe__invoice') }} i using (invoice_id)
    group by 1
)
select
    subscription_id,
    coalesce(i.invoices, 0) as invoices,
    coalesce(i.chargeable_invoices, 0) as chargeable_invoices,
    coalesce(i.late_invoices, 0) as late_invoices,
    coalesce(i.open_invoices, 0) as open_invoices,
    coalesce(i.uncollectible_invoices, 0) as uncollectible_invoices,
    coalesce(i.amount_paid_cents, 0) as amount_paid_cents,
    coalesce(i.amount_remaining_cents, 0) as amount_remaining_cents,
    coalesce(i.discount_cents, 0) as discount_cents,
    coalesce(c.failed_charges, 0) as failed_charges,
    coalesce(c.refunded_cents, 0) as refunded_cents,
    i.last_paid_at
from (select distinct subscription_id from {{ ref('stg_stripe__subscription_history') }}) s
left join invoices i using (subscription_id)
left join charges c using (subscription_id)
