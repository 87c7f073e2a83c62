-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Deal versions (Fivetran history mode): one per stage entered.
with source as (
    select * from {{ source('pipedrive', 'pipedrive_deal_history') }}
),

renamed as (
    select
        "id" as deal_id,
        "_fivetran_start",
        "_fivetran_end",
        "_fivetran_active",
        "stage_id",
        "status",
        "value",
        "currency",
        "owner_id",
        "stage_change_time",
        "update_time",
        "_fivetran_synced"
    from source
)

select * from renamed
