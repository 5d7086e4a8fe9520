"""Serving many readers: the run options, the static files, and replicas behind the project's nginx.

The browser test starts three app processes on loopback ports and Debian's nginx in front of
them with ``deploy/nginx/dashboard.conf.template`` (the file compose.yaml gives the nginx
image), then drives twelve readers through the proxy. No Docker is needed.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import assert_clean

import events
from dashboard import cli, launch, timeline
from dashboard.state import ViewState
from dashboard.webmap import assets, timedata
from dashboard.webmap.build import MapOptions, build_map
from dashboard.webmap.timemap import EventsLayer
from events.schema import COLUMNS, MAX_UPLOAD_BYTES
from tests.support.appserver import ROOT, free_port, start_app, stop_app

TEMPLATE = ROOT / "deploy" / "nginx" / "dashboard.conf.template"
COMPOSE = ROOT / "compose.yaml"
NGINX = os.environ.get("NGINX_PATH") or shutil.which("nginx") or "/usr/sbin/nginx"
PROCESSES = 3
READERS = 12
START = dt.date(2020, 9, 27)
_PLACEHOLDER = re.compile(r"\$\{(KD_[A-Z_]+)\}")
# The nginx image keeps only this main configuration of its own; the test's equivalent,
# with every path in a temporary folder so that nothing of the system's nginx is touched.
_MAIN_CONF = """worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    types {{
        text/html html; text/css css; application/javascript js; application/json json;
        image/png png; image/svg+xml svg; text/csv csv;
    }}
    default_type application/octet-stream;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/dashboard.conf;
}}
"""


def render_site(values: dict[str, str]) -> str:
    """Fill in the template's ``${KD_...}`` variables, as the nginx image's envsubst does.

    Only those names are replaced (compose.yaml sets ``NGINX_ENVSUBST_FILTER`` to them), so
    nginx's own ``$variables`` are left alone.
    """
    text = TEMPLATE.read_text(encoding="utf-8")
    missing = set(_PLACEHOLDER.findall(text)) - set(values)
    if missing:
        raise KeyError(f"no value for {', '.join(sorted(missing))} in {TEMPLATE.name}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


# --- options and files, no browser -----------------------------------------------------------


def test_run_listens_on_this_machine_only_unless_told() -> None:
    parser = cli.build_parser()
    line = launch.command(parser.parse_args(["run"]))

    def option(line: list[str], name: str) -> str:
        return line[line.index(f"--{name}") + 1]

    assert option(line, "server.address") == "127.0.0.1"
    shared = launch.command(parser.parse_args(["run", "--address", "0.0.0.0"]))
    assert option(shared, "server.address") == "0.0.0.0"
    assert option(line, "server.maxUploadSize") == str(MAX_UPLOAD_BYTES // 2**20)
    assert option(line, "server.enableXsrfProtection") == "true"
    assert option(line, "server.enableCORS") == "true"
    assert option(line, "server.enableStaticServing") == "true"


def test_public_url_reaches_the_app_and_a_bad_one_is_refused(monkeypatch, capsys) -> None:
    monkeypatch.setenv(launch.PUBLIC_URL_ENV, "https://maps.example.org/karabakh/")
    args = cli.build_parser().parse_args(["run"])
    assert args.public_url == "https://maps.example.org/karabakh/"
    assert launch.public_url() == "https://maps.example.org/karabakh/"
    monkeypatch.delenv(launch.PUBLIC_URL_ENV)
    assert launch.public_url() is None
    bad = cli.build_parser().parse_args(["run", "--public-url", "maps.example.org"])
    assert launch.main(bad) == 2
    assert "--public-url maps.example.org: give a full address" in capsys.readouterr().err


def test_prepare_static_writes_every_file_the_map_fetches() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "prepare-static"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    folium_map = build_map(
        ViewState(), EventsLayer(), timeline.timeline_range(True), MapOptions(served_data=True)
    )
    html = folium_map.get_root().render()
    urls = set(re.findall(r"/app/static/vendor/[\w./-]+\.(?:json|js|css)", html))
    urls.add(assets.publish_json("events", timedata.payload_json(events.load_events())))
    assert any(url.startswith(assets.DATA_URL) for url in urls)
    assert any(url.startswith(assets.CODE_URL) for url in urls)
    for url in urls:
        assert (assets.STATIC_DIR / url.removeprefix(assets.STATIC_URL + "/")).is_file(), url


def test_compose_sets_every_variable_of_the_nginx_template() -> None:
    wanted = set(_PLACEHOLDER.findall(TEMPLATE.read_text(encoding="utf-8")))
    compose = COMPOSE.read_text(encoding="utf-8")
    assert wanted == set(re.findall(r"^\s+(KD_[A-Z_]+):", compose, flags=re.MULTILINE))
    assert "NGINX_ENVSUBST_FILTER" in compose
    rendered = render_site(dict.fromkeys(wanted, "x"))
    assert "${" not in rendered and "$request_id" in rendered


# --- three processes behind nginx, twelve readers --------------------------------------------


@dataclass
class Proxy:
    """Three app processes behind the project's nginx, on loopback."""

    url: str
    access_log: Path
    apps: list[str]  # "127.0.0.1:PORT" of each app process


