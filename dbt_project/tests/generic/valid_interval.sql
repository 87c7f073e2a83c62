{#- History rows whose validity interval is empty or reversed (valid_to <= valid_from). -#}
{% test valid_interval(model, from_column='valid_from', to_column='valid_to') %}
select * from {{ model }}
where {{ to_column }} is not null and {{ to_column }} <= {{ from_column }}
{% endtest %}
