-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Current list memberships of the recipients.
select
    "_fivetran_id",
    "list_id",
    "index",
    "_fivetran_synced"
from {{ source('iterable', 'iterable_list_user') }}
