{#- `column_name` is unique in an event table stored by day (`day_column` its event time).

    In a build: the ids that occur more than once, over every row, as `unique` does.

    In an advance (`append_from` set; docs/timeline.md, session 16) the days before
    `append_from` are the very day partitions the published build tested, attached unchanged,
    and the table is read through a view PostgreSQL has no statistics for (a hash aggregate
    over it is sized for 200 groups and spills again and again: `unique` on the qa pours took
    148 s instead of 44). So only the new days are grouped, and the settled rows whose id is
    among the new days' are returned too: one scan of the settled days against a hash of the
    new ids, no aggregation over them. -#}
{% test unique_by_day(model, column_name, day_column) %}
{%- set advance = var('append_from', none) %}
{%- set first_new -%} timestamptz '{{ advance }} 00:00:00+00' {%- endset %}
select {{ column_name }} as unique_field, count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
{%- if advance %} and {{ day_column }} >= {{ first_new }}{% endif %}
group by {{ column_name }}
having count(*) > 1
{%- if advance %}
union all
select settled.{{ column_name }}, 1
from {{ model }} settled
where settled.{{ day_column }} < {{ first_new }}
  and settled.{{ column_name }} in (
      select {{ column_name }} from {{ model }} where {{ day_column }} >= {{ first_new }}
  )
{%- endif %}
{% endtest %}
