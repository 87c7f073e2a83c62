"""Team dashboards as code: specs in `dashboards/*.yml`, served by Apache Superset.

`spec` reads and validates the definitions, `bundle` turns them into Superset's import
format, `service` installs, configures and runs Superset, `browser` checks the dashboards in
headless Chromium. `superset_side/` holds scripts that run inside Superset's own virtualenv.
"""
