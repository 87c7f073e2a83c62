-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Leads: every form fill (with form type, trial path, source) and purchased leads.
with source as (
    select * from {{ source('pipedrive', 'pipedrive_lead') }}
),

renamed as (
    select
        "id" as lead_id,
        "title",
        "person_name",
        "organization_name",
        "email",
        "form_type",
        "trial_path",
        "lifecycle_stage",
        "source",
        "sales_priority",
        "expected_activities",
        "form_submission_id",
        "tapflow_account_id",
        "add_time",
        "update_time",
        "is_archived"
    from source
)

select * from renamed
