{#- The date the data is anchored on (Dagster passes --vars as_of); trailing windows such as
    "events in the last 30 days" are measured back from it, so pinned builds stay stable. -#}
{% macro as_of_date() -%}
    {%- if var('as_of', '') -%} date '{{ var("as_of") }}' {%- else -%} current_date {%- endif -%}
{%- endmacro %}
