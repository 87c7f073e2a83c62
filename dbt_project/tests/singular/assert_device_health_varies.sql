-- Device health must spread out: many distinct values and a standard deviation above 0.05
-- (the failure this guards against: every device stuck at one default score).
select count(distinct overall_health_score) as distinct_scores,
       stddev_pop(overall_health_score) as spread
from {{ ref('entity_devices') }}
having count(distinct overall_health_score) < least(20, count(*) / 3)
    or coalesce(stddev_pop(overall_health_score), 0) <= 0.05
