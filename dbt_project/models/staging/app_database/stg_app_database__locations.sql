select
    location_id,
    account_id,
    location_name,
    location_type,
    venue_type,
    street_address,
    city,
    state,
    postal_code,
    timezone,
    seating_capacity,
    opened_at
from {{ source('app_database', 'app_database_locations') }}
