"""Every size and distribution the generators use, in one place."""
