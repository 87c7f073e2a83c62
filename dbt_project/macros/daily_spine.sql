{#- The spine of the entity_*_daily tables: one row (`date_day`) per day of a trailing window
    that ends the day before as_of. `days` is the window's length, one var per window in
    dbt_project.yml (daily_history_days, device_daily_days, ...). -#}
{% macro trailing_days(days) -%}
    select d::date as date_day
    from generate_series({{ window_start(days) }}, {{ as_of_date() }} - 1, interval '1 day') d
{%- endmacro %}

{#- The first day of that window, for filtering the events a daily table aggregates. -#}
{% macro window_start(days) -%}
    {{ as_of_date() }} - {{ days }}
{%- endmacro %}

{#- A history version (valid_from/valid_to) in force at the end of `day`: the as-of join of
    every _daily table, which shows the state current then, never today's. -#}
{% macro in_force_on(version, day) -%}
    {{ version }}.valid_from < {{ day }} + 1
    and ({{ version }}.valid_to is null or {{ version }}.valid_to >= {{ day }} + 1)
{%- endmacro %}
