"""Go-to-market sources: ads, web and product analytics, HubSpot and Pipedrive."""
