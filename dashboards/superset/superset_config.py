"""Superset configuration for `python3 tapflow.py dashboards` (SUPERSET_CONFIG_PATH points
here). The launcher settles every value and passes it in the environment."""

import logging
import os

SECRET_KEY = os.environ["TAPFLOW_SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = os.environ["TAPFLOW_SUPERSET_METADATA_URI"]

# Render every chart when the dashboard opens (not only those scrolled into view), so a
# screenshot or a reader scrolling down never meets a chart still waiting to load.
FEATURE_FLAGS = {"DASHBOARD_VIRTUALIZATION": False, "DASHBOARD_NATIVE_FILTERS": True}

# Local, single-user service on 127.0.0.1: no rate limiting of the login form, plain HTTP.
RATELIMIT_ENABLED = False
TALISMAN_ENABLED = False
WTF_CSRF_ENABLED = True
SQLLAB_TIMEOUT = 300
SUPERSET_WEBSERVER_TIMEOUT = 300
ROW_LIMIT = 50000
# Warnings and errors only on the console (the launcher prints what matters).
LOG_LEVEL = logging.WARNING
