-- MRR movements per account and month: new, expansion, contraction, churn, reactivation.
with monthly as (
    select
        account_id,
        month_start,
        mrr_cents,
        lag(mrr_cents, 1, 0::numeric) over (partition by account_id order by month_start)
            as previous_mrr_cents,
        max(mrr_cents) over (
            partition by account_id order by month_start
            rows between unbounded preceding and 1 preceding
        ) as best_mrr_before_cents
    from {{ ref('int_customers__mrr_by_month') }}
)
select
    account_id,
    month_start,
    round(mrr_cents / 100.0, 2) as mrr,
    round(previous_mrr_cents / 100.0, 2) as previous_mrr,
    round((mrr_cents - previous_mrr_cents) / 100.0, 2) as mrr_change,
    case
        when previous_mrr_cents = 0 and mrr_cents > 0 and coalesce(best_mrr_before_cents, 0) = 0 then 'new'
        when previous_mrr_cents = 0 and mrr_cents > 0 then 'reactivation'
        when previous_mrr_cents > 0 and mrr_cents = 0 then 'churn'
        when mrr_cents > previous_mrr_cents then 'expansion'
        when mrr_cents < previous_mrr_cents then 'contraction'
        else 'unchanged'
    end as movement
from monthly
where mrr_cents > 0 or previous_mrr_cents > 0
