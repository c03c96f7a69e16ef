"""The page finisher's whitespace step as it was before it learned to pass
over plain tags inside one regex (career_allies/whitespace.py, issue 19):
a Python loop over every token of the page. Kept as the reference the fast
one must match byte for byte (tests/test_core_whitespace.py on made-up
pages, tests/test_site_whitespace.py on every built page). Do not speed
this one up: its plainness is the point.
"""

from __future__ import annotations

import re

# The same elements and classes as the real step, whatever they become.
from career_allies.whitespace import PRESERVE_CLASSES, PRESERVE_TAGS, RAW_TAGS, VOID_TAGS

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
