-- MRR of each account at the end of every month (the as_of day for the running month),
-- from the Stripe subscription versions current at that instant.
with bounds as (
    select date_trunc('month', min(valid_from))::date as first_month from {{ ref('int_subscriptions__versions') }}
),
months as (
    select
        m::date as month_start,
        least((m + interval '1 month')::date, {{ as_of_date() }}) as measured_at
    from bounds, generate_series(bounds.first_month, date_trunc('month', {{ as_of_date() }}), interval '1 month') m
),
accounts as (
    select distinct account_id from {{ ref('int_subscriptions__versions') }}
)
select
    a.account_id,
    m.month_start,
    coalesce(sum(v.mrr_cents), 0) as mrr_cents
from months m
cross join accounts a
left join {{ ref('int_subscriptions__versions') }} v
    on v.account_id = a.account_id
    and v.valid_from < m.measured_at
    and (v.valid_to is null or v.valid_to >= m.measured_at)
group by 1, 2
