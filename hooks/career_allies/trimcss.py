"""Trimming the theme's minified stylesheets: what palette.py and maincss.py share.

The theme (Material or Zensical) links stylesheets that hold rules this site
can never match. `trim_linked(site_dir, patterns, trim, pages)` finds the
theme's file a built site links (by glob patterns, wherever the variant puts
it), lets `trim` cut it down, writes the result under a name of its own
derived from its content (`palette.<sha256 prefix>.min.css`: a browser that
cached the theme's name keeps seeing the theme's content under it) and points
every page's link at it. The theme's file stays, under its own name.

The tokenizer is small and only for minified CSS: style rules, nested
@media/@supports/@container/@layer blocks, other at-rules kept whole,
strings and comments (the source-map comment is dropped, as the map no
longer fits). Anything it cannot read with confidence (unbalanced braces,
nested style rules, a declaration outside a rule) raises Unsure, and the
file and the pages stay as they were.

Plain Python, no MkDocs imports.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from pathlib import Path

# At-rules whose block holds rules (trimmed inside); any other block is kept whole.
_NESTING = ("@media", "@supports", "@container", "@layer", "@document", "@-moz-document")
_SOURCE_MAP = re.compile(r"/\*[#@]\s*sourceMappingURL=")
# Where the tokenizers stop: every other character is skipped in one search.
_IN_LIST = re.compile(r"""["';{}]|/\*""")
_IN_BLOCK = re.compile(r"""["'{}]|/\*""")
_IN_SELECTORS = re.compile(r"""["'()\[\],]""")
_NESTED_SELECTOR = re.compile(r"""["'()\[\]]""")
_STRING_END = re.compile(r"""\\.|["'\n]""", re.S)


class Unsure(Exception):
    """The stylesheet holds something this small tokenizer does not read with confidence."""


def _skip_string(css: str, i: int) -> int:
    """The index just after the string that starts at css[i]."""
    quote, i = css[i], i + 1
    while found := _STRING_END.search(css, i):
        if found.group() == quote:
            return found.end()
        if found.group() == "\n":
            break
        i = found.end()
    raise Unsure("a string that does not end")


def _skip_comment(css: str, i: int) -> int:
    end = css.find("*/", i + 2)
    if end < 0:
        raise Unsure("a comment that does not end")
    return end + 2


def _block_end(css: str, i: int, *, nested: bool) -> int:
    """From the '{' at css[i], the index just after its matching '}'.
    With nested False, a '{' inside is a reason to stop (CSS nesting)."""
    depth = 0
    while found := _IN_BLOCK.search(css, i):
        i, c = found.start(), found.group()
        if c in "\"'":
            i = _skip_string(css, i)
            continue
        if css.startswith("/*", i):
            i = _skip_comment(css, i)
            continue
        if c == "{":
            depth += 1
            if depth > 1 and not nested:
                raise Unsure("a rule inside a style rule")
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise Unsure("a block that does not end")


def parse(css: str, i: int = 0, depth: int = 0) -> tuple[list[tuple], int]:
    """Minified CSS as nodes: ("rule", selectors, body), ("block", prelude,
    nodes), ("raw", text) for at-rules kept whole and comments. Raises Unsure."""
    nodes: list[tuple] = []
    start = i
    while found := _IN_LIST.search(css, i):
        i, c = found.start(), found.group()
        if c in "\"'":
            i = _skip_string(css, i)
        elif css.startswith("/*", i):
            end = _skip_comment(css, i)
            if not css[start:i].strip():  # a comment of its own, between rules
                if not _SOURCE_MAP.match(css, i):
                    nodes.append(("raw", css[i:end]))
                start = end
            i = end
        elif c == "{":
            prelude = css[start:i].strip()
            if not prelude:
                raise Unsure("a block without a selector")
            if prelude.startswith("@"):
                if prelude.split(None, 1)[0].split("(", 1)[0].lower() in _NESTING:
                    children, i = parse(css, i + 1, depth + 1)
                    nodes.append(("block", prelude, children))
                else:
                    end = _block_end(css, i, nested=True)
                    nodes.append(("raw", css[start:end].strip()))
                    i = end
            else:
                end = _block_end(css, i, nested=False)
                nodes.append(("rule", prelude, css[i + 1: end - 1]))
                i = end
            start = i
        elif c == "}":
            if depth == 0 or css[start:i].strip():
                raise Unsure("a '}' without its '{'" if depth == 0 else "a declaration outside a rule")
            return nodes, i + 1
        elif c == ";":
            statement = css[start:i + 1].strip()
            if not statement.startswith("@"):
                raise Unsure("a declaration outside a rule")
            nodes.append(("raw", statement))
            i += 1
            start = i
    if depth or css[start:].strip():
        raise Unsure("a block that does not end")
    return nodes, i


