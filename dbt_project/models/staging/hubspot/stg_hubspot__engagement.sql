-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Engagements (calls, emails, meetings, notes, tasks) with contact, company and deal.
with source as (
    select * from {{ source('hubspot', 'hubspot_engagement') }}
),

renamed as (
    select
        "id" as engagement_id,
        "portal_id",
        "type",
        "active",
        "owner_id",
        "contact_id",
        "company_id",
        "deal_id",
        "created_at",
        "timestamp",
        "_fivetran_synced"
    from source
)

select * from renamed
