-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Email recipients: a version at sign-up and one per list joined later.
with source as (
    select * from {{ source('iterable', 'iterable_user_history') }}
),

renamed as (
    select
        "_fivetran_id",
        "updated_at",
        "email",
        "user_id",
        "iterable_user_id",
        "first_name",
        "last_name",
        "phone_number",
        "email_list_ids",
        "signup_date",
        "signup_source",
        "_fivetran_synced"
    from source
)

select * from renamed
