{#- Device health in [0, 1], a weighted mean of four parts (weights sum to 1):
      0.35  pour frequency vs what devices of the same venue type pour (capped at 1)
      0.30  uptime: share of expected heartbeats received over the telemetry window
      0.20  quality: 1 - 5 x share of anomalous pours/readings (temperature or pressure)
      0.15  status: online 1, maintenance 0.4, offline 0
    Deterministic: no random(). -#}
{% macro calculate_device_health_score(frequency_ratio, uptime_ratio, anomaly_rate, status) -%}
    round(least(1, greatest(0,
        0.35 * least(1, coalesce({{ frequency_ratio }}, 0))
      + 0.30 * least(1, coalesce({{ uptime_ratio }}, 0))
      + 0.20 * greatest(0, 1 - 5 * coalesce({{ anomaly_rate }}, 0))
      + 0.15 * (case {{ status }} when 'online' then 1 when 'maintenance' then 0.4 else 0 end)
    ))::numeric, 4)
{%- endmacro %}
