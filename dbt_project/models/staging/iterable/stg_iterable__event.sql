-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Email events: sends, opens and clicks (every email session had a click).
select
    "_fivetran_id",
    "event_name",
    "email",
    "campaign_id",
    "message_id",
    "created_at",
    "url",
    "_fivetran_synced"
from {{ source('iterable', 'iterable_event') }}
