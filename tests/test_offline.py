"""The offline copy (`make offline`): opened from disk in Chromium, no server.

Builds with mkdocs-offline.yml exactly as the Makefile does, then opens the
pages through file:// URLs: navigation, search, a worksheet that saves and
comes back after a reload, and no request to any other host.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import ENGINES, ROOT, engine_build, search_results

OFFLINE_CONFIG = ROOT / "mkdocs-offline.yml"


@pytest.fixture(scope="module", params=ENGINES)
def offline_site(request, tmp_path_factory) -> Path:
    """The offline copy, built by each engine (tests using it run for both)."""
    site = tmp_path_factory.mktemp(f"offline-{request.param}") / "career-allies"
    result = engine_build(request.param, OFFLINE_CONFIG, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def search_script(site: Path) -> Path:
    """The search index as a script (file:// cannot fetch JSON): MkDocs' offline
    plugin writes search/search_index.js, Zensical's search.js."""
    return site / "search" / "search_index.js" if (site / "search").is_dir() else site / "search.js"


def test_offline_config_inherits_instead_of_copying():
    text = OFFLINE_CONFIG.read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    assert config["INHERIT"] == "mkdocs.yml"
    assert config["use_directory_urls"] is False
    assert "offline" in config["plugins"] and "search" in config["plugins"]
    # Layered, not a copy: no nav, theme or extensions of its own.
    for key in ("nav", "theme", "markdown_extensions", "hooks"):
        assert key not in config, f"mkdocs-offline.yml should inherit '{key}' from mkdocs.yml"


def test_makefile_offline_target_builds_with_the_layered_config_and_zips():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^offline:.*?\n((?:\t.*\n)+)", makefile, re.M)
    assert target, "the Makefile needs an `offline` target"
    recipe = target.group(1)
    assert "mkdocs build --strict -f mkdocs-offline.yml" in recipe
    assert "dist/career-allies-offline" in recipe and "zip" in recipe


def test_offline_copy_has_file_links_inline_search_and_no_cdn(offline_site):
    home = (offline_site / "index.html").read_text(encoding="utf-8")
    assert 'href="modules/start-here.html"' in home
    assert search_script(offline_site).read_text(encoding="utf-8").startswith("var __index =")
    assert re.search(r'src="(\./)?assets/javascripts/vendor/iframe-worker\.js"', home)
    # Instant navigation can't work from file://; left on, page scripts never start (career_allies/site.py, Site.config_changes).
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', home, re.S).group(1))
    assert not [f for f in config["features"] if f.startswith("navigation.instant")]
    assert "toc.follow" in config["features"]
    # ...and so is the head script that prepares links for it (absolute-links.html).
    assert 'querySelectorAll("link[href]")' not in home
    for page in offline_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in text, f"{page.name} loads a script from a CDN"
        # No <meta> CSP: browsers disagree on what 'self' means for file://
        # (hooks/finish.py, SECURITY.md).
        assert 'http-equiv="Content-Security-Policy"' not in text, f"{page.name} carries a CSP meta tag"
        scripts = re.findall(r'<script[^>]+src="([^"]+)"', text)
        assert not [s for s in scripts if "://" in s], f"{page.name} loads a script from another host: {scripts}"


def test_offline_copy_works_from_file_urls(offline_site, context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file://", "data:", "about:", "blob:")) else None)

    home = (offline_site / "index.html").as_uri()
    page.goto(home)
    assert page.title().startswith("Career Allies")

    # Navigate by clicking, as a reader would.
    page.locator(".ca-course-map a[href='modules/know-what-you-want.html']").click()
    page.wait_for_url("**/modules/know-what-you-want.html")
    assert page.locator("h1").inner_text().startswith("Know what you want")

    # Search runs from file:// (the index is a script, the worker a hidden frame).
    found = search_results(page, "sponsor")
    assert found and ".html" in found[0]

    # A worksheet answer saves in this browser and is back after a reload.
    sheet = page.locator("[data-worksheet='career-goals']")
    sheet.locator("#ca-career-goals-measure").fill("Two workshops with feedback, offline")
    sheet.locator("[data-ca-status]").filter(has_text="Saved on this device").wait_for()
    raw = page.evaluate("localStorage.getItem('career-allies:worksheet:career-goals')")
    assert json.loads(raw)["values"]["measure"] == "Two workshops with feedback, offline"
    page.reload()
    assert page.locator("#ca-career-goals-measure").input_value() == "Two workshops with feedback, offline"
    assert page.locator("[data-worksheet='career-goals'] [data-ca-status]").inner_text() == "Your saved answers are back."

    # The answer is there on the next visit to another page too (same origin on disk).
    page.goto((offline_site / "modules" / "finding-mentors.html").as_uri())
    assert page.evaluate("localStorage.getItem('career-allies:worksheet:career-goals')")

    assert not errors, f"JavaScript errors: {errors}"
    assert not outside, f"the offline copy made requests off the disk: {outside}"
    page.close()


def test_make_offline_writes_a_zip_that_opens_at_index_html(tmp_path):
    """Run the Makefile's own commands in a scratch copy of the project."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "overrides", "hooks"):
        subprocess.run(["cp", "-r", str(ROOT / name), str(project / name)], check=True)
    for name in ("mkdocs.yml", "mkdocs-offline.yml", "organisation.yml", "Makefile", "pyproject.toml"):
        subprocess.run(["cp", str(ROOT / name), str(project / name)], check=True)
    venv = ROOT / ".venv"
    (project / ".venv").symlink_to(venv)
    for stamp in (".site-installed", ".test-installed"):
        if not (venv / stamp).exists():
            pytest.skip("the virtual environment was not set up by make")
    result = subprocess.run(["make", "-o", ".venv/.site-installed", "offline"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    archive = project / "dist" / "career-allies-offline.zip"
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
    assert "career-allies/index.html" in names
    assert "career-allies/search/search_index.js" in names
    assert "career-allies/modules/start-here.html" in names
