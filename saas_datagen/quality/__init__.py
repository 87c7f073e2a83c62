"""Data-quality rules (the validation checklist) as SQL over the loaded warehouse."""
