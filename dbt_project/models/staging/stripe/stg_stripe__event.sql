select
    id as event_id,
    type as event_type,
    split_part(type, '.', 1) as object_family,
    object_id,
    data::json -> 'object' ->> 'status' as object_status,
    created as created_at,
    request_id,
    api_version
from {{ source('stripe', 'stripe_event') }}
where livemode
