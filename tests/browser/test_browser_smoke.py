"""The real app, started as a user starts it, loads in Chromium with nothing leaving the machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_clean

pytestmark = pytest.mark.browser


def test_app_page_loads_offline(app_url: str, browser_page: object, artifacts_dir: Path) -> None:
    page = browser_page
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_load_state("networkidle", timeout=60_000)
    page.screenshot(path=artifacts_dir / "smoke-app.png", full_page=True)
    assert "Karabakh" in page.inner_text("h1")
    assert_clean(page)
