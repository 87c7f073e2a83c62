{#- Device health in [0, 1], a weighted sum of four parts (weights sum to 1):
      0.35  pour frequency vs devices of the same venue type: r / (r + 0.5), so a device
            pouring like its peers scores 0.67 and a busy one approaches 1
      0.30  uptime: share of expected heartbeats received over the telemetry window
      0.20  quality: 1 - 10 x share of anomalous pours/readings (0 when nothing was measured)
      0.15  status: online 1, maintenance 0.5, offline decaying with days since last seen
    Deterministic: no random(). -#}
{% macro calculate_device_health_score(frequency_ratio, uptime_ratio, anomaly_rate, status,
                                       days_since_seen, has_data) -%}
    round(least(1, greatest(0,
        0.35 * (coalesce({{ frequency_ratio }}, 0) / (coalesce({{ frequency_ratio }}, 0) + 0.5))
      + 0.30 * least(1, coalesce({{ uptime_ratio }}, 0))
      + 0.20 * (case when {{ has_data }}
                     then greatest(0, 1 - 10 * coalesce({{ anomaly_rate }}, 0)) else 0 end)
      + 0.15 * (case {{ status }} when 'online' then 1 when 'maintenance' then 0.5
                 else exp(-greatest(0, {{ days_since_seen }}) / 14.0) end)
    ))::numeric, 4)
{%- endmacro %}
