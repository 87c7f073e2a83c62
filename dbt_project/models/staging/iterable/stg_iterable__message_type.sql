-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Iterable message types (what recipients subscribe to) per channel.
select
    "id",
    "name",
    "channel_id",
    "subscription_policy",
    "frequency_cap",
    "rate_limit_per_minute",
    "created_at",
    "updated_at",
    "_fivetran_deleted",
    "_fivetran_synced"
from {{ source('iterable', 'iterable_message_type') }}
