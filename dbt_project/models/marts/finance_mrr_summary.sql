-- Company MRR bridge by month: opening + new + expansion + reactivation
-- - contraction - churn = closing.
select
    month_start,
    round(sum(previous_mrr), 2) as opening_mrr,
    round(sum(mrr_change) filter (where movement = 'new'), 2) as new_mrr,
    round(sum(mrr_change) filter (where movement = 'expansion'), 2) as expansion_mrr,
    round(sum(mrr_change) filter (where movement = 'reactivation'), 2) as reactivation_mrr,
    round(-sum(mrr_change) filter (where movement = 'contraction'), 2) as contraction_mrr,
    round(-sum(mrr_change) filter (where movement = 'churn'), 2) as churned_mrr,
    round(sum(mrr), 2) as closing_mrr,
    round(sum(mrr) * 12, 2) as closing_arr,
    count(*) filter (where mrr > 0) as paying_customers,
    count(*) filter (where movement = 'new') as new_customers,
    count(*) filter (where movement = 'churn') as churned_customers
from {{ ref('finance_mrr_movements') }}
group by 1
