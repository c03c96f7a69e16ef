"""The theme's main stylesheet, trimmed to the classes this site can carry.

Material (and Zensical) link `assets/stylesheets/main.<hash>.min.css` on
every page: about 137 KB (23 KB gzip), with rules for every feature the
theme offers (blog, tags, annotations, Mermaid, content tabs, ...). A rule
can only match an element with every class its selector requires, and a
class can only be on an element if some page writes it or some script can
add it. So `trim_main(site_dir, pages)` drops each selector that requires a
class (outside :not(), :is(), :where(), :has() or any other parentheses)
that occurs nowhere in the built site's pages or JavaScript files (the
theme's bundle and search worker, ours), a rule left with no selector, and
a block left empty. Everything else stays: at-rules such as @font-face and
@keyframes whole, :root's custom properties, selectors of elements and
attributes only.

The corpus is the whole site, not one page: instant navigation keeps one
stylesheet for every page, and scripts write markup of their own (search
results, copy buttons, tooltips). A class counts as present when it occurs
as a word anywhere in that text (in prose too: only ever too much is kept),
or when it starts with a prefix a script builds class names from at run
time (`md-tag--${...}` in a template literal, or `"md-tag--" + x`). The one
set of scripts left out is Material's search language support
(`assets/javascripts/lunr/`: stemmers, stop words, and a 660 KB Thai
dictionary), which only the search worker loads: a worker cannot touch the
page, and those scripts write no markup for it either (the worker's own
script, which does, is read).

The tokenizer, the content-derived name (`main.<sha256 prefix>.min.css`)
and the pages' links are career_allies/trimcss.py's, as for the palette
stylesheet (palette.py). Anything the tokenizer cannot read with confidence
leaves the file and the pages as they were.

Plain Python, no MkDocs imports.
"""

from __future__ import annotations

import re
from pathlib import Path

from .trimcss import keep_selectors, trim_linked