def _nginx_missing_message() -> str:
    return (
        f"nginx not found at {NGINX}: install it with `sudo apt-get install nginx` (or set "
        "NGINX_PATH) to run the test of replicas behind the proxy"
    )


def _start_apps() -> list[tuple[str, subprocess.Popen]]:
    with ThreadPoolExecutor(PROCESSES) as pool:
        futures = [
            pool.submit(start_app, log_name=f"deploy-app{index}") for index in range(PROCESSES)
        ]
    started, errors = [], []
    for future in futures:
        try:
            started.append(future.result())
        except Exception as error:
            errors.append(error)
    if errors:
        for _, proc in started:
            stop_app(proc)
        raise errors[0]
    return started


def _start_nginx(folder: Path, apps: list[str]) -> tuple[str, subprocess.Popen]:
    port = free_port()
    published = folder / "published"
    published.mkdir()
    (published / "index.html").write_text("<!doctype html><title>Published map</title>\n")
    (folder / "dashboard.conf").write_text(
        render_site(
            {
                "KD_LISTEN": f"127.0.0.1:{port}",
                "KD_APP_SERVERS": " ".join(f"server {app};" for app in apps),
                "KD_PUBLISHED_ROOT": str(published),
                "KD_ACCESS_LOG": str(folder / "access.log"),
            }
        )
    )
    (folder / "nginx.conf").write_text(_MAIN_CONF.format(folder=folder))
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, f"nginx rejects the configuration:\n{checked.stderr}"
    with (folder / "nginx.out").open("w") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            with urllib.request.urlopen(f"{url}/map/", timeout=2):
                return url, proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                _stop_nginx(proc)
                raise RuntimeError(
                    f"nginx did not start:\n{(folder / 'nginx.out').read_text()}"
                ) from None
            time.sleep(0.1)


def _stop_nginx(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def proxy(browser: object) -> Iterator[Proxy]:
    """Three dashboards and nginx in front of them, all on loopback, stopped at the end."""
    if not Path(NGINX).is_file():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(_nginx_missing_message())
        pytest.skip(_nginx_missing_message())
    started = _start_apps()
    folder = Path(tempfile.mkdtemp(prefix="kd-nginx-"))
    # As root, nginx's workers run as an unprivileged user: they must reach the folder.
    folder.chmod(0o755)
    try:
        apps = [urlsplit(url).netloc for url, _ in started]
        url, nginx = _start_nginx(folder, apps)
        try:
            yield Proxy(url=url, access_log=folder / "access.log", apps=apps)
        finally:
            _stop_nginx(nginx)
    finally:
        for _, proc in started:
            stop_app(proc)
        shutil.rmtree(folder, ignore_errors=True)


def _log_lines(proxy: Proxy) -> list[dict[str, str]]:
    pattern = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) .*upstream=(?P<upstream>\S+) '
                         r"sticky=(?P<sticky>\S+)")  # fmt: skip
    lines = proxy.access_log.read_text().splitlines()
    return [match.groupdict() for line in lines if (match := pattern.search(line))]


def _upstreams_of(proxy: Proxy, cookies: set[str]) -> dict[str, str]:
    """Read from nginx's access log the app process each cookie reached.

    nginx writes a request's log line after it has sent the response, so a client can hold
    the answer before the line is on disk: wait for every cookie's line, a few seconds at most.
    """
    deadline = time.monotonic() + 10
    while True:
        by_sticky = {line["sticky"]: line["upstream"] for line in _log_lines(proxy)}
        missing = cookies - by_sticky.keys()
        if not missing:
            return by_sticky
        if time.monotonic() > deadline:
            raise AssertionError(f"nginx logged no request for the cookies {sorted(missing)}")
        time.sleep(0.05)


def _cookies_by_process(proxy: Proxy, tries: int = 36) -> dict[str, list[str]]:
    """Cookies nginx gives new readers, grouped by the app process each one reached.

    A reader's process is chosen at random (a hash of its cookie); asking as many new
    readers as this finds cookies for every process, so the browser test below knows its
    twelve readers cover all three instead of hoping they do.
    """
    cookies = []
    for _ in range(tries):
        with urllib.request.urlopen(f"{proxy.url}/_stcore/health", timeout=10) as response:
            jar = SimpleCookie()
            for header in response.headers.get_all("Set-Cookie"):
                jar.load(header)
            cookies.append(jar["kd_sticky"].value)
    by_sticky = _upstreams_of(proxy, set(cookies))
    grouped: dict[str, list[str]] = defaultdict(list)
    for cookie in cookies:
        grouped[by_sticky[cookie]].append(cookie)
    return grouped


