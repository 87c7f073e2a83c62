"""Services stop when asked: the embedded PostgreSQL on `db stop`, the Dagster UI on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import psutil
import pytest

from saas_datagen.warehouse import server


def cli(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "saas_datagen.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.fixture()
def private_home(tmp_path):
    """A project home of its own: its own embedded server, never the suite's."""
    env = {k: v for k, v in os.environ.items() if k != server.DATABASE_URL_VAR}
    env[server.HOME_VAR] = str(tmp_path / "home")
    return env


def postmaster_pid(env: dict[str, str]) -> int:
    pid_file = os.path.join(env[server.HOME_VAR], "pgdata", "postmaster.pid")
    with open(pid_file) as f:
        return int(f.readline())


def test_db_stop_stops_the_embedded_server_even_when_a_user_was_killed(private_home):
    assert cli("db", "url", env=private_home).returncode == 0  # starts the server
    pid = postmaster_pid(private_home)
    # A process that opened the server and died without letting go (kill -9 of a build):
    # pgserver keeps its handle and would never stop the server.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from saas_datagen.warehouse import server; server.server_url(); "
            "import time; time.sleep(600)",
        ],
        env=private_home,
    )
    time.sleep(3)
    holder.kill()
    holder.wait()
    result = cli("db", "stop", env=private_home)
    assert result.returncode == 0 and "embedded PostgreSQL stopped" in result.stdout
    assert not psutil.pid_exists(pid)
    assert cli("db", "stop", env=private_home).stdout.strip() == (
        "embedded PostgreSQL is not running"
    )
    # and it starts again on the next command
    assert cli("db", "url", env=private_home).returncode == 0
    assert psutil.pid_exists(postmaster_pid(private_home))
    assert cli("db", "stop", env=private_home).returncode == 0


def _settings(env: dict[str, str], *names: str) -> list[str]:
    code = (
        "import psycopg; from saas_datagen.warehouse import server; "
        "c = psycopg.connect(server.server_url()); "
        f"print(*[c.execute('SELECT current_setting(%s)', (n,)).fetchone()[0] for n in {names!r}])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_embedded_server_is_set_up_for_bulk_loads_and_restarts_only_when_unused(
    private_home,
):
    names = ("wal_level", "shared_buffers", "maintenance_work_mem")
    assert _settings(private_home, *names) == ["minimal", "1GB", "1GB"]
    # A user's edit of the settings file is replaced at the next start, but a server some
    # command is connected to is not restarted under it: the restart waits.
    data_dir = os.path.join(private_home[server.HOME_VAR], "pgdata")
    conf = os.path.join(data_dir, server.EMBEDDED_CONF)
    with open(conf, "w") as out:
        out.write("wal_level = 'replica'\nmax_wal_senders = '10'\n")
    assert cli("db", "stop", env=private_home).returncode == 0
    assert cli("db", "url", env=private_home).returncode == 0  # restarts once, as configured
    assert _settings(private_home, "wal_level") == ["minimal"]
    with open(conf, "w") as out:
        out.write("shared_buffers = '256MB'\n")
    assert cli("db", "stop", env=private_home).returncode == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import psycopg, time; from saas_datagen.warehouse import server; "
            "import pgserver; u = pgserver.get_server(server.embedded_data_dir(), "
            "cleanup_mode=None).get_uri(); c = psycopg.connect(u); print('up', flush=True); "
            "time.sleep(600)",
        ],
        env=private_home,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "up"
        pid = postmaster_pid(private_home)
        assert _settings(private_home, "shared_buffers") == ["256MB"]
        assert postmaster_pid(private_home) == pid  # not restarted under the holder
    finally:
        holder.kill()
        holder.wait()
    assert _settings(private_home, "shared_buffers") == ["1GB"]  # the next start applies it
    assert cli("db", "stop", env=private_home).returncode == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
@pytest.mark.postgres
def test_ui_stops_every_dagster_process_on_sigterm(server_url):
    port = free_port()
    ui = subprocess.Popen(
        [sys.executable, "-m", "saas_datagen.cli", "ui", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while True:
            assert ui.poll() is None, "the UI exited on its own"
            assert time.monotonic() < deadline, "the UI did not come up"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2):
                    break
            except OSError:
                time.sleep(1)
        tree = psutil.Process(ui.pid).children(recursive=True)
        assert len(tree) >= 2  # dagster dev and its webserver, daemon, code server
        ui.send_signal(signal.SIGTERM)
        ui.wait(timeout=90)
        _, alive = psutil.wait_procs(tree, timeout=30)
        assert alive == []
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2)
    finally:
        if ui.poll() is None:
            os.killpg(ui.pid, signal.SIGKILL)


def test_a_service_that_ignores_the_stop_signal_is_killed_after_the_grace_period(tmp_path):
    from saas_datagen.cli import run_supervised

    stubborn = "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); time.sleep(120)"
    threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGTERM)).start()
    started = time.monotonic()
    assert run_supervised([sys.executable, "-c", stubborn], tmp_path, grace_s=2.0) == 0
    assert time.monotonic() - started < 10
