"""Hostile and unlucky input to real builds (issue 15): each bad case stops
the build within seconds with file and line and no traceback; a damaged
cache is a miss; text from definitions and organisation.yml shows as text
on every page, with no script run."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, _QuietHandler, build_fails, mkdocs_build
from test_core_hardening import LAUGHS

FIT = Path("docs/_data/checklists/mentor-fit.yml")
FIT_LINK = "      - {title: Finding mentors, page: modules/finding-mentors.md}\n"


def edit(path: Path, old: str, new: str) -> int:
    """Replace `old` once; return the line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize("page", ["/evil.example/login", "https://evil.example/login"])
def test_a_band_link_out_of_the_site_fails_with_the_definition_file_and_line(site_copy, page):
    line = edit(site_copy / FIT, FIT_LINK, FIT_LINK.replace("modules/finding-mentors.md", page))
    output = build_fails(site_copy)
    assert f"{FIT}:{line}: 'page' in a link in band 1 should be a page of this site" in output


def test_a_band_link_to_a_missing_page_names_the_definition_not_the_pages(site_copy):
    line = edit(site_copy / FIT, FIT_LINK, FIT_LINK.replace("finding-mentors.md", "finding-mentor.md"))
    output = build_fails(site_copy)
    assert f"{FIT}:{line}: link to 'modules/finding-mentor.md': there is no page docs/modules/finding-mentor.md: did you mean modules/finding-mentors.md?" in output
    assert "docs/modules/" not in output.replace("docs/modules/finding-mentor.md", "")


def test_a_billion_laughs_in_a_definition_fails_within_seconds(site_copy):
    sheet = site_copy / "docs/_data/worksheets/career-goals.yml"
    lines = sheet.read_text(encoding="utf-8").count("\n")
    sheet.write_text(sheet.read_text(encoding="utf-8") + LAUGHS, encoding="utf-8")
    started = time.monotonic()
    output = build_fails(site_copy)
    assert time.monotonic() - started < 60  # a hang guard, not a speed goal (expanding it runs out of memory)
    assert f"docs/_data/worksheets/career-goals.yml:{lines + 2}: YAML aliases" in output


def test_deep_nesting_in_organisation_yml_fails_with_its_line(site_copy):
    settings = site_copy / "organisation.yml"
    lines = settings.read_text(encoding="utf-8").count("\n")
    settings.write_text(settings.read_text(encoding="utf-8") + "switched_off: " + "[" * 700 + "]" * 700 + "\n", encoding="utf-8")
    assert f"organisation.yml:{lines + 1}: values are nested more than 32 levels deep" in build_fails(site_copy)


def test_markup_in_the_programme_name_fails_with_its_line(site_copy):
    line = edit(site_copy / "organisation.yml", "  name: Career Allies\n", '  name: "Allies<script>alert(1)</script>"\n')
    assert f"organisation.yml:{line}: 'programme.name' can't contain '<'" in build_fails(site_copy)


def test_cache_files_of_another_shape_are_a_miss(site_copy):
    first = mkdocs_build(site_copy / "mkdocs.yml", site_copy / "site")
    assert first.returncode == 0, first.stderr
    page = (site_copy / "site/modules/know-what-you-want/index.html").read_text(encoding="utf-8")
    cache = site_copy / ".cache/career-allies"
    damaged = 0
    for path in cache.rglob("*"):
        if path.suffix == ".json":
            key = path.stem.split("-", 1)[1]
            shape = [{"key": key, "value": {"worksheets": [], "checklists": 1, "sources": "x", "links": None}},
                     {"key": key, "value": {"tag": "div", "attrib": [], "text": 1, "children": [[]]}},
                     {"key": key, "value": [1, 2]}][damaged % 3]
            path.write_text(json.dumps(shape), encoding="utf-8")
            damaged += 1
        elif path.is_file():  # the theme's compiled templates
            path.write_bytes(b"j2\x00not Jinja's")
    assert damaged > 3
    again = mkdocs_build(site_copy / "mkdocs.yml", site_copy / "site")
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert (site_copy / "site/modules/know-what-you-want/index.html").read_text(encoding="utf-8") == page


# ---------------------------------------------------------------- text shows as text

