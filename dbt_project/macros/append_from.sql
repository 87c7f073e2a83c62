{#- The first day an incremental model of the pours recomputes (docs/timeline.md, the append):
    `advance` passes it (--vars append_from, the model seeded with its days before it); a run
    by hand without it recomputes from the model's own last day, which may have been partial
    (delete+insert on the day column replaces those days whole). Never a missing-var error,
    so `dbt docs generate` and `dbt compile` work on a built warehouse. -#}
{% macro append_from(day_column) -%}
    {%- if var('append_from', none) -%}
        date '{{ var("append_from") }}'
    {%- else -%}
        (select coalesce(max({{ day_column }}), date '1970-01-01') from {{ this }})
    {%- endif -%}
{%- endmacro %}
