-- The customer-success manager of each customer account: the HubSpot owner of its company.
select
    c.tapflow_account_id as account_id,
    o.owner_id as csm_owner_id,
    o.first_name || ' ' || o.last_name as csm
from {{ ref('stg_hubspot__company') }} c
join {{ ref('stg_hubspot__owner') }} o on o.owner_id = c.hubspot_owner_id
where c.tapflow_account_id is not null