# The theme's main stylesheet, as built, wherever the variant puts it
# (Material: assets/stylesheets/; Zensical: assets/stylesheets/classic/ or modern/).
THEME_FILES = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/*/main.*.min.css")
# The scripts that can put classes on elements: every one the site ships,
# but for those only the search worker loads (see the module's docstring).
SCRIPTS = "*.js"
WORKER_ONLY = ("assets/javascripts/lunr/",)
# Words as bytes: every byte that cannot be in a class name written
# without escapes becomes a space (one pass of bytes.translate, several times
# faster than a regular expression over the site's megabytes of text).
_NAME_BYTES = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") | set(range(128, 256))
_NOT_NAME = bytes(b if b in _NAME_BYTES else 0x20 for b in range(256))
# Class names a script builds at run time: the literal part before
# `${` in a template literal (not after another `}`: `${a}-${b}` names no
# prefix), and a quoted literal followed by + or .concat(. Only a prefix
# with a '-' or '_' in it counts, as class names are built from one
# ("md-tag--", "__tooltip_"): a library's `'m' + str` or `'is' + name`
# would otherwise keep every class that starts with 'm' or 'is'.
#
# All three are read from the text reversed (and written here reversed), so
# that each starts at a fixed string, which the regex engine skips to: the
# rare `{$` (a `${` reversed), `+` or `(tacnoc.`. Forwards,
# `(?<![\w$}-])([\w-]+)\$\{` and `(["'`])([\w-]+)\1\s*(?:\+|\.concat\()`
# tried a match at every word and every quote (the pages' attribute values):
# a third of the theme stylesheet trim, ten times this. The same prefixes,
# reversed back: a match is fixed by the `${`, `+` or `.concat(` it ends at
# (a run of name characters holds no quote or `$`, so two never overlap),
# so reading from the other end finds exactly the same ones.
_TEMPLATE_PREFIX_REVERSED = re.compile(r"\{\$([\w-]+)(?![\w$}-])")
_PLUS_PREFIX_REVERSED = re.compile(r"""\+\s*(["'`])([\w-]+)\1""")
_CONCAT_PREFIX_REVERSED = re.compile(r"""\(tacnoc\.\s*(["'`])([\w-]+)\1""")
# What a selector's requirements are read from: strings, attribute
# selectors and parenthesised arguments are taken out first (innermost
# parentheses first), so only the classes the selector itself needs remain.
_STRING = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""", re.S)
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_ARGUMENTS = re.compile(r"\([^()]*\)")
_CLASS = re.compile(r"\.((?:[\w-]|\\.)+)", re.S)


def site_classes(texts: list[str]) -> tuple[set[bytes], tuple[str, ...]]:
    """Every word in the texts (pages and scripts), as UTF-8 bytes, and the
    prefixes the scripts build class names from."""
    # A line break is not part of any word, so each distinct line is read
    # once: the pages repeat their header, navigation and footer, line for
    # line, and the words come from a third of the text.
    lines = set()
    for text in texts:
        lines.update(text.split("\n"))
    words = set("\n".join(lines).encode("utf-8", "surrogateescape").translate(_NOT_NAME).split())
    prefixes: set[str] = set()
    for text in texts:
        backwards = text[::-1]
        if "${" in text:
            prefixes.update(prefix[::-1] for prefix in _TEMPLATE_PREFIX_REVERSED.findall(backwards))
        prefixes.update(prefix[::-1] for _, prefix in _PLUS_PREFIX_REVERSED.findall(backwards))
        if ".concat(" in text:
            prefixes.update(prefix[::-1] for _, prefix in _CONCAT_PREFIX_REVERSED.findall(backwards))
    return words, tuple(sorted(prefix for prefix in prefixes if "-" in prefix or "_" in prefix))


def required_classes(selector: str) -> list[str]:
    """The classes an element must have for the selector to match: those
    outside strings, attribute selectors and parentheses (:not(.a) requires
    nothing, nor does :is(.a, .b)). A class written with an escape is left
    out, so it never counts against the selector."""
    plain = selector
    # Each pass only where it can find something (most selectors hold no string, attribute or parentheses).
    if '"' in plain or "'" in plain:
        plain = _STRING.sub('""', plain)
    if "[" in plain:
        plain = _ATTRIBUTE.sub("", plain)
    while "(" in plain:
        shorter = _ARGUMENTS.sub("", plain)
        if shorter == plain:
            break
        plain = shorter
    return [name for name in _CLASS.findall(plain) if "\\" not in name]


def trim_css(css: str, words: set[bytes], prefixes: tuple[str, ...] = ()) -> str | None:
    """The stylesheet without the selectors that require a class that is
    neither in `words` nor starts with one of `prefixes`, or None when it
    cannot be read with confidence (then use it whole)."""
    known: dict[str, bool] = {}

    def present(name: str) -> bool:
        if name not in known:
            known[name] = name.encode("utf-8") in words or name.startswith(prefixes)
        return known[name]

    return keep_selectors(css, lambda selector: all(present(name) for name in required_classes(selector)))


def scripts(site_dir: Path) -> list[str]:
    """The text of every script the built site ships (source maps aside) but
    those only the search worker loads (WORKER_ONLY)."""
    site_dir = Path(site_dir)
    return [path.read_text(encoding="utf-8", errors="replace") for path in sorted(site_dir.rglob(SCRIPTS))
            if not path.relative_to(site_dir).as_posix().startswith(WORKER_ONLY)]


def trim_main(site_dir: Path, pages: dict[Path, str] | None = None) -> dict[str, str]:
    """Trim the theme's main stylesheet a built site links to the classes its
    pages and scripts can carry, under a content-derived name, and point
    every page at it (career_allies.trimcss.trim_linked: `pages` as there).
    Returns {old path: new path} (site-relative), empty when nothing changed."""
    def trim(css: str, texts: dict[Path, str]) -> str | None:
        words, prefixes = site_classes([*texts.values(), *scripts(site_dir)])
        return trim_css(css, words, prefixes)

    return trim_linked(site_dir, THEME_FILES, trim, pages)
