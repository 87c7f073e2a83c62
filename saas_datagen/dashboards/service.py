"""Apache Superset for the team dashboards: installed into its own virtualenv on first use,
its metadata in the `superset` database of the warehouse's PostgreSQL server, every built
environment registered as a database with its six dashboards imported from the specs."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from saas_datagen.config.environments import ENVIRONMENTS
from saas_datagen.dashboards.bundle import Target, build_bundle, dashboard_slug
from saas_datagen.dashboards.spec import (
    SPEC_DIR,
    Dashboard,
    check_against_warehouse,
    load_dashboards,
)
from saas_datagen.errors import UserFacingError
from saas_datagen.warehouse import server, versions

REPO_ROOT = Path(__file__).resolve().parents[2]
SUPERSET_FILES = REPO_ROOT / "dashboards" / "superset"
VENV = REPO_ROOT / ".venv-superset"
BIN = VENV / "bin"
SIDE_SCRIPTS = Path(__file__).resolve().parent / "superset_side"
DEFAULT_PORT = 8088
ADMIN_USER = "admin"
METADATA_DATABASE = "superset"


def log(message: str) -> None:
    print(f"dashboards: {message}", file=sys.stderr, flush=True)


def state_dir() -> Path:
    path = server.project_home() / "superset"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret(name: str) -> str:
    """A value generated once per checkout and kept in .tapflow/superset (never committed)."""
    path = state_dir() / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    return path.read_text().strip()


def admin_password() -> str:
    return _secret("admin-password")


def ensure_superset() -> None:
    """Install Superset's pinned environment into .venv-superset unless it is current."""
    lock = SUPERSET_FILES / "requirements.lock"
    wanted = hashlib.sha256(lock.read_bytes() + sys.version.encode()).hexdigest()
    stamp = VENV / ".tapflow-installed"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    log("installing Apache Superset 6.1.0 into .venv-superset (first use only, a few minutes) ...")
    uv = Path(sys.executable).parent / "uv"
    for cmd in (
        [str(uv), "venv", "-q", "--allow-existing", "--python", sys.executable, str(VENV)],
        [str(uv), "pip", "sync", "-q", "--python", str(BIN / "python"), str(lock)],
    ):
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
            raise UserFacingError("installing Superset failed: " + " / ".join(tail))
    stamp.write_text(wanted)


