{#- Churn risk in [0, 1], a weighted sum of five signals (weights sum to 1):
      0.35  low health: 1 - health score
      0.20  usage trend: share of the last 30 days' sessions NOT in the last 7 days beyond the
            expected 7/30 (a falling week scores high); no sessions at all scores 1
      0.20  billing: past due now (1) or failed charges (0.25 each, capped at 1)
      0.15  size: single-location accounts churn more (1 for one location, 0.3 otherwise)
      0.10  support: high/urgent tickets in 90 days (0.34 each, capped at 1)
    Deterministic: no random(). -#}
{% macro calculate_churn_risk_score(health, sessions_7d, sessions_30d, is_past_due,
                                    failed_charges, locations, urgent_tickets) -%}
    round(least(1, greatest(0,
        0.35 * (1 - coalesce({{ health }}, 0))
      + 0.20 * (case when coalesce({{ sessions_30d }}, 0) = 0 then 1
                     else greatest(0, least(1, 1 - ({{ sessions_7d }}::numeric / {{ sessions_30d }})
                                                   / (7.0 / 30))) end)
      + 0.20 * (case when {{ is_past_due }} then 1
                     else least(1, 0.25 * coalesce({{ failed_charges }}, 0)) end)
      + 0.15 * (case when coalesce({{ locations }}, 1) <= 1 then 1 else 0.3 end)
      + 0.10 * least(1, 0.34 * coalesce({{ urgent_tickets }}, 0))
    ))::numeric, 4)
{%- endmacro %}
