-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Iterable channels: marketing and transactional email.
select
    "id",
    "name",
    "channel_type",
    "message_medium",
    "_fivetran_deleted",
    "_fivetran_synced"
from {{ source('iterable', 'iterable_channel') }}
