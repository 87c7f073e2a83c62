"""The command line: help, clear one-line errors for user mistakes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from saas_datagen.cli import build_parser, main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "saas_datagen.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_explains_the_build_flags():
    text = build_parser().format_help()
    assert "build" in text
    result = run_cli("build", "--help")
    assert result.returncode == 0
    for flag in ("--env", "--seed", "--as-of", "--database-url"):
        assert flag in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["build", "--as-of", "2026-13-40"], "as_of must be a date"),
        (["build", "--seed", "minus one"], "seed must be a whole number"),
        (["build", "--env", "staging"], "invalid choice"),
        (
            ["build", "--as-of", "2026-11-22", "--story-end", "2026-10-01"],
            "is after the story's end",
        ),
        (["export", "--as-of", "2026-11-22", "--anchor", "2026-10-01"], "--anchor needs"),
        (
            [
                "build",
                "--as-of",
                "2026-10-01",
                "--story-end",
                "2026-11-22",
                "--anchor",
                "2026-10-05",
            ],
            "must fall on or before as_of",
        ),
    ],
)
def test_bad_flags_give_one_clear_error(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_is_one_line_not_a_traceback(capsys):
    code = main(["build", "--database-url", "postgresql://nobody@127.0.0.1:1/none"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("saas-datagen: error: cannot connect to PostgreSQL at 127.0.0.1")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.postgres
def test_fingerprinting_an_environment_never_built_says_so(capsys, monkeypatch, server_url):
    monkeypatch.setenv("DATAGEN_DB_PREFIX", "tapflow_test_never_built")
    code = main(["db", "fingerprint", "--env", "qa"])
    err = capsys.readouterr().err
    assert code == 2
    assert "`qa` has no published build to fingerprint" in err


def test_a_malformed_database_url_is_reported(capsys):
    code = main(["db", "url", "--database-url", "definitely not a url"])
    assert code == 2
    assert "not a valid PostgreSQL URL" in capsys.readouterr().err
