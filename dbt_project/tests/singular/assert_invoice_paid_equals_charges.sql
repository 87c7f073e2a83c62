{{ config(meta={"dagster": {"ref": {"name": "stg_stripe__invoice"}}}) }}
-- Invoices whose amount_paid differs from the sum of their succeeded charges.
select i.invoice_id, i.amount_paid_cents, coalesce(sum(c.amount_cents) filter (where c.is_succeeded), 0) as charged
from {{ ref('stg_stripe__invoice') }} i
left join {{ ref('stg_stripe__charge') }} c using (invoice_id)
group by 1, 2
having i.amount_paid_cents <> coalesce(sum(c.amount_cents) filter (where c.is_succeeded), 0)
