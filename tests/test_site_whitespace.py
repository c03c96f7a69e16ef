"""The built pages carry no layout whitespace, and losing it changes nothing
a reader sees (issue 19; career_allies/whitespace.py, run by finish_site).

- In the real build, no text outside the elements that show whitespace as
  written starts a line with spaces or leaves a blank line (checked with the
  standard library's HTML parser, not the finisher's own tokenizer).
- A build without the step, and the same pages with the step applied, give
  the same `document.body.innerText` in Chromium, JavaScript off and on:
  the rendered text, spacing included, is unchanged.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from html.parser import HTMLParser

import pytest
from playwright.sync_api import expect

from conftest import COMMANDS, ROOT, copy_project, serve_folder
from quality import page_file

from career_allies.whitespace import PRESERVE_CLASSES, PRESERVE_TAGS, VOID_TAGS, strip_layout_whitespace

CHECKED = ("/", "/modules/know-what-you-want/", "/my-plan/", "/make-it-yours/")
# Make it yours: code blocks whose lines start with spaces.
RENDERED = ("/", "/modules/know-what-you-want/", "/my-plan/", "/worksheets/", "/make-it-yours/")


class _LayoutFinder(HTMLParser):
    """Collects the text outside pre, code, ... and the kept classes that
    starts a line with spaces or tabs, or holds a blank line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[tuple[str, bool]] = []  # (tag, kept) for each open element
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.open.append((tag, tag in PRESERVE_TAGS or bool(classes & PRESERVE_CLASSES)))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        if any(kept for _, kept in self.open):
            return
        if "\n " in data or "\n\t" in data or "\n\n" in data or " \n" in data or "\t\n" in data:
            self.found.append(repr(data[:80]))


def layout_whitespace(text: str) -> list[str]:
    finder = _LayoutFinder()
    finder.feed(text)
    finder.close()
    return finder.found


def test_the_finder_sees_layout_whitespace_and_not_kept_elements():
    assert layout_whitespace("<div>\n  <p>a</p>\n</div>") == ["'\\n  '"]
    assert layout_whitespace("<p>a</p>\n\n<p>b</p>") == ["'\\n\\n'"]
    assert layout_whitespace('<div>\n<pre>\n  x\n<code>\n  y</code>\n  z</pre>\n<div class="ca-paper">\n  w</div>\n</div>') == []


@pytest.mark.parametrize("path", CHECKED)
def test_built_pages_have_no_layout_whitespace(built_site, path):
    text = page_file(built_site, path).read_text(encoding="utf-8")
    found = layout_whitespace(text)
    assert not found, f"{path}: {len(found)} runs of layout whitespace in the built page, e.g. {found[:5]}"


# Runs an engine's build command (conftest.COMMANDS) with the whitespace step switched off.
_UNSTRIPPED = ("import runpy, sys, career_allies.finish as f, career_allies.whitespace as w\n"
               "w.strip_pages_whitespace = f.strip_pages_whitespace = lambda pages: 0\n"
               "sys.argv = sys.argv[1:]\n"
               "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)\n")


def build_unstripped(engine: str, config, site):
    """The site at `config` built by `engine` without the whitespace step, into `site`."""
    result = subprocess.run([sys.executable, "-c", _UNSTRIPPED, *COMMANDS[engine], "-f", str(config), "-d", str(site)],
                            capture_output=True, text=True, cwd=config.parent,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert any(site.rglob("*.html")), f"{engine} built no pages into {site}"
    return site


@pytest.fixture(scope="module")
def unstripped_site(tmp_path_factory):
    """The real site built by MkDocs without the whitespace step."""
    return build_unstripped("mkdocs", ROOT / "mkdocs.yml", tmp_path_factory.mktemp("whitespace") / "before")


@pytest.fixture(scope="module")
def before_and_after(unstripped_site, tmp_path_factory, request):
    """The real site built without the whitespace step ("before"), and a copy
    of it with the step applied to every page ("after"), each served."""
    root = tmp_path_factory.mktemp("whitespace-after")
    before = unstripped_site
    after = root / "after"
    shutil.copytree(before, after)
    changed = 0
    for page in after.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = strip_layout_whitespace(text)
        changed += new != text
        page.write_text(new, encoding="utf-8")
    assert changed, "the build without the step already had no layout whitespace: the comparison would prove nothing"
    urls = []
    for site in (before, after):
        httpd = serve_folder(site)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        request.addfinalizer(httpd.server_close)
        request.addfinalizer(httpd.shutdown)
        urls.append(f"http://127.0.0.1:{httpd.server_address[1]}")
    return urls


def _inner_text(browser, url: str, javascript: bool) -> str:
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.wait_for_load_state("load")  # quiet network may come first on a busy machine
        if javascript:
            # Locators, not wait_for_function: the pages' CSP forbids the eval that polls with.
            expect(page.locator("[data-ca-key]:not([data-ca-ready='1'])")).to_have_count(0)
            # The theme's search says "Initializing search" until its index
            # has loaded, which is when the search is first opened
            # (career_allies/lazysearch.py): in both loads, then, not a timing.
            expect(page.locator(".md-search-result__meta")).to_have_text(re.compile("Initializing"))
            page.wait_for_timeout(200)
        return page.evaluate("document.body.innerText")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
@pytest.mark.parametrize("path", RENDERED)
def test_the_rendered_text_is_unchanged(browser, before_and_after, path, javascript):
    before, after = (_inner_text(browser, base + path, javascript) for base in before_and_after)
    assert len(before) > 200, f"{path}: the page shows almost nothing ({before!r})"
    if before != after:
        at = len(os.path.commonprefix([before, after]))
        pytest.fail(f"{path} (JavaScript {'on' if javascript else 'off'}): the text differs at {at}:\n"
                    f"before: {before[max(0, at - 60): at + 60]!r}\nafter:  {after[max(0, at - 60): at + 60]!r}")


@pytest.fixture(scope="module", params=["site, MkDocs", "site, Zensical", "example organisation, MkDocs"])
def unstripped_pages(request, tmp_path_factory):
    """Every page of a build without the whitespace step: the real site by
    each engine, and the example organisation (tests/fixtures/org)."""
    if request.param == "site, MkDocs":
        site = request.getfixturevalue("unstripped_site")
    elif request.param == "site, Zensical":
        site = build_unstripped("zensical", ROOT / "mkdocs.yml", tmp_path_factory.mktemp("ws-zensical") / "site")
    else:
        from test_organisation import example_org

        project = example_org(copy_project(tmp_path_factory.mktemp("ws-org") / "project"))
        site = build_unstripped("mkdocs", project / "mkdocs.yml", project / "site")
    return sorted(site.rglob("*.html"))


def test_the_quick_finisher_matches_the_plain_one_on_every_built_page(unstripped_pages):
    """career_allies.whitespace passes over plain tags inside one regex; the
    plain token-by-token finisher it replaced (tests/whitespace_reference.py)
    must give the same bytes on every page a build writes."""
    from whitespace_reference import strip_layout_whitespace as reference

    differ = [str(page) for page in unstripped_pages
              if strip_layout_whitespace(text := page.read_text(encoding="utf-8")) != reference(text)]
    assert len(unstripped_pages) > 15, f"only {len(unstripped_pages)} pages were built"
    assert not differ, f"{len(differ)} of {len(unstripped_pages)} pages come out differently, e.g. {differ[:3]}"
