"""Shared fixtures: a strict build of the real site, a local server, Chromium.

The site-level tests run against both engines: `engine_site` is the real
site built by MkDocs (the same build as `built_site`) and by Zensical
(`python -m career_allies.zensical build`), each with its own local server.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
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


ENGINES = ("mkdocs", "zensical")
PROJECT_FILES = ("mkdocs.yml", "mkdocs-offline.yml", "organisation.yml")
# The strict build of each engine: MkDocs, and the Zensical path as `make build ENGINE=zensical` runs it.
COMMANDS = {"mkdocs": ["mkdocs", "build", "--strict"], "zensical": ["career_allies.zensical", "build", "--strict"]}


def engine_build(engine: str, config: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", *COMMANDS[engine], "-f", str(config), "-d", str(site_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
    )


def mkdocs_build(config: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    return engine_build("mkdocs", config, site_dir, site_url)


def zensical_build(config: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    return engine_build("zensical", config, site_dir, site_url)


def copy_project(dest: Path) -> Path:
    """A copy of the project (docs, overrides, hooks and the config files) in dest."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in PROJECT_FILES:
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, dest / name)
    return dest


def search_docs(site: Path) -> list[dict]:
    """The search index as [{location, title, text}], whichever engine wrote
    it (MkDocs: search/search_index.json "docs"; Zensical: search.json "items")."""
    import json

    mkdocs_index = site / "search" / "search_index.json"
    if mkdocs_index.is_file():
        return json.loads(mkdocs_index.read_text(encoding="utf-8"))["docs"]
    return json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]


def search_results(page, words: str) -> list[str]:
    """Search as a reader does, with either engine's search: type the words,
    wait for results, return their links (Escape closes the search after).
    Material: the header's input and its result list. Zensical: a button
    that opens its own dialog (in a shadow root, which locators pierce)."""
    if page.locator("button.md-search__button").count():
        page.locator("button.md-search__button").click()
        page.locator("dialog[aria-label='Search'] input").wait_for()
        links = page.locator("ol[aria-label='Search results'] a[role='option']")
    else:
        page.locator("input.md-search__input").click()
        links = page.locator(".md-search-result__item .md-search-result__link")
    page.keyboard.type(words)  # keystrokes, as a reader types: they open the search and load the index
    links.first.wait_for(timeout=15000)
    found = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    page.keyboard.press("Escape")
    return found


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
    httpd = serve_folder(tmp_path_factory.mktemp("site") / "site")
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
    return copy_project(tmp_path / "project")


@dataclass
class EngineSite:
    """The real site as one engine built it; `url` starts its local server."""

    engine: str
    dir: Path
    start: Callable[[], str] = field(repr=False)
    _url: str | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        if self._url is None:
            self._url = self.start()
        return self._url


def serve_folder(site: Path) -> http.server.ThreadingHTTPServer:
    """A quiet local server for one built site, bound (port known) but not yet serving."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.site_dir = site
    return httpd


def _serve(httpd, request) -> str:
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    request.addfinalizer(httpd.shutdown)
    return f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory, request) -> EngineSite:
    """The real site built with Zensical, with a server of its own (bound
    first: instant navigation needs the sitemap's port to be the page's)."""
    httpd = serve_folder(tmp_path_factory.mktemp("zensical-site") / "site")
    request.addfinalizer(httpd.server_close)
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    result = zensical_build(ROOT / "mkdocs.yml", httpd.site_dir, site_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return EngineSite("zensical", httpd.site_dir, lambda: _serve(httpd, request))


@pytest.fixture(scope="session", params=ENGINES)
def engine_site(request) -> EngineSite:
    """The real site, once per engine (tests using it run for both)."""
    if request.param == "zensical":
        return request.getfixturevalue("zensical_site")
    return EngineSite("mkdocs", request.getfixturevalue("built_site"), lambda: request.getfixturevalue("server"))


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
