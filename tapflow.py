#!/usr/bin/env python3
"""Bootstrap for a fresh machine: needs only Python 3.11+.

    python3 tapflow.py build [--env dev ...]   create .venv if needed, then build a warehouse
    python3 tapflow.py test [pytest args]       create .venv if needed, then run the test suite
    python3 tapflow.py <any saas-datagen command>

The virtual environment is (re)installed from requirements.lock only when the lockfile or
pyproject.toml changed, so later calls start at once.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".tapflow-installed"
UV_VERSION = "0.13.8"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.lock", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def _run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"tapflow: setup step failed ({' '.join(cmd[:3])} ...), exit {result.returncode}")


def ensure_environment() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs before the venv exists
        sys.exit(f"tapflow: Python 3.11+ is required, this is {sys.version.split()[0]}")
    wanted = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("tapflow: installing the pinned environment into .venv (first run only) ...", flush=True)
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    python = str(BIN / "python")
    _run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", f"uv=={UV_VERSION}"])
    uv = str(BIN / "uv")
    _run([uv, "pip", "sync", "-q", "--python", python, "requirements.lock"])
    _run([uv, "pip", "install", "-q", "--python", python, "--no-deps", "-e", "."])
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    ensure_environment()
    if argv[:1] == ["test"]:
        cmd = [str(BIN / "python"), "-m", "pytest", *argv[1:]]
    else:
        cmd = [str(BIN / "saas-datagen"), *argv]
    child = subprocess.Popen(cmd, cwd=ROOT)
    # Ctrl-C reaches the child from the terminal; a SIGTERM or SIGHUP sent to this bootstrap
    # alone is passed on, so `kill <pid>` stops the whole command (and its services).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda s, f: child.send_signal(s))
    return child.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
