"""Links in a built site that lead to no file of it.

Zensical checks links in the Markdown source, before the career_allies
extension has turned links to switched-off pages into text, so while pages
are switched off its check is turned off (see zensical.generated_config)
and this one, on the built pages, takes its place: every relative `href` of
an `<a>` must lead to a file of the site (a folder: its index.html). Links
with a scheme or to another host, within the page (#...) or from the host's
root (/...) are left alone. A MkDocs build checks links itself.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

# An <a> tag (quoted attribute values may hold ">"), and its href, quoted or not.
A_TAG = re.compile(r"""<a\s(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)
HREF = re.compile(r"""(?<![\w-])href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
# What is not markup: comments, and scripts' and styles' text.
NOT_MARKUP = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def dead_links(site_dir: Path, docs: Path | None = None) -> list[str]:
    """'page: href' for each relative link that leads to no file of the site,
    the page named by its Markdown file in `docs` where there is one."""
    problems = []
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    for page in sorted(site_dir.rglob("*.html")):
        here = page.parent.relative_to(site_dir).as_posix()
        name = page.relative_to(site_dir).as_posix()
        if docs is not None and page.name == "index.html":
            folder = "" if here == "." else here + "/"
            named = (f"{folder}index.md", f"{folder}README.md", *((f"{here}.md",) if folder else ()))
            sources = [f for f in named if (docs / f).is_file()]
            name = f"{docs.name}/{sources[0]}" if sources else name
        markup = NOT_MARKUP.sub("", page.read_text(encoding="utf-8"))
        hrefs = {"".join(found) for tag in A_TAG.findall(markup) for found in HREF.findall(tag)[:1]}
        for href in sorted(hrefs):
            href = html.unescape(href)
            path = unquote(urlsplit(href).path)
            if not path or SCHEME.match(href) or href.startswith(("/", "#")):
                continue
            target = posixpath.normpath(posixpath.join(here, path))
            found = target in files or posixpath.normpath(posixpath.join(target, "index.html")) in files
            if target == ".." or target.startswith("../") or not found:
                problems.append(f"{name}: {href}")
    return problems


def report(problems: list[str]) -> str:
    """What to print: each page and link, and what to do."""
    lines = [f"  {p}" for p in problems[:20]] + ([f"  ... and {len(problems) - 20} more"] if len(problems) > 20 else [])
    return (
        f"{len(problems)} link(s) lead to no page of the site (with pages switched off, Zensical leaves "
        "link checking to this build):\n" + "\n".join(lines) + "\n"
        "Mend or remove each link in that page, or in the organisation note placed on it."
    )
