"""Which PostgreSQL server to use: DATABASE_URL if set, else a project-local embedded one.

The embedded server (the `pgserver` package ships real PostgreSQL binaries) lives in
`.tapflow/pgdata` under the project and is left running between commands, so later
commands reuse it at once; `saas-datagen db stop` stops it.
"""

from __future__ import annotations

import logging
import os
import signal
import time
import warnings
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from saas_datagen.errors import UserFacingError
from saas_datagen.processes import alive

DATABASE_URL_VAR = "DATABASE_URL"
HOME_VAR = "TAPFLOW_HOME"
DATABASE_PREFIX_VAR = "DATAGEN_DB_PREFIX"
DEFAULT_DATABASE_PREFIX = "saas_platform"
DAGSTER_DATABASE = "dagster"
CONNECT_TIMEOUT_S = 5


def project_home() -> Path:
    """Where local state (embedded data directory, Dagster home) lives."""
    configured = os.environ.get(HOME_VAR)
    if configured:
        return Path(configured).resolve()
    return Path(__file__).resolve().parents[2] / ".tapflow"


def embedded_data_dir() -> Path:
    return project_home() / "pgdata"


# The embedded server is a private warehouse written in bulk, so it is set up for that
# (`tapflow.conf` in its data directory, included by postgresql.conf): the loader creates each
# table and COPYs into it in one transaction, which wal_level=minimal writes without WAL (the
# table is fsynced at commit instead: still crash-safe, only no replication or point-in-time
# recovery); checkpoints every 4 GB of WAL instead of 1 (not more: pg_wal holds that much, and
# a prod build leaves little disk); memory for the primary keys and indexes of 200M-row
# tables; room in the lock table, which every database shares, for the drop of a retired
# version (1,700 raw relations at dev, each locked with its types) beside another
# environment's build (64 per connection ran out: a dev publish beside the prod load failed
# "out of shared memory", and so did the load).
# Query memory (work_mem) stays PostgreSQL's: the dbt models' plans were measured with it.
# A server at DATABASE_URL is the user's to tune.
EMBEDDED_SETTINGS = {
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "30min",
    "shared_buffers": "1GB",
    "maintenance_work_mem": "1GB",
    "max_locks_per_transaction": "1024",
}
# Of them, those a running server takes only at its next start.
RESTART_SETTINGS = ("wal_level", "max_wal_senders", "shared_buffers", "max_locks_per_transaction")
EMBEDDED_CONF = "tapflow.conf"


def _embedded_conf_text() -> str:
    lines = [f"{name} = '{value}'" for name, value in EMBEDDED_SETTINGS.items()]
    return (
        "# Written by saas_datagen (warehouse/server.py); edits are replaced.\n"
        + "\n".join(lines)
        + "\n"
    )


def _configure_embedded(data_dir: Path) -> None:
    """Write the embedded server's settings where its postgresql.conf includes them."""
    conf = data_dir / EMBEDDED_CONF
    main = data_dir / "postgresql.conf"
    include = f"include_if_exists = '{EMBEDDED_CONF}'"
    if include not in main.read_text():
        with main.open("a") as out:
            out.write(f"\n{include}\n")
    text = _embedded_conf_text()
    if not conf.exists() or conf.read_text() != text:
        conf.write_text(text)


def _get_embedded() -> str:
    import pgserver

    data_dir = embedded_data_dir()
    try:
        server = pgserver.get_server(data_dir, cleanup_mode=None)
    except Exception as exc:  # pgserver raises plain exceptions with the pg_ctl log
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserFacingError(
            f"could not start the embedded PostgreSQL in {data_dir}: {reason}"
        ) from exc
    return server.get_uri()


def _restart_applies_settings(url: str) -> bool:
    """Reload the settings; True if some wait for a restart (wal_level, shared_buffers) and
    no other command is connected (a build or the UI is never cut off: they wait for the
    next start)."""
    with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True) as conn:
        conn.execute("SELECT pg_reload_conf()")
        pending = [
            name
            for name in RESTART_SETTINGS
            if conn.execute("SELECT current_setting(%s)", (name,)).fetchone()[0]
            != EMBEDDED_SETTINGS[name]
        ]
        (others,) = conn.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
        ).fetchone()
    return bool(pending) and others == 0


def _start_embedded() -> str:
    data_dir = embedded_data_dir()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        logging.getLogger("pgserver").setLevel(logging.WARNING)
        url = _get_embedded()
        _configure_embedded(data_dir)
        if _restart_applies_settings(url):
            stop_embedded()
            # pgserver keeps one handle per data directory in the process: forget the
            # stopped server's so that the next call starts it again.
            pgserver.PostgresServer._instances.pop(data_dir.resolve(), None)
            url = _get_embedded()
    return url


