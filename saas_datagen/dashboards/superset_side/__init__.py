"""Scripts run by Superset's own interpreter (.venv-superset), never imported by saas_datagen:
they may import only Superset, Playwright and the standard library."""
