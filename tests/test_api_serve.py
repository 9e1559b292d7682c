"""`dateline serve`: options, the warning when bound beyond this machine, and a real server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from dateline.api import server
from dateline.cli import app
from dateline.store import open_store
from test_api import corpus_facts


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("serve") / "serve.db")
    with open_store(path) as store:
        for f in corpus_facts()[:4]:
            store.save(f)
    return path


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace the server loop: record what it would have been started with."""
    seen: list[dict[str, Any]] = []

    def fake_run(db: str, host: str, port: int, token: str | None) -> None:
        seen.append({"db": db, "host": host, "port": port, "token": token})

    monkeypatch.setattr(server, "run", fake_run)
    monkeypatch.delenv("DATELINE_TOKEN", raising=False)
    return seen


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.5.5.5", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("example.org", False),
        ("", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert server.is_loopback(host) is loopback
    assert (server.exposure_warning(host, None) is None) is loopback


def test_defaults_are_local_and_read_only(db: str, calls: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", db])
    assert result.exit_code == 0, result.output
    assert calls == [{"db": db, "host": "127.0.0.1", "port": 8000, "token": None}]
    assert "WARNING" not in result.output
    assert "read-only" in result.output


def test_token_from_env_and_loud_warning_off_loopback(db: str, calls: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(
        app,
        ["serve", "--db", db, "--host", "0.0.0.0", "--port", "9123"],
        env={"DATELINE_TOKEN": "from-env"},
    )
    assert result.exit_code == 0, result.output
    assert calls[0]["token"] == "from-env" and calls[0]["port"] == 9123
    assert "WARNING" in result.output and "0.0.0.0" in result.output
    assert "from-env" not in result.output  # the token is never printed


@pytest.mark.parametrize(
    "args",
    [["--db", "/nonexistent/dateline.db"], ["--port", "0"], ["--port", "70000"]],
)
def test_bad_options_exit_2(db: str, calls: list[dict[str, Any]], args: list[str]) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", db, *args])
    assert result.exit_code == 2
    assert calls == []


def test_not_a_database_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("this is not SQLite " * 100)
    monkeypatch.delenv("DATELINE_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--db", str(bad)])
    assert result.exit_code == 2
    assert "Could not open the database" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_real_server_answers_on_loopback(db: str) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATELINE_TOKEN"}
    cmd = [sys.executable, "-m", "dateline.cli", "serve", "--db", db, "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        stats = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                stats = httpx.get(f"{base}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert stats is not None, "the server did not answer"
        assert stats.status_code == 200 and stats.json()["articles"] == 4
        assert httpx.get(f"{base}/openapi.json").json()["info"]["title"] == "Dateline"
        denied = httpx.post(
            f"{base}/api/articles", content="x", headers={"Authorization": "Bearer x"}
        )
        assert denied.status_code == 403  # started without a token: read-only
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert b"127.0.0.1" in out and b"WARNING" not in out
