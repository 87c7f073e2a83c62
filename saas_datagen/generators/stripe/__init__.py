"""Stripe, shaped like the Fivetran Stripe connector lands it."""
