-- Pours per device and (UTC) day: one pass over the tap events that the device summary
-- (int_devices__tap_activity) and the ML device-anomaly detector both read. Float measures
-- are aggregated as fixed-point integers (1/1000 of a unit): exact, so every rebuild gives the
-- same figures. An anomalous pour is one too warm (over 4 °C above its product's mean that
-- day) or at low pressure (under 70% of that mean).
--
-- Incremental (the append of `advance`, docs/timeline.md): a day's rows depend on that day's
-- pours alone, so an advance copies the published days before `append_from` (meta below)
-- and adds the days from it; a build makes every day (--full-refresh).
--
-- PostgreSQL estimates the pours joined to their day's norms at a few million of prod's 200M
-- and would sort them all for the group-by (tens of GB of temporary files, which filled the
-- disk in a prod build): sorting is turned off for this model, so it hashes the device-days.
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='tapped_date',
    meta={'append': {'day_column': 'tapped_date', 'days_before': 0}},
    pre_hook="set local enable_sort = off",
) }}
{#- The pours read: every one, or in an advance those from append_from on. Written out in each
    CTE that reads them, not as a CTE of its own: a CTE read twice is materialised, which
    spilled prod's 200M pours to disk (and filled it). -#}
{% set pours %}
    {{ ref('stg_app_database__tap_events') }}
    {%- if is_incremental() %} where tapped_at >= {{ append_from('tapped_date') }} {%- endif %}
{% endset %}
with product_norms as (
    select tapped_date, product_type,
           avg(round(temperature_c * 1000)::bigint) / 1000 as temp_norm,
           avg(round(pressure_psi * 1000)::bigint) / 1000 as psi_norm
    from {{ pours }}
    group by 1, 2
),
-- One pass over the events per device and day first: the hash aggregate over device-days is
-- what the per-device figures need (`active_days` is a count of them), where
-- `count(distinct tapped_date)` per device sorted all 204M prod events (17 GB of sort files).
device_days as (
    select
        t.device_id,
        t.tapped_date,
        count(*) as tap_events,
        count(*) filter (where t.temperature_c > n.temp_norm + 4
                            or t.pressure_psi < 0.7 * n.psi_norm) as anomalous_events,
        sum(round(t.volume_ml * 1000)::bigint) as volume_microlitres,
        min(t.tapped_at) as first_tap_at,
        max(t.tapped_at) as last_tap_at
    from (select * from {{ pours }}) t
    join product_norms n using (tapped_date, product_type)
    group by 1, 2
)
select * from device_days
