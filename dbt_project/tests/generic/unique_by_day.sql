{#- `column_name` is unique in an event table stored by day (`day_column` its event time).

    In a build: the ids that occur more than once, over every row, as `unique` does.

    In an advance (`append_from` set; docs/timeline.md, sessions 16-17) the days before
    `append_from` are the very day partitions the published build tested, attached unchanged,
    with the same tests (the advance passes `append_from` only then: append.pipeline_key). So
    only the new days are grouped, and the settled rows whose id is among the new days' are
    returned too. The event ids grow with the day (a unit's rows spill into the next UTC day
    or two), so the settled days are looked at in two parts: the last `spill_days`, always;
    the older ones only if their largest id (read from the partitions' key indexes, not by a
    scan) is not below the new days' smallest, which in a healthy table it always is. -#}
{% test unique_by_day(model, column_name, day_column, spill_days=2) %}
{%- set advance = var('append_from', none) %}
{%- set first_new -%} timestamptz '{{ advance }} 00:00:00+00' {%- endset %}
{%- set recent -%} ({{ first_new }} - interval '{{ spill_days }} days') {%- endset %}
{%- if advance %}
with new_ids as materialized (
    select {{ column_name }} as id from {{ model }}
    where {{ column_name }} is not null and {{ day_column }} >= {{ first_new }}
)
select id as unique_field, count(*) as n_records
from new_ids
group by id
having count(*) > 1
union all
select settled.{{ column_name }}, 1
from {{ model }} settled
where settled.{{ day_column }} >= {{ recent }} and settled.{{ day_column }} < {{ first_new }}
  and settled.{{ column_name }} in (select id from new_ids)
union all
select settled.{{ column_name }}, 1
from {{ model }} settled
where settled.{{ day_column }} < {{ recent }}
  and (select max({{ column_name }}) from {{ model }} where {{ day_column }} < {{ recent }})
      >= (select min(id) from new_ids)
  and settled.{{ column_name }} in (select id from new_ids)
{%- else %}
select {{ column_name }} as unique_field, count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{%- endif %}
{% endtest %}
