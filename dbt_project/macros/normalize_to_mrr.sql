{#- Monthly recurring amount of a price billed every `interval_count` `interval`s:
    month -> amount / count; year -> amount / (12 * count); week -> amount * 52 / 12 / count;
    day -> amount * 365 / 12 / count. -#}
{% macro normalize_to_mrr(amount, interval, interval_count) -%}
    (case {{ interval }}
        when 'month' then {{ amount }}::numeric / {{ interval_count }}
        when 'year' then {{ amount }}::numeric / (12 * {{ interval_count }})
        when 'week' then {{ amount }}::numeric * 52 / 12 / {{ interval_count }}
        when 'day' then {{ amount }}::numeric * 365 / 12 / {{ interval_count }}
    end)
{%- endmacro %}
