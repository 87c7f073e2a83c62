{{ config(meta={"dagster": {"ref": {"name": "marketing_attribution"}}}) }}
-- Touches where the SQL attribution disagrees with the weights the source recorded.
select t.conversion_id, t.session_id, t.attribution_model, t.weight
from {{ ref('stg_attribution__touchpoints') }} t
join {{ ref('marketing_attribution') }} a using (conversion_id, session_id)
where abs(t.weight - case t.attribution_model
        when 'first_touch' then a.first_touch
        when 'last_touch' then a.last_touch
        when 'linear' then a.linear
        when 'time_decay' then a.time_decay
        when 'position_based' then a.position_based
    end) > 1e-9
