-- What each user role may do in the app; one row per (role, permission).
with source as (
    select * from {{ source('app_database', 'app_database_role_permissions') }}
),

renamed as (
    select
        role,
        permission,
        description as permission_description,
        permission like 'manage_%' as is_management_permission
    from source
)

select * from renamed
