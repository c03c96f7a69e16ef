"""The theme's palette stylesheet, trimmed to the colours this site can show.

Material (and Zensical) link `assets/stylesheets/palette.<hash>.min.css` on
every page: about 12 KB, mostly one rule set for each of the theme's named
primary and accent colours. A page can only ever carry the schemes and
colour names its config's `theme.palette` lists (the theme's templates and
the light/dark switch take them from there), so every rule that needs
another name cannot apply. `trim_palette(site_dir, names, pages)` works on
the theme's file as built (so a theme upgrade keeps working), keeps only the
rules that can apply, writes them under a name of their own derived from
their content (`palette.<sha256 prefix>.min.css`; a browser that cached the
theme's name keeps seeing the theme's content under it) and points every
page's link at it.

The tokenizer, the content-derived name and the pages' links are
career_allies/trimcss.py's, shared with the main stylesheet's trim
(maincss.py). Anything the tokenizer cannot read with confidence leaves
the file and the pages as they were.

Plain Python, no MkDocs imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .trimcss import keep_selectors, trim_linked

KINDS = ("scheme", "primary", "accent")
# What the theme's templates take when a palette entry leaves one out.
DEFAULTS = {"scheme": "default", "primary": "indigo", "accent": "indigo"}
# The theme's palette stylesheet, as built, wherever the variant puts it
# (Material: assets/stylesheets/; Zensical: assets/stylesheets/classic/ or modern/).
THEME_FILES = ("assets/stylesheets/palette.*.min.css", "assets/stylesheets/*/palette.*.min.css")
# A colour attribute the theme's rules test, with its value (quoted or not).
_ATTR = re.compile(r"""\[\s*data-md-color-(scheme|primary|accent)\s*=\s*(["']?)([^"'\]\s]+)\2\s*\]""")
_NOT = re.compile(r":not\([^()]*\)")


def palette_names(palette: Any) -> dict[str, set[str]]:
    """The schemes and colour names a page of this site can carry, from the
    config's `theme.palette` (one mapping or a list of them), as the theme's
    templates write them into the page (defaults filled in, spaces as '-')."""
    entries = [palette] if isinstance(palette, Mapping) else list(palette or ())
    names: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for entry in entries:
        if isinstance(entry, Mapping):
            for kind in KINDS:
                names[kind].add(str(entry.get(kind) or DEFAULTS[kind]).replace(" ", "-"))
    return names


def can_apply(selector: str, names: Mapping[str, Iterable[str]]) -> bool:
    """Whether a selector can match on a page whose colour attributes take
    only these values: False only when it requires a value that is not one
    of them (requirements inside :not() are not requirements)."""
    plain = selector
    while True:
        shorter = _NOT.sub("", plain)
        if shorter == plain:
            break
        plain = shorter
    return all(value in names[kind] for kind, _, value in _ATTR.findall(plain))


def trim_css(css: str, names: Mapping[str, Iterable[str]]) -> str | None:
    """The stylesheet with only the rules that can apply with these colour
    names, or None when it cannot be read with confidence (then use it whole)."""
    known = {kind: set(names.get(kind, ())) for kind in KINDS}
    return keep_selectors(css, lambda selector: can_apply(selector, known))


def trim_palette(site_dir: Path, palette: Any, pages: dict[Path, str] | None = None) -> dict[str, str]:
    """Trim the theme's palette stylesheet a built site links to the config's
    `palette`, under a content-derived name, and point every page at it
    (career_allies.trimcss.trim_linked: `pages` and what it returns as there)."""
    names = palette_names(palette)
    return trim_linked(site_dir, THEME_FILES, lambda css, _pages: trim_css(css, names), pages)
