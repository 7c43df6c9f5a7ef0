"""Browser fixtures: the app served by uvicorn on a free localhost port, and headless Debian Chromium via Selenium."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.app import create_app
from service.config import Settings
from service.deps import Engine
from tests.live import live_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=zh-CN"]
# set BROWSER_SCREENSHOTS=docs to refresh docs/screenshot-*.png; by default they go to pytest's tmp dir
SCREENSHOTS_ENV = "BROWSER_SCREENSHOTS"


def _missing() -> str | None:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        return (f"needs {CHROMIUM} and {CHROMEDRIVER}: apt-get install -y chromium chromium-driver fonts-noto-cjk")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "needs selenium: .venv/bin/pip install 'selenium>=4.20' (in the dev extra)"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = _missing()
    for item in items:
        if reason and "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def base_url(settings: Settings, engine: Engine) -> Iterator[str]:
    """The real app (real index, real model) behind uvicorn in a background thread."""
    with live_server(create_app(settings, engine=engine)) as live:
        yield live.url


@pytest.fixture(scope="session")
def driver() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="poaqa-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    # both paths given: Selenium Manager has nothing to look up or download (the tests run offline)
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(driver: Any, base_url: str) -> Any:
    """The session's browser at desktop size, Chinese labels, nothing left from the previous test."""
    driver.set_window_size(1280, 900)
    driver.get(base_url + "/static/app.css")
    driver.execute_script("window.localStorage.clear()")
    return driver


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get(SCREENSHOTS_ENV)
    if chosen:
        path = Path(chosen)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("screenshots")
