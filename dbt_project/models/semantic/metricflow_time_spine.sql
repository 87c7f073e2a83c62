-- MetricFlow's day spine: cumulative metrics (WAU, MAU) and derived metrics across semantic
-- models join on it. It spans the whole story (the first Stripe subscription is in 2021) and
-- ends on as_of, the last day with data, so rolling windows are not reported past it.
select d::date as date_day
from generate_series(date '2018-01-01', {{ as_of_date() }}, interval '1 day') d
