{{ config(meta={"dagster": {"ref": {"name": "marketing_attribution"}}}) }}
-- Conversions whose credit under some model does not sum to 1.
select conversion_id
from {{ ref('marketing_attribution') }}
group by 1
having abs(sum(first_touch) - 1) > 1e-9
    or abs(sum(last_touch) - 1) > 1e-9
    or abs(sum(linear) - 1) > 1e-9
    or abs(sum(time_decay) - 1) > 1e-9
    or abs(sum(position_based) - 1) > 1e-9
