"""Give every plain content table a wrapper of its own.

When a page starts, the theme's script wraps each table without a class in
a scrolling box. Taking a table out of the article and putting it back
makes the browser restyle the whole article: on a module page, about 500
elements, some 60-120 ms of main thread on Lighthouse's simulated phone
(it counts as blocking time). With the table already inside a plain <div>,
the theme wraps it there, and only that small box is restyled. The <div>
has no styles of its own; with JavaScript off, no-js.css gives what follows
it the space the theme gives what follows a table, so the page looks the
same either way.
"""

from __future__ import annotations

import re

WRAPPER = '<div class="ca-content-table">'
_TAG = re.compile(r"<(/?)table\b([^>]*)>", re.I)
_CLASS = re.compile(r"\sclass\s*=", re.I)


def wrap_tables(html: str) -> str:
    """Wrap each <table> that has no class attribute (the ones the theme's
    script wraps) in WRAPPER ... </div>; nested tables are matched up."""
    first = _TAG.search(html)
    if first is None:
        return html
    out: list[str] = []
    wrapped: list[bool] = []
    at = 0
    for tag in _TAG.finditer(html, first.start()):
        out.append(html[at : tag.start()])
        at = tag.end()
        if not tag.group(1):
            plain = not _CLASS.search(tag.group(2))
            wrapped.append(plain)
            out.append(WRAPPER + tag.group(0) if plain else tag.group(0))
        else:
            out.append(tag.group(0) + "</div>" if wrapped and wrapped.pop() else tag.group(0))
    out.append(html[at:])
    return "".join(out)
