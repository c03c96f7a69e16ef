"""Take the layout whitespace out of built pages.

The theme's templates and ours indent their HTML for people reading the
source; every reader downloads that indentation on every page (about
0.5-0.75 KB gzip a page). `strip_layout_whitespace(html)` collapses every
run of spaces and tabs that holds a line break to one line break ("  \\n",
"\\n    ", blank lines), which a browser renders exactly as before: a run
of whitespace between words is still whitespace, and one between blocks
shows nothing either way. Runs without a line break are left alone.

Kept byte for byte, because there whitespace is shown as written or is not
HTML text at all:

- <pre>, <textarea>, <script>, <style>, <code>, <kbd> (any letter case);
- an element with one of PRESERVE_CLASSES: the stylesheets give it (or what
  is inside it) `white-space: pre*` (tests/test_core_whitespace.py checks
  that list against career-allies.css and the theme's main stylesheet);
- tags themselves (attribute values may hold line breaks) and comments.

Plain Python, no MkDocs imports.
"""

from __future__ import annotations

import re
from pathlib import Path

# Elements whose content is left exactly as written.
PRESERVE_TAGS = frozenset({"pre", "textarea", "script", "style", "code", "kbd"})
# Elements whose content is raw text for the parser: their end is the first
# matching end tag, whatever comes before it.
RAW_TAGS = frozenset({"script", "style", "textarea", "title"})
# Classes the stylesheets show as written (white-space: pre*), on the
# element or on what it holds: the paper version's writing lines, My plan's
# answers and answer tables (career-allies.css), the search suggestion
# (the theme's main stylesheet).
PRESERVE_CLASSES = frozenset({"ca-paper", "ca-plan__answers", "ca-plan__table", "md-search__suggest"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                       "source", "track", "wbr"})

# A comment, a declaration (<!DOCTYPE ...>, <![CDATA[...]]>) or a tag whose
# attribute values may hold '>' inside quotes.
_TOKEN = re.compile(
    r"""<!--.*?-->"""
    r"""|<![^>]*>"""
    r"""|<(/?)([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""",
    re.S,
)
_CLASS = re.compile(r"""(?:^|\s)class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_LAYOUT = re.compile(r"[ \t]*\n[ \t\n]*")


def _preserved(name: str, attrs: str) -> bool:
    if name in PRESERVE_TAGS:
        return True
    found = _CLASS.search(attrs)
    if found is None:
        return False
    return not PRESERVE_CLASSES.isdisjoint((found.group(1) or found.group(2) or found.group(3) or "").split())


def _element_end(html: str, name: str, start: int) -> int:
    """Where the element `name` whose start tag ends at `start` ends (just
    after its end tag, same-name elements inside counted); the end of the
    page if it never does."""
    if name in RAW_TAGS:
        end = re.compile(rf"</{re.escape(name)}\s*>", re.I).search(html, start)
        return end.end() if end else len(html)
    depth, position = 1, start
    while token := _TOKEN.search(html, position):
        position = token.end()
        tag = (token.group(2) or "").lower()
        if tag == name:
            if token.group(1):
                depth -= 1
                if depth == 0:
                    return position
            else:  # "<x/>" counted too: in HTML it opens x all the same
                depth += 1
        elif tag in RAW_TAGS and not token.group(1):
            position = _element_end(html, tag, position)
    return len(html)


def strip_layout_whitespace(html: str) -> str:
    """The page without its layout whitespace (see the module's docstring)."""
    out: list[str] = []
    position = 0
    while token := _TOKEN.search(html, position):
        out.append(_LAYOUT.sub("\n", html[position:token.start()]))
        end = token.end()
        name = (token.group(2) or "").lower()
        if name and not token.group(1) and name not in VOID_TAGS and _preserved(name, token.group(3)):
            end = _element_end(html, name, end)
        elif name in RAW_TAGS and not token.group(1):
            end = _element_end(html, name, end)
        out.append(html[token.start():end])
        position = end
    out.append(_LAYOUT.sub("\n", html[position:]))
    return "".join(out)


def strip_pages_whitespace(pages: dict[Path, str]) -> int:
    """strip_layout_whitespace on every page in `pages`, in place (the
    caller writes them). Returns the number of pages changed."""
    changed = 0
    for page, text in pages.items():
        new = strip_layout_whitespace(text)
        if new != text:
            pages[page] = new
            changed += 1
    return changed
