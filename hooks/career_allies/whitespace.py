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
# attribute values may hold '>' inside quotes. {o} opens its groups: "(" to
# capture them (end tag's slash, name, attributes), "(?:" in a lookahead.
_TOKEN_TEXT = r"""<!--.*?-->|<![^>]*>|<{o}/?){o}[A-Za-z][^\s/>]*){o}(?:[^>"']|"[^"]*"|'[^']*')*)>"""
_TOKEN = re.compile(_TOKEN_TEXT.format(o="("), re.S)
_CLASS = re.compile(r"""(?:^|\s)class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)


def _next_token_pattern() -> re.Pattern[str]:
    """Matched at a position in a page: everything up to and including the
    next token that may keep something, the text and the plain tags before
    it passed over inside the regex (in C, not a Python loop a tag). A plain
    tag holds no line break, has a lowercase name that is none of
    PRESERVE_TAGS or RAW_TAGS, and none of PRESERVE_CLASSES is written in
    it; it ends exactly where _TOKEN would end it (its quotes fix that). A
    '<' at which no token starts is text, as for _TOKEN.search. Everything
    else is a token for strip_layout_whitespace to look at, which decides
    exactly, as before this shortcut existed."""
    kept = "|".join(re.escape(name) for name in sorted(PRESERVE_CLASSES))
    firsts = re.escape("".join(sorted({name[0] for name in PRESERVE_CLASSES})))
    special = "|".join(re.escape(name) for name in sorted(PRESERVE_TAGS | RAW_TAGS))
    # A kept class's name is looked for only where one of their first letters is.
    free = rf"(?:[^{firsts}QUOTES\n]++|(?!{kept})[{firsts}])"
    attributes = "(?:" + "|".join([free.replace("QUOTES", ">\"'"),
                                   '"' + free.replace("QUOTES", '"') + '*+"',
                                   "'" + free.replace("QUOTES", "'") + "*+'"]) + ")*+"
    plain = rf"</?(?!(?:{special})[\s/>])[a-z][a-z0-9-]*+(?=[\s/>]){attributes}>"
    skipped = rf"(?:[^<]++|{plain}|(?!{_TOKEN_TEXT.format(o='(?:')})<)*+"
    return re.compile(rf"{skipped}({_TOKEN_TEXT.format(o='(')})", re.S)  # groups: the token, then _TOKEN's


_NEXT_TOKEN = _next_token_pattern()


def _collapse(text: str) -> str:
    """`text` (no tokens in it) with every run of spaces and tabs that holds a
    line break made one line break. Line by line: several times quicker than
    the regex [ \t]*\n[ \t\n]*, which would try a match at every character."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    kept = [lines[0].rstrip(" \t")]
    for line in lines[1:-1]:
        if line := line.strip(" \t"):
            kept.append(line)
    kept.append(lines[-1].lstrip(" \t"))
    return "\n".join(kept)


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
    """The page without its layout whitespace (see the module's docstring).

    Only the tokens that may keep something (see _next_token_pattern) are
    looked at in Python; the text between them, plain tags and all, loses its
    layout whitespace in one go (a run of it holds neither '<' nor '>', and a
    plain tag no line break, so no run reaches into a tag). The plain
    token-by-token version this replaced, 2-3 times slower, is
    tests/whitespace_reference.py, which this must match byte for byte."""
    out: list[str] = []
    position = 0  # where the text not yet written starts
    while token := _NEXT_TOKEN.match(html, position):
        start, end = token.span(1)
        name = (token.group(3) or "").lower()
        if name and not token.group(2):
            if name not in VOID_TAGS and _preserved(name, token.group(4)) or name in RAW_TAGS:
                end = _element_end(html, name, end)
        out.append(_collapse(html[position:start]))
        out.append(html[start:end])
        position = end
    out.append(_collapse(html[position:]))
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