def stop_embedded(timeout_s: float = 30.0) -> bool:
    """Stop the embedded server, whoever else started it; False if it was not running.

    pgserver only stops when the last process that opened it lets go, and a process that was
    killed never does, so this asks the postmaster itself for a fast shutdown (SIGINT: roll
    back open transactions, then exit), waits, and forgets every stale handle."""
    data_dir = embedded_data_dir()
    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().split()[0])
    for signum in (signal.SIGINT, signal.SIGQUIT):  # fast, then immediate shutdown
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + timeout_s
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if not alive(pid):
            break
    if alive(pid):
        raise UserFacingError(f"the embedded PostgreSQL (pid {pid}) did not stop")
    (data_dir / ".handle_pids.json").unlink(missing_ok=True)
    return True


def is_embedded(url: str) -> bool:
    """Whether `url` points at the project's own server (its socket is in the data dir)."""
    return conninfo_to_dict(url).get("host") == str(embedded_data_dir())


def server_url(explicit: str | None = None) -> str:
    """The maintenance URL of the server to use (explicit > DATABASE_URL > embedded)."""
    url = explicit or os.environ.get(DATABASE_URL_VAR, "").strip()
    if not url:
        return _start_embedded()
    try:
        conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise UserFacingError(f"DATABASE_URL is not a valid PostgreSQL URL: {exc}") from None
    return url


def database_name(env: str) -> str:
    prefix = os.environ.get(DATABASE_PREFIX_VAR, DEFAULT_DATABASE_PREFIX)
    return f"{prefix}_{env}"


def dagster_database_name() -> str:
    """`dagster`, or `<prefix>_dagster` under another prefix (the tests' runs stay apart)."""
    prefix = os.environ.get(DATABASE_PREFIX_VAR, DEFAULT_DATABASE_PREFIX)
    return DAGSTER_DATABASE if prefix == DEFAULT_DATABASE_PREFIX else f"{prefix}_dagster"


def with_database(url: str, dbname: str) -> str:
    params = conninfo_to_dict(url)
    params["dbname"] = dbname
    return make_conninfo("", **params)


def connect(url: str, schema: str | None = None, **kwargs) -> psycopg.Connection:
    """A connection; with `schema`, unqualified table names resolve in that schema only."""
    if schema is not None:
        kwargs["options"] = f"-c search_path={schema}"
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, **kwargs)
    except psycopg.OperationalError as exc:
        host = conninfo_to_dict(url).get("host", "localhost")
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        reason = lines[0].removeprefix("connection failed: ") if lines else type(exc).__name__
        raise UserFacingError(f"cannot connect to PostgreSQL at {host}: {reason}") from None


def _database_exists(conn: psycopg.Connection, dbname: str) -> bool:
    return (
        conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        is not None
    )


def database_exists(url: str, dbname: str) -> bool:
    """Whether the server at `url` has a database `dbname`."""
    with connect(url) as conn:
        return _database_exists(conn, dbname)


def ensure_database(url: str, dbname: str) -> str:
    """Create `dbname` on the server if missing; return its URL."""
    with connect(url, autocommit=True) as conn:
        if not _database_exists(conn, dbname):
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    return with_database(url, dbname)


def libpq_env(url: str) -> dict[str, str]:
    """The connection as SAAS_PG_* variables, read by dbt's profiles.yml."""
    params = conninfo_to_dict(url)
    return {
        "SAAS_PG_HOST": str(params.get("host", "localhost")),
        "SAAS_PG_PORT": str(params.get("port", "5432")),
        "SAAS_PG_USER": str(params.get("user", os.environ.get("USER", "postgres"))),
        "SAAS_PG_PASSWORD": str(params.get("password", "")),
        "SAAS_PG_DATABASE": str(params.get("dbname", "postgres")),
    }


def sqlalchemy_url(url: str) -> str:
    """The same connection as a SQLAlchemy URL (the form Dagster storage takes)."""
    params = conninfo_to_dict(url)
    host = str(params.pop("host", "localhost"))
    user = quote(str(params.pop("user", "postgres")), safe="")
    password = quote(str(params.pop("password", "")), safe="")
    dbname = params.pop("dbname", "postgres")
    port = params.pop("port", None)
    if host.startswith("/"):
        params["host"] = host
        netloc = f"{user}:{password}@"
    else:
        netloc = f"{user}:{password}@{host}" + (f":{port}" if port else "")
    query = f"?{urlencode(params)}" if params else ""
    # dagster-postgres speaks psycopg2; SQLAlchemy 2.1 would otherwise pick psycopg 3.
    return f"postgresql+psycopg2://{netloc}/{dbname}{query}"


def describe(url: str) -> str:
    host = str(conninfo_to_dict(url).get("host", "localhost"))
    if host == str(embedded_data_dir()):
        return f"embedded PostgreSQL ({embedded_data_dir()})"
    return f"PostgreSQL at {host}:{conninfo_to_dict(url).get('port', 5432)}"