def ensure_chromium() -> str:
    """Debian's chromium, installed with apt-get on first use when we may (root)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing Debian's chromium for the browser check (first use only) ...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "chromium"]):
            result = subprocess.run(cmd, capture_output=True, text=True, env=env)
            if result.returncode != 0:
                tail = result.stderr.strip().splitlines()[-2:]
                raise UserFacingError("installing chromium failed: " + " / ".join(tail))
        if path := shutil.which("chromium"):
            return path
    raise UserFacingError(
        "the dashboard check needs Chromium: install Debian's `chromium` package "
        "(sudo apt-get install chromium) or put chromium on PATH"
    )


def _without_password(sqlalchemy_url: str) -> tuple[str, str]:
    """Split a SQLAlchemy URL into (URL without password, password): Superset keeps the
    password apart, encrypted, and shows the URL."""
    parts = urlsplit(sqlalchemy_url)
    userinfo, _, host = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    netloc = f"{user}@{host}" if user else host
    return urlunsplit(parts._replace(netloc=netloc)), password


@dataclass(frozen=True)
class Registered:
    target: Target
    dashboards: list[Dashboard]


def built_environments(url: str) -> list[str]:
    with server.connect(url, autocommit=True) as conn:
        names = {row[0] for row in conn.execute("SELECT datname FROM pg_database")}
    built = []
    for env in ENVIRONMENTS:
        if server.database_name(env) not in names:
            continue
        if versions.published_build(server.with_database(url, server.database_name(env))):
            built.append(env)
    return built


def warehouse_columns(env_url: str, datasets: list[str]) -> dict[str, dict[str, str]]:
    pairs = [tuple(d.split(".")) for d in datasets]
    with server.connect(env_url) as conn:
        rows = conn.execute(
            "SELECT table_schema, table_name, column_name, data_type"
            " FROM information_schema.columns"
            " WHERE (table_schema, table_name) IN (SELECT * FROM unnest(%s::text[], %s::text[]))"
            " ORDER BY table_schema, table_name, ordinal_position",
            ([p[0] for p in pairs], [p[1] for p in pairs]),
        ).fetchall()
    columns: dict[str, dict[str, str]] = {}
    for schema, table, column, data_type in rows:
        columns.setdefault(f"{schema}.{table}", {})[column] = data_type
    return columns


class Superset:
    """One Superset installation serving the dashboards of the built environments."""

    def __init__(
        self, database_url: str | None, envs: list[str] | None = None, spec_dir: Path = SPEC_DIR
    ) -> None:
        self.server_url = server.server_url(database_url)
        self.requested_envs = envs
        self.spec_dir = spec_dir
        self.envs: list[str] = []  # what prepare() registered

    def environment(self) -> dict[str, str]:
        metadata_db = _metadata_database_name()
        server.ensure_database(self.server_url, metadata_db)
        home = state_dir() / "home"
        home.mkdir(exist_ok=True)
        return {
            **os.environ,
            "SUPERSET_CONFIG_PATH": str(SUPERSET_FILES / "superset_config.py"),
            "SUPERSET_HOME": str(home),
            "TAPFLOW_SUPERSET_SECRET_KEY": _secret("secret-key"),
            "TAPFLOW_SUPERSET_METADATA_URI": server.sqlalchemy_url(
                server.with_database(self.server_url, metadata_db)
            ),
            "FLASK_APP": "superset.app:create_app()",
            "PYTHONWARNINGS": "ignore",
        }

    def registrations(self) -> list[Registered]:
        built = built_environments(self.server_url)
        envs = self.requested_envs or built
        for env in envs:
            if env not in built:
                raise UserFacingError(
                    f"`{env}` has no published warehouse; build it first: "
                    f"python3 tapflow.py build --env {env}"
                )
        if not envs:
            raise UserFacingError(
                "no environment is built yet; build one first: python3 tapflow.py build"
            )
        dashboards = load_dashboards(self.spec_dir)
        registered = []
        for env in envs:
            env_url = server.with_database(self.server_url, server.database_name(env))
            uri, password = _without_password(server.sqlalchemy_url(env_url))
            registered.append(Registered(Target(env, uri, password), dashboards))
        return registered

    def prepare(self) -> dict[str, int]:
        """Install, migrate the metadata database, sync roles, ensure the admin, import every
        registered environment's dashboards. Returns {dashboard slug: id}."""
        registrations = self.registrations()  # a user's mistake fails before any install
        self.envs = [reg.target.env for reg in registrations]
        bundles = []
        for reg in registrations:
            env_url = server.with_database(self.server_url, server.database_name(reg.target.env))
            datasets = sorted({c.dataset for d in reg.dashboards for c in d.charts})
            columns = warehouse_columns(env_url, datasets)
            check_against_warehouse(reg.dashboards, columns)
            files = build_bundle(reg.dashboards, reg.target, columns)
            passwords = (
                {"databases/tapflow.yaml": reg.target.password} if reg.target.password else {}
            )
            bundles.append(
                {
                    "env": reg.target.env,
                    "files": files,
                    "passwords": passwords,
                    "slugs": [dashboard_slug(reg.target.env, d) for d in reg.dashboards],
                }
            )
        ensure_superset()
        env = self.environment()
        log("upgrading the Superset metadata database ...")
        self._run([str(BIN / "superset"), "db", "upgrade"], env, "superset db upgrade")
        log(
            f"importing {sum(len(b['slugs']) for b in bundles)} dashboards for "
            f"{', '.join(b['env'] for b in bundles)} ..."
        )
        request = state_dir() / "setup-request.json"
        request.write_text(
            json.dumps(
                {
                    "admin": {
                        "username": ADMIN_USER,
                        "password": admin_password(),
                        "email": "admin@tapflow.example",
                    },
                    "bundles": bundles,
                }
            )
        )
        request.chmod(0o600)
        try:
            out = self._run(
                [str(BIN / "python"), str(SIDE_SCRIPTS / "setup_superset.py"), str(request)],
                env,
                "importing the dashboards",
            )
        finally:
            request.unlink(missing_ok=True)
        result = json.loads(out.strip().splitlines()[-1])
        if "error" in result:
            raise UserFacingError(f"Superset setup failed: {result['error']}")
        return result["dashboards"]

    def _run(self, cmd: list[str], env: dict[str, str], what: str) -> str:
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=state_dir())
        log_file = state_dir() / "setup.log"
        log_file.write_text(result.stdout + result.stderr)
        if result.returncode != 0:
            lines = [ln for ln in result.stderr.strip().splitlines() if ln.strip()]
            raise UserFacingError(
                f"{what} failed: {lines[-1] if lines else 'exit ' + str(result.returncode)} "
                f"(full output: {log_file})"
            )
        return result.stdout

    def server_command(self, port: int, host: str = "127.0.0.1") -> list[str]:
        return [
            str(BIN / "gunicorn"),
            "--bind",
            f"{host}:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--timeout",
            "300",
            "--log-level",
            "warning",
            "superset.app:create_app()",
        ]

    def start(self, port: int) -> subprocess.Popen:
        """Start the web server in the background and wait until it answers."""
        require_free_port(port)
        log_path = state_dir() / "server.log"
        handle = open(log_path, "w")  # noqa: SIM115 - the child owns it
        process = subprocess.Popen(
            self.server_command(port),
            env=self.environment(),
            stdout=handle,
            stderr=subprocess.STDOUT,
            cwd=state_dir(),
            start_new_session=True,
        )
        wait_healthy(port, process, log_path)
        return process


def _metadata_database_name() -> str:
    """`superset`, or `<prefix>_superset` under another database prefix (tests stay apart)."""
    dagster = server.dagster_database_name()
    return (
        METADATA_DATABASE
        if dagster == server.DAGSTER_DATABASE
        else dagster.replace(server.DAGSTER_DATABASE, METADATA_DATABASE)
    )


def require_free_port(port: int) -> None:
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", port)) == 0:
            raise UserFacingError(
                f"port {port} is in use (is Superset already running?); stop it or pass --port"
            )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(
    port: int, process: subprocess.Popen, log_path: Path, timeout_s: float = 180
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise UserFacingError(
                f"Superset's web server exited (exit {process.returncode}); see {log_path}"
            )
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    process.terminate()
    raise UserFacingError(
        f"Superset did not answer on port {port} within {timeout_s:.0f} s; see {log_path}"
    )


def stop(process: subprocess.Popen, timeout_s: float = 20) -> None:
    if process.poll() is None:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
