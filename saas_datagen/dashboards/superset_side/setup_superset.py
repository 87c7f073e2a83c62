"""Inside .venv-superset: register permissions and roles (what `superset init` does), make
sure the admin user exists with the launcher's password, and import the asset bundles.

Usage: python setup_superset.py REQUEST.json  (written by saas_datagen.dashboards.service)
Prints one JSON line: {"dashboards": {slug: id}}.
"""

from __future__ import annotations

import json
import logging
import sys


def main(request_path: str) -> int:
    with open(request_path) as handle:
        request = json.load(handle)
    logging.disable(logging.WARNING)  # Superset logs every permission it registers
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from flask import g
        from superset import db, security_manager
        from superset.commands.importers.v1.assets import ImportAssetsCommand
        from superset.extensions import appbuilder
        from superset.models.dashboard import Dashboard

        appbuilder.add_permissions(update_perms=True)
        security_manager.sync_role_definitions()
        admin = request["admin"]
        user = security_manager.find_user(username=admin["username"])
        if user is None:
            user = security_manager.add_user(
                username=admin["username"],
                first_name="TapFlow",
                last_name="Admin",
                email=admin["email"],
                role=security_manager.find_role("Admin"),
                password=admin["password"],
            )
            if not user:
                print(json.dumps({"error": "could not create the admin user"}))
                return 1
        else:
            security_manager.reset_password(user.id, admin["password"])
        db.session.commit()
        g.user = user
        for bundle in request["bundles"]:
            ImportAssetsCommand(bundle["files"], passwords=bundle.get("passwords", {})).run()
        slugs = [slug for bundle in request["bundles"] for slug in bundle["slugs"]]
        found = db.session.query(Dashboard.slug, Dashboard.id).filter(Dashboard.slug.in_(slugs))
        print(json.dumps({"dashboards": dict(found)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
