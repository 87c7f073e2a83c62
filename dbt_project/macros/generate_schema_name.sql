{#- Schemas are exactly staging / intermediate / entity / mart (one database per environment),
    not dbt's default "<target schema>_<custom>". -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}
