-- Recurring add-ons billed with a subscription, per licensed location.
with source as (
    select * from {{ source('app_database', 'app_database_subscription_add_ons') }}
),

renamed as (
    select
        subscription_add_on_id,
        subscription_id,
        account_id,
        add_on,
        quantity,
        unit_amount_cents,
        amount_cents,
        started_at,
        ended_at
    from source
)

select * from renamed
