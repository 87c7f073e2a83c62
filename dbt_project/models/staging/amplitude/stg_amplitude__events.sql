-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Product analytics events: form fills, trial and conversion events, logins.
select
    "insert_id",
    "event_id",
    "event_type",
    "event_time",
    "user_id",
    "device_id",
    "session_id",
    "event_properties",
    "platform",
    "country"
from {{ source('amplitude', 'amplitude_events') }}
