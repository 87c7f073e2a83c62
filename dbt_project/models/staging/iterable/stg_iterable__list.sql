-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Iterable lists: newsletter subscribers, lapsed trials, customers.
select
    "id",
    "name",
    "list_type",
    "description",
    "created_at",
    "_fivetran_deleted",
    "_fivetran_synced"
from {{ source('iterable', 'iterable_list') }}
