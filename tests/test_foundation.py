"""The project's structure holds: imports point one way, the CLI answers, the network is closed."""

from __future__ import annotations

import ast
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import NetworkBlockedError

from tests.support.appserver import free_port, stop_app, wait_healthy

ROOT = Path(__file__).resolve().parents[1]

# What each package may import from the project: dashboard -> events -> geodata.
ALLOWED_IMPORTS = {
    "geodata": {"geodata"},
    "events": {"events", "geodata"},
    "dashboard": {"dashboard", "events", "geodata"},
}


def _project_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif (
            path.name == "__init__.py"
            and isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and "." in node.value
        ):
            # the packages' lazy re-exports name their modules as strings ("geodata.layers")
            names.add(node.value.split(".")[0])
    return names & set(ALLOWED_IMPORTS)


@pytest.mark.parametrize("package", sorted(ALLOWED_IMPORTS))
def test_imports_point_one_way(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_project_imports(path) - ALLOWED_IMPORTS[package])
        for path in (ROOT / package).rglob("*.py")
    }
    offenders = {path: names for path, names in offenders.items() if names}
    assert not offenders, f"{package} may import only {sorted(ALLOWED_IMPORTS[package])}"


def test_cli_lists_its_subcommands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for command in ("run", "snapshot", "validate", "build-geodata"):
        assert command in result.stdout


def test_cli_rejects_an_unknown_subcommand_without_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "explode"],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "invalid choice" in result.stderr


def test_network_beyond_loopback_is_blocked() -> None:
    with pytest.raises(NetworkBlockedError):
        urllib.request.urlopen("http://example.org/", timeout=1)
    with pytest.raises(NetworkBlockedError), socket.socket() as sock:
        sock.connect(("93.184.215.14", 80))


def test_loopback_stays_open() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass


def test_run_makes_no_request_off_the_machine_at_start(tmp_path: Path) -> None:
    """Started as ``make run`` starts it (no address set), the app looks nothing up online."""
    port = free_port()
    log_path = tmp_path / "run.log"
    env = {key: value for key, value in os.environ.items() if not key.startswith("STREAMLIT_")}
    command = [sys.executable, "-m", "dashboard.cli", "run", "--headless", "--port", str(port)]
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc, log_path)
    finally:
        stop_app(proc)
    output = log_path.read_text()
    assert f"http://localhost:{port}" in output
    assert "external IP" not in output
