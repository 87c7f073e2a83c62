"""TapFlow synthetic SaaS warehouse: generate, load, model and check."""
