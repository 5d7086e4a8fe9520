"""Shared fixtures: loopback-only network, the real app on a free port, a guarded Chromium page."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.appserver import ARTIFACTS, CHROMIUM, launch_chromium, start_app, stop_app

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}


# --- no network beyond loopback --------------------------------------------------------------


def _is_loopback(host: object) -> bool:
    if host is None:
        return True
    text = host.decode() if isinstance(host, bytes) else str(host)
    if text in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


class NetworkBlockedError(RuntimeError):
    """Raised when a test tries to reach a host that is not on this machine."""


@pytest.fixture(autouse=True, scope="session")
def _block_non_loopback_network() -> Iterator[None]:
    """Make any connection or name lookup beyond loopback fail loudly in the test process."""
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_getaddrinfo = socket.getaddrinfo

    def _check(sock: socket.socket, address: object) -> None:
        is_inet = sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple)
        if is_inet and not _is_loopback(address[0]):
            raise NetworkBlockedError(f"tests may not reach {address[0]!r}: loopback only")

    def guarded_connect(sock: socket.socket, address: object) -> None:
        _check(sock, address)
        return original_connect(sock, address)

    def guarded_connect_ex(sock: socket.socket, address: object) -> int:
        _check(sock, address)
        return original_connect_ex(sock, address)

    def guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        if not _is_loopback(host):
            raise NetworkBlockedError(f"tests may not resolve {host!r}: loopback only")
        return original_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = guarded_getaddrinfo  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.socket.connect = original_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = original_connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = original_getaddrinfo


# --- artifacts ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Folder (git-ignored) where tests save screenshots and exports for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# --- the real app ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Yield the base URL of the real dashboard, started once per session on a free port."""
    url, proc = start_app()
    try:
        yield url
    finally:
        stop_app(proc)


# --- the browser ----------------------------------------------------------------------------


@dataclass
class PageGuard:
    """What a page tried that a test must not allow: off-machine requests and console errors."""

    blocked_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Return one line per request off the machine and per console error."""
        return [f"request off the machine: {url}" for url in self.blocked_requests] + [
            f"console error: {text}" for text in self.console_errors
        ]


def _browser_missing_message() -> str:
    return (
        f"Chromium not found at {CHROMIUM}: install it with `sudo apt-get install chromium` "
        "(or set CHROMIUM_PATH) to run the browser tests"
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright; skipped if absent (failed with REQUIRE_BROWSER=1)."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(_browser_missing_message())
        pytest.skip(_browser_missing_message())
    with launch_chromium() as launched:
        yield launched


def _guard(page: object, guard: PageGuard) -> None:
    def route(route: object) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            guard.blocked_requests.append(url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", route)
    page.on(
        "console",
        lambda message: (
            guard.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: guard.console_errors.append(str(error)))


@pytest.fixture
def page_factory(browser: object) -> Iterator[Callable[..., object]]:
    """Make guarded pages, each in its own browser context (its own cookies and session).

    Every request that is not to this machine is aborted and recorded, as is every console
    error; the test fails at teardown if any page saw either.
    """
    contexts: list[tuple[object, PageGuard]] = []

    def make(viewport: dict[str, int] | None = None) -> object:
        context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000})
        page = context.new_page()
        guard = PageGuard()
        page.guard = guard
        _guard(page, guard)
        contexts.append((context, guard))
        return page

    yield make
    problems = [problem for _, guard in contexts for problem in guard.problems()]
    for context, _ in contexts:
        context.close()
    if problems:
        pytest.fail("the page was not clean:\n" + "\n".join(problems))


@pytest.fixture
def browser_page(page_factory: Callable[..., object]) -> object:
    """One guarded Chromium page (see :func:`page_factory`)."""
    return page_factory()


def assert_clean(page: object) -> None:
    """Fail now if the page requested anything off the machine or logged a console error."""
    problems = page.guard.problems()
    assert not problems, "the page was not clean:\n" + "\n".join(problems)
