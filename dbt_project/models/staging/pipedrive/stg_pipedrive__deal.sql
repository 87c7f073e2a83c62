-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Sales deals with the product SKU and the Stripe price they close on.
with source as (
    select * from {{ source('pipedrive', 'pipedrive_deal') }}
),

renamed as (
    select
        "id" as deal_id,
        "lead_id",
        "title",
        "value",
        "currency",
        "product_sku",
        "stripe_price_lookup_key",
        "stripe_price_id",
        "quantity",
        "trial_path",
        "source_form_type",
        "status",
        "tapflow_account_id",
        "owner_id",
        "add_time",
        "close_time",
        "won_time",
        "lost_time",
        "lost_reason"
    from source
)

select * from renamed
