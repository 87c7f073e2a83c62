"""The company's own application database."""
