-- One row per change of a location's installed base: opening, then every device install.
with changes as (
    select location_id, opened_at as changed_at, 0 as installed from {{ ref('stg_app_database__locations') }}
    union all
    select location_id, installed_at, 1 from {{ ref('stg_app_database__devices') }}
),
running as (
    select location_id, changed_at,
           sum(installed) over (partition by location_id order by changed_at
                                rows between unbounded preceding and current row) as devices_installed,
           row_number() over (partition by location_id, changed_at order by installed desc) as pick
    from changes
)
select
    location_id,
    changed_at as valid_from,
    lead(changed_at) over (partition by location_id order by changed_at) as valid_to,
    lead(changed_at) over (partition by location_id order by changed_at) is null as is_current,
    devices_installed
from (
    -- several installs at one instant: keep the row that counts them all
    select distinct on (location_id, changed_at) location_id, changed_at, devices_installed
    from running
    order by location_id, changed_at, devices_installed desc
) r