TITLE = "<script>window.pwned=1</script><img src=x onerror=window.pwned=2> *Goals* [x](https://evil.example) {: .x}"
PROGRAMME = "Allies *bold* _u_ [x](https://evil.example) & Co :smile:"
ORGANISATION = "Team_A *B* [c](https://evil.example) {: #x}"


class Page(HTMLParser):
    """Text of the elements we look at, and anything that could run or lead away."""

    WATCH = {"h1", "title", "li", ("span", "md-ellipsis"), ("label", "md-nav__title"), ("div", "ca-org-note")}

    def __init__(self, html: str):
        super().__init__()
        self.texts: dict[str, list[str]] = {}
        self.open: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self.bad: list[str] = []
        self.in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.in_script = True
        if any(name.startswith("on") for name in attrs) or "evil.example" in (attrs.get("href") or "") or attrs.get("src") == "x":
            self.bad.append(self.get_starttag_text())
        classes = (attrs.get("class") or "").split()
        name = next((f"{tag}.{c}" for c in classes if (tag, c) in self.WATCH), tag if tag in self.WATCH else None)
        self.open.append((tag, name))
        if name:
            self.texts.setdefault(name, []).append("")

    def handle_endtag(self, tag):
        self.in_script = False if tag == "script" else self.in_script
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.in_script:
            self.scripts.append(data)
        for _, name in self.open:
            if name:
                self.texts[name][-1] += data

    def text(self, name: str) -> list[str]:
        return [" ".join(t.split()) for t in self.texts.get(name, [])]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The site built with a hostile worksheet title and organisation names,
    served on its own port (instant navigation needs site_url's port)."""
    project = tmp_path_factory.mktemp("hostile") / "project"
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("mkdocs.yml", "organisation.yml"):
        shutil.copy(ROOT / name, project / name)
    edit(project / "docs/_data/worksheets/career-goals.yml", "title: Career goals\n", f"title: {json.dumps(TITLE)}\n")
    edit(project / "organisation.yml", "  name: Career Allies\n", f"  name: {json.dumps(PROGRAMME)}\n")
    edit(project / "organisation.yml", "  name: your organisation\n", f"  name: {json.dumps(ORGANISATION)}\n")
    notes = project / "docs/org/notes"
    notes.mkdir(parents=True)
    (notes / "index.md").write_text("Ask {{ organisation.name }} about {{ programme.name }}.\n", encoding="utf-8")
    site = project / "site"
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    result = mkdocs_build(project / "mkdocs.yml", site, site_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield site, url
    httpd.shutdown()
    httpd.server_close()


def test_hostile_titles_and_names_are_text_in_the_built_html(hostile_site):
    site, _ = hostile_site
    pack = Page((site / "worksheets/index.html").read_text(encoding="utf-8"))
    home = Page((site / "index.html").read_text(encoding="utf-8"))
    for page in (pack, home):
        assert page.bad == [] and not any("pwned" in s for s in page.scripts)
        assert PROGRAMME in page.text("span.md-ellipsis")  # the header
        assert page.text("label.md-nav__title")[0] == PROGRAMME  # the navigation
        assert page.text("title")[0].endswith(PROGRAMME)
    assert home.text("h1")[0].rstrip("¶ ") == PROGRAMME  # less the permalink
    html = (site / "worksheets/index.html").read_text(encoding="utf-8")
    start = html.index('id="contents"')
    contents = Page(html[html.index("<ol>", start) : html.index("</ol>", start) + 5])
    items = [t for t in contents.text("li") if "pwned" in t]
    assert len(items) == 1 and items[0].startswith(f"{TITLE} · ")  # then its module's title
    assert home.text("div.ca-org-note") == [f"At {ORGANISATION} Ask {ORGANISATION} about {PROGRAMME}."]


def test_no_script_runs_and_the_names_read_as_written_in_the_browser(hostile_site, page):
    _, url = hostile_site
    for path in ("worksheets/", ""):
        page.goto(url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.pwned") is None
        assert page.locator(".md-header__topic .md-ellipsis").first.inner_text().strip() == PROGRAMME
    page.goto(url + "worksheets/")
    assert page.locator("#contents + ol li", has_text="pwned").inner_text().startswith(f"{TITLE} · ")
    page.goto(url)
    assert page.locator("h1").first.inner_text().rstrip("¶ ") == PROGRAMME
    assert page.locator(".ca-org-note").inner_text().count(f"Ask {ORGANISATION} about {PROGRAMME}.") == 1
