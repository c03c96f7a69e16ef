"""The page finisher's whitespace step as it was before it learned to pass
over plain tags inside one regex (career_allies/whitespace.py, issue 19):
a Python loop over every token of the page, and a regex substitution on
the text between each two. Kept as the reference the quick one must match
byte for byte (tests/test_core_whitespace.py on made-up pages,
tests/test_site_whitespace.py on every built page). The helpers the two
share (what a token is, what is kept, where a kept element ends) come from
the real module: only the scanning changed. Do not speed this one up: its
plainness is the point.
"""

from __future__ import annotations

import re

from career_allies.whitespace import _TOKEN, RAW_TAGS, VOID_TAGS, _element_end, _preserved

_LAYOUT = re.compile(r"[ \t]*\n[ \t\n]*")


def strip_layout_whitespace(html: str) -> str:
    """The page without its layout whitespace, the plain way."""
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
