-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Marketing-qualified leads: the most sales-ready form fills.
with source as (
    select * from {{ source('marketing', 'marketing_qualified_leads') }}
),

renamed as (
    select
        "mql_id",
        "lead_id",
        "email",
        "company_name",
        "form_type",
        "trial_path",
        "lifecycle_stage",
        "source",
        "medium",
        "campaign_name",
        "lead_created_at",
        "qualified_at"
    from source
)

select * from renamed
