{#- Customer health in [0, 1], a weighted sum of five parts (weights sum to 1):
      0.35  usage: share of seats active in the last 30 days, and sessions per seat
            (60 sessions per seat a month scores full marks), averaged
      0.25  device uptime: share of the account's devices online
      0.15  adoption: distinct features used in 30 days / 10 (capped at 1)
      0.15  billing: 1 when paying cleanly; -0.5 if past due now, -0.1 per failed charge
      0.10  support: 1 - 0.2 per high/urgent ticket in 90 days - 0.1 per open ticket
    Churned accounts score their usage-based parts as zero. Deterministic: no random(). -#}
{% macro calculate_customer_health_score(active_ratio, sessions_per_seat, device_uptime,
                                         features_used, is_past_due, failed_charges,
                                         urgent_tickets, open_tickets) -%}
    round(least(1, greatest(0,
        0.35 * (0.5 * least(1, coalesce({{ active_ratio }}, 0))
                + 0.5 * least(1, coalesce({{ sessions_per_seat }}, 0) / 60.0))
      + 0.25 * least(1, coalesce({{ device_uptime }}, 0))
      + 0.15 * least(1, coalesce({{ features_used }}, 0) / 10.0)
      + 0.15 * greatest(0, 1 - case when {{ is_past_due }} then 0.5 else 0 end
                            - 0.1 * coalesce({{ failed_charges }}, 0))
      + 0.10 * greatest(0, 1 - 0.2 * coalesce({{ urgent_tickets }}, 0)
                            - 0.1 * coalesce({{ open_tickets }}, 0))
    ))::numeric, 4)
{%- endmacro %}
