"""HubSpot, shaped like Fivetran's hubspot connector: every table derives from the CRM story
(`go_to_market.crm`), the same owners, contacts, companies, deals, engagements and tickets, so
the Fivetran package's reports agree with our marts. A module per part of the connector."""

from saas_datagen.generators.hubspot import (
    crm_objects,
    email,
    engagements,
    marketing,
    property_history,
    tickets,
    workspace,
)
from saas_datagen.schema import TableSpec

SPECS: tuple[TableSpec, ...] = (
    *crm_objects.SPECS,
    *workspace.SPECS,
    *engagements.SPECS,
    *tickets.SPECS,
    *property_history.SPECS,
    *email.SPECS,
    *marketing.SPECS,
)
