{#- A test's `where` config may name `__append_from__`: the instant the days an advance
    generates begin (docs/timeline.md, session 17). In an advance (`append_from` set, which
    `advance` does only when the published build ran this same dbt project and checks:
    append.pipeline_key) it stands for that instant, so a row-level test of an event table
    reads its new days alone: the settled days are the very partitions the published build
    tested, attached unchanged. In a build there are no settled days, and the condition is
    dropped: the test reads every row (so a `where` naming `__append_from__` holds that one
    condition and nothing else). Any other `where` is dbt's own. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where and '__append_from__' in where -%}
        {%- if var('append_from', none) -%}
            {%- set where = where | replace(
                '__append_from__', "timestamptz '" ~ var('append_from') ~ " 00:00:00+00'") -%}
        {%- else -%}
            {%- set where = '' -%}
        {%- endif -%}
    {%- endif -%}
    {%- if where -%}
        {%- do return("(select * from " ~ relation ~ " where " ~ where ~ ") dbt_subquery") -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
