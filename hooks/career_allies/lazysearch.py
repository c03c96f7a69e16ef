"""The search index, fetched when a reader first opens the search.

Material's script fetches `search/search_index.json` (about 250 KB, 80 KB
gzip, for this course) as every page loads, parses it on the main thread,
and hands it to the search worker, which builds its index straight away:
on a phone, a download and a few hundred milliseconds of work on every
first visit and every reload, for a search most readers never open. The
theme already waits for the search to be opened when a page is read from
file:// (the offline copy); `search_on_demand` makes it wait on every host.

Two places in the theme's bundle ask for the index:

- the search worker's setup: `merge(of(location.protocol !== "file:"),
  watchToggle("search"))`, open at once on a web host. It becomes
  `watchToggle("search")`: the index is fetched, and the worker's index
  built, when the search opens (a tap on the search icon, the search field
  focused, a `/` or `s` key, a `?q=` address). Until then the search says
  "Initializing search", as the theme does while it loads;
- the highlighting of search words (`search.highlight`), which waits for
  the index and for a `?h=` address together, and so fetched it on every
  page. It now asks for it only when the address has `h` in it (the page
  was opened from a search result).

Each is found by its shape in the minified script (the theme's own names for
its helpers change between releases). Unless both are found exactly once,
the script stays as the theme ships it and the search loads as before:
slower to start, never broken. The edited script goes under a
content-derived name (career_allies/trimcss.py's trim_linked), which every
page links. Zensical's search is its own and is left as it is.

Plain Python, no MkDocs imports.
"""

from __future__ import annotations

import re
from pathlib import Path

from .trimcss import trim_linked

THEME_SCRIPTS = ("assets/javascripts/bundle.*.min.js",)
# Each place is found from a literal part (a quick scan of the 140 KB
# script), then its start in the few characters before it.
# merge(of(location.protocol!=="file:"),watchToggle("search")) -> watchToggle("search")
_WORKER = re.compile(r'location\.protocol!=="file:"\),([\w$]+\("search"\))\)')
_WORKER_START = re.compile(r"[\w$]+\([\w$]+\($")
# combineLatest([index$, location$.pipe(..., filter(url => !!url.searchParams.get("h")))]):
# its index$ becomes an empty stream unless the page's address has h.
_HIGHLIGHT = re.compile(r'\.searchParams\.get\("h"\)\)\)\]\)')
_HIGHLIGHT_START = re.compile(r"\(\[([\w$]+),[\w$]+\.pipe\([^\[\]]*$")
# The theme's empty stream: the index$ of a page without a search form.
_EMPTY = re.compile(r'document\.forms\.namedItem\("search"\)\?[\w$]+\(\):([\w$]+)[,;]')
_BEFORE = 150  # characters before a literal part where its place may start


def _place(js: str, literal: re.Pattern, start: re.Pattern) -> tuple[re.Match, re.Match] | None:
    """The one match of `literal` and the match of `start` that ends where
    it begins, or None unless there is exactly one such place."""
    found = list(literal.finditer(js))
    if len(found) != 1:
        return None
    head = start.search(js, max(0, found[0].start() - _BEFORE), found[0].start())
    return (head, found[0]) if head else None


def search_on_demand(js: str) -> str | None:
    """The theme's bundle with the search index fetched on first use, or
    None when either place is not found exactly once (keep it whole)."""
    worker, highlight = _place(js, _WORKER, _WORKER_START), _place(js, _HIGHLIGHT, _HIGHLIGHT_START)
    empty = list(_EMPTY.finditer(js))
    if worker is None or highlight is None or len(empty) != 1:
        return None
    (w_head, w_tail), (h_head, _) = worker, highlight
    index = h_head.group(1)
    edits = sorted([
        (w_head.start(), w_tail.end(), w_tail.group(1)),
        (h_head.start(1), h_head.end(1), f'(new URL(location.href).searchParams.get("h")?{index}:{empty[0].group(1)})'),
    ], reverse=True)
    for begin, end, text in edits:
        js = js[:begin] + text + js[end:]
    return js


def defer_search_index(site_dir: Path, pages: dict[Path, str] | None = None) -> dict[str, str]:
    """Give the built site the theme's bundle with the search index fetched
    on first use, under its own name, and point every page at it
    (career_allies.trimcss.trim_linked: `pages` and what it returns as there)."""
    return trim_linked(site_dir, THEME_SCRIPTS, lambda js, _pages: search_on_demand(js), pages)