def _upload_csv(path: Path, day: dt.date, count: int) -> Path:
    places = ("stepanakert", "shusha", "hadrut", "fuzuli", "jabrayil", "martakert")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        for number in range(count):
            writer.writerow(
                {
                    **dict.fromkeys(COLUMNS, ""),
                    "id": f"deploy-{path.stem}-{number}",
                    "date": day.isoformat(),
                    "date_precision": "day",
                    "title": f"Uploaded by {path.stem}, event {number}",
                    "kind": "fighting",
                    "place": places[number % len(places)],
                    "location_precision": "town",
                    "status": "claimed",
                    "claimed_by": "Armenia",
                    "actors": "Armenia | Azerbaijan",
                    "sources": "https://example.org/deploy-test",
                }
            )
    return path


@pytest.mark.browser
def test_twelve_readers_through_nginx_keep_their_day_upload_and_process(
    proxy: Proxy, page_factory, tmp_path: Path
) -> None:
    from tests.browser.test_browser_app import (
        ENGINE_JS,
        expected_markers,
        open_page,
        wait_for_map_day,
        wait_for_page_day,
    )

    with urllib.request.urlopen(f"{proxy.url}/map/", timeout=10) as response:
        assert b"Published map" in response.read()

    grouped = _cookies_by_process(proxy)
    assert set(grouped) == set(proxy.apps), f"new readers did not reach every process: {grouped}"
    # Reader i goes to process i % 3, so readers 0, 1 and 2 (the uploaders) are on different
    # processes.
    cookies = [
        grouped[proxy.apps[index % PROCESSES]][index // PROCESSES] for index in range(READERS)
    ]
    days = [START + dt.timedelta(days=3 * index) for index in range(READERS)]
    pages = []
    for cookie, day in zip(cookies, days, strict=True):
        page = page_factory()
        page.context.add_cookies([{"name": "kd_sticky", "value": cookie, "url": proxy.url}])
        open_page(page, f"{proxy.url}/?date={day.isoformat()}")
        pages.append(page)
    for page, day in zip(pages, days, strict=True):
        wait_for_map_day(page, day)
        wait_for_page_day(page, day)

    uploads = {}
    for index in range(PROCESSES):
        count = expected_markers(days[index]) + 2 + index
        path = _upload_csv(tmp_path / f"reader{index}.csv", days[index], count)
        pages[index].locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
            str(path)
        )
        uploads[index] = count
    for index, count in uploads.items():
        page = pages[index]
        page.get_by_text(f"Loaded {count} of {count} rows from reader{index}.csv").wait_for(
            timeout=60_000
        )
        page.wait_for_function(
            f"() => ({ENGINE_JS})() && ({ENGINE_JS})().onMap === {count}", timeout=60_000
        )
        assert page.get_by_text(f"Uploaded by reader{index}, event 0").count()
    for index, (page, day) in enumerate(zip(pages, days, strict=True)):
        assert page.locator(f'h3:has-text("{day.day} {day:%B %Y} ·")').count() == 1
        if index not in uploads:
            assert page.evaluate(ENGINE_JS)["onMap"] == expected_markers(day)
            assert page.get_by_text("Uploaded by reader").count() == 0
        assert_clean(page)
    for page in pages:
        page.context.close()

    # nginx logs a WebSocket when it closes; every request of a reader went to one process.
    deadline = time.monotonic() + 15
    while True:
        lines = [line for line in _log_lines(proxy) if line["sticky"] in cookies]
        sockets = [line for line in lines if "/_stcore/stream" in line["request"]]
        if len({line["sticky"] for line in sockets}) == READERS or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    processes_of = defaultdict(set)
    for line in lines:
        processes_of[line["sticky"]].add(line["upstream"])
    assert {cookie: len(processes_of[cookie]) for cookie in cookies} == dict.fromkeys(cookies, 1)
    assert all(line["status"] == "101" for line in sockets)
    per_process = Counter(next(iter(processes_of[cookie])) for cookie in cookies)
    assert per_process == dict.fromkeys(proxy.apps, READERS // PROCESSES)
    assert len({line["sticky"] for line in sockets}) == READERS
    uploaded = [line for line in lines if "/_stcore/upload_file/" in line["request"]]
    assert {line["sticky"] for line in uploaded} == {cookies[index] for index in uploads}
