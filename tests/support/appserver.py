"""Start and stop the real dashboard on a free loopback port, and the Chromium that drives it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
APP_START_TIMEOUT_S = 90
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Headless as root; without the background-networking flags Chromium keeps trying to reach
# the internet (shared/notes/offline-map.md).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def launch_chromium() -> Iterator[object]:
    """Debian's Chromium under Playwright, with the flags above; closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + APP_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"the app exited with code {proc.returncode}; its log:\n{log_path.read_text()}"
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the app did not become healthy in {APP_START_TIMEOUT_S} s: {log_path}")


def start_app(
    extra_args: list[str] | None = None,
    log_name: str = "app",
    command: list[str] | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> tuple[str, subprocess.Popen]:
    """Start ``karabakh-dashboard run`` on a free loopback port, as a user would, and wait for it.

    ``command`` replaces the default command (``{port}`` in it is replaced by the port);
    benchmarks use it to start a baseline app, with ``cwd`` (default: the repository) and
    ``env`` (added to the environment) saying where that app's code lives. Returns the base
    URL and the process; stop it with :func:`stop_app`.
    """
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / f"{log_name}-{port}.log"
    env = {
        **os.environ,
        "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
        **(env or {}),
    }
    if command is None:
        command = [sys.executable, "-m", "dashboard.cli", "run", "--port", str(port)]
    else:
        command = [part.replace("{port}", str(port)) for part in command]
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [*command, *(extra_args or [])],
            cwd=cwd or ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log_path)
    except BaseException:
        stop_app(proc)
        raise
    return url, proc


def stop_app(proc: subprocess.Popen) -> None:
    """Stop the app's process group (started with its own session, so its id is the pid)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)