def split_selectors(selectors: str) -> list[str]:
    """A selector list cut at its top-level commas (not inside (), [] or strings)."""
    if not _NESTED_SELECTOR.search(selectors):  # every comma is a top-level one (two lists in three)
        return selectors.split(",")
    parts, depth, start, i = [], 0, 0, 0
    while found := _IN_SELECTORS.search(selectors, i):
        i, c = found.start(), found.group()
        if c in "\"'":
            i = _skip_string(selectors, i)
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0:
            parts.append(selectors[start:i])
            start = i + 1
        i += 1
    parts.append(selectors[start:])
    return parts


def _kept(nodes: list[tuple], can_apply: Callable[[str], bool]) -> list[str]:
    out = []
    for node in nodes:
        if node[0] == "rule":
            selectors = [s for s in split_selectors(node[1]) if can_apply(s)]
            if selectors:
                out.append(",".join(selectors) + "{" + node[2] + "}")
        elif node[0] == "block":
            inner = _kept(node[2], can_apply)
            if inner:
                out.append(node[1] + "{" + "".join(inner) + "}")
        else:
            out.append(node[1])
    return out


def keep_selectors(css: str, can_apply: Callable[[str], bool]) -> str | None:
    """The stylesheet with only the selectors `can_apply` says can match (a
    rule left with none goes, and so does a block left empty), or None when
    it cannot be read with confidence (then use it whole)."""
    try:
        nodes, _ = parse(css)
    except Unsure:
        return None
    return "".join(_kept(nodes, can_apply))


def content_name(path: Path, text: str) -> Path:
    """<stem>.<hash>.min<suffix> beside the theme's file (stem: 'palette',
    'main', 'bundle'; suffix: '.css', '.js'), the hash from the content."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return path.with_name(f"{path.name.split('.', 1)[0]}.{digest}.min{path.suffix}")


def trim_linked(site_dir: Path, patterns: Iterable[str], trim: Callable[[str, dict[Path, str]], str | None],
                pages: dict[Path, str] | None = None) -> dict[str, str]:
    """Trim the theme's files a built site links (found by the glob
    `patterns`: stylesheets, or the script career_allies/lazysearch.py
    edits) with `trim(text, pages' texts)` (None: leave it whole), write
    each under a content-derived name and point every page at it.
    `pages`: the pages' text (career_allies.headers.site_pages), changed in
    place for the caller to write (finish_site writes each page once); None
    reads and writes them here, as bytes. Returns {old path: new path}
    (site-relative), empty when nothing changed. The theme's file stays, for
    a page a browser still holds from before."""
    site_dir = Path(site_dir)
    theme_files = sorted({p for pattern in patterns for p in site_dir.glob(pattern)})
    texts = pages if pages is not None else {
        page: page.read_bytes().decode("utf-8", "surrogateescape") for page in site_dir.rglob("*.html")}
    renamed: dict[str, str] = {}
    for path in theme_files:
        old = path.relative_to(site_dir).as_posix()
        if not any(old in text for text in texts.values()):
            continue  # not linked: another variant's file, or ours already
        body = path.read_text(encoding="utf-8")
        trimmed = trim(body, texts)
        if trimmed is None or trimmed == body:
            continue
        target = content_name(path, trimmed)
        target.write_text(trimmed, encoding="utf-8")
        renamed[old] = target.relative_to(site_dir).as_posix()
    if renamed:
        for page, text in texts.items():
            new = text
            for old, target_name in renamed.items():
                new = new.replace(old, target_name)
            if new != text:
                texts[page] = new
                if pages is None:
                    page.write_bytes(new.encode("utf-8", "surrogateescape"))
    return renamed
