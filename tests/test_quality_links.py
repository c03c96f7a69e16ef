"""Link gate: every internal link and anchor in the built HTML resolves.

MkDocs' strict build checks links written in Markdown. This also covers what
it cannot see: raw HTML in templates and shortcodes (band links, plan links,
the worksheet pack), pages made by hooks, the theme's own links, `src` of
scripts and images, stylesheet `href`s and the sitemap.
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from quality import built_pages, page_file

LINKING = {("a", "href"), ("link", "href"), ("area", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src"), ("form", "action")}


class _Collect(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, int]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for t, attr in LINKING:
            if tag == t and a.get(attr) is not None:
                self.links.append((tag, a[attr], self.getpos()[0]))
        if a.get("srcset"):
            for part in a["srcset"].split(","):
                if part.strip():
                    self.links.append((tag, part.strip().split()[0], self.getpos()[0]))


def parse(path: Path) -> _Collect:
    c = _Collect()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def target_file(site: Path, url_path: str) -> Path | None:
    rel = unquote(url_path).lstrip("/")
    candidates = [site / rel] if rel and not rel.endswith("/") else []
    candidates += [site / rel / "index.html"] if rel else [site / "index.html"]
    for c in candidates:
        if c.is_file():
            return c
    return None


def broken_links(site: Path, base_url: str) -> list[str]:
    """Every internal link or anchor in `site` that does not resolve.
    `base_url` is the site_url the site was built with (its links may be absolute)."""
    base = urlsplit(base_url)
    parsed: dict[Path, _Collect] = {}

    def get(p: Path) -> _Collect:
        if p not in parsed:
            parsed[p] = parse(p)
        return parsed[p]

    problems = []
    for path in built_pages(site):
        source = page_file(site, path)
        page_url = urljoin(base_url, path.lstrip("/"))
        for tag, raw, line in get(source).links:
            where = f"{source.relative_to(site)}:{line}: <{tag}> {raw!r}"
            if re.match(r"^\s*javascript:", raw, re.I):
                problems.append(f"{where}: javascript: link")
                continue
            url = urlsplit(urljoin(page_url, raw))
            if url.scheme not in ("http", "https"):
                continue  # mailto:, tel:, data:
            if (url.hostname, url.port) != (base.hostname, base.port) or not url.path.startswith(base.path):
                continue  # another site: not ours to check here (and the privacy gate stops it loading)
            target = target_file(site, url.path[len(base.path) - 1 :])
            if target is None:
                problems.append(f"{where}: no such file")
                continue
            if url.fragment and target.suffix == ".html":
                fragment = unquote(url.fragment)
                if fragment not in get(target).ids:
                    problems.append(f"{where}: no id {fragment!r} on {target.relative_to(site)}")
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")):
            url = urlsplit(loc)
            if target_file(site, url.path[len(base.path) - 1 :]) is None:
                problems.append(f"sitemap.xml: {loc}: no such page")
    return problems


def test_every_internal_link_and_anchor_resolves(built_site, server):
    problems = broken_links(built_site, server + "/")
    assert not problems, "\n".join(problems[:50])


def test_the_link_checker_catches_broken_links(tmp_path):
    """The gate can fail: a missing page, a missing anchor and a javascript: link."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<p id="top"><a href="a/">ok</a> <a href="a/#here">ok</a> <a href="#top">ok</a>'
        ' <a href="https://example.org/x">elsewhere</a> <a href="mailto:x@example.org">mail</a>'
        ' <a href="gone/">broken</a> <a href="a/#nowhere">broken anchor</a> <a href="javascript:alert(1)">js</a>'
        ' <img src="missing.png" alt=""></p>',
        encoding="utf-8",
    )
    (site / "a" / "index.html").write_text('<h2 id="here">Here</h2><a href="../index.html#top">back</a>', encoding="utf-8")
    problems = broken_links(site, "http://127.0.0.1:9/")
    assert len(problems) == 4, problems
    assert any("'gone/'" in p for p in problems)
    assert any("no id 'nowhere'" in p for p in problems)
    assert any("javascript:" in p for p in problems)
    assert any("missing.png" in p for p in problems)
