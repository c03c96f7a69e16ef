"""Shared fixtures: a strict build of the real site, a local server, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

# Debian's Chromium and the flags it runs with: the same as for printing.
from career_allies.pdf import ARGS as CHROMIUM_ARGS
from career_allies.pdf import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
# `make test-fast` runs the tests marked `fast`: every core unit test (these
# files), plus the few marked by hand: lint and types, one site build and one
# browser smoke test. `make test` runs everything.
FAST_FILES = ("test_core_",)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name.startswith(FAST_FILES):
            item.add_marker(pytest.mark.fast)


def mkdocs_build(config: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
    )


def build_fails(project: Path) -> str:
    """Build a copied project that must fail: a clear message, no traceback."""
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    return output


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="session")
def _httpd(tmp_path_factory):
    """Bind the test server first: Material's instant navigation only works
    when the sitemap's site_url has the same port as the page."""
    site = tmp_path_factory.mktemp("site") / "site"
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.site_dir = site
    yield httpd
    httpd.server_close()


@pytest.fixture(scope="session")
def built_site(_httpd) -> Path:
    url = f"http://127.0.0.1:{_httpd.server_address[1]}/"
    result = mkdocs_build(ROOT / "mkdocs.yml", _httpd.site_dir, site_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    return _httpd.site_dir


@pytest.fixture()
def site_copy(tmp_path) -> Path:
    """A throwaway copy of the project to break on purpose."""
    dest = tmp_path / "project"
    dest.mkdir()
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("mkdocs.yml", "mkdocs-offline.yml", "organisation.yml"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, dest / name)
    return dest


@pytest.fixture(scope="session")
def server(_httpd, built_site):
    thread = threading.Thread(target=_httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{_httpd.server_address[1]}"
    _httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing at /usr/bin/chromium: run `make test`, which installs it, or `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture()
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture()
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"
