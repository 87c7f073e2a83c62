{#- Schemas are exactly staging / intermediate / entity / mart (one database per environment),
    not dbt's default "<target schema>_<custom>". A build writes them under its own name
    (`mart__build_<id>`, from the schema_suffix var) until it is published whole. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name if custom_schema_name is not none else target.schema) ~ var('schema_suffix', '') }}
{%- endmacro %}
