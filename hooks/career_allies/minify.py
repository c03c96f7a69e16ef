"""Make the site's own stylesheets and script smaller on the way out.

Plain Python, no MkDocs: `minify_files(paths)` rewrites each CSS or JS file
in place, minified by tdewolff/minify (the `tdewolff-minify` bindings): it
takes out comments and whitespace and also shortens local names in scripts,
which is what makes the gzip smaller. Where that package has no wheel
(macOS), rjsmin and rcssmin do the plain part, so the build still works;
the site as published is built on Linux. The sources under docs/ stay
readable; only the built copies change.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import rcssmin
import rjsmin

MEDIA_TYPES = {".css": "text/css", ".js": "application/javascript"}


@functools.cache
def _tdewolff():
    # Imported here, not at the top: MkDocs runs hooks/minify.py with hooks/
    # first on sys.path, where `import minify` would find that hook instead
    # (hence the check that it is the package).
    try:
        import minify
    except ImportError:
        return None
    return minify if hasattr(minify, "string") else None


def minify_text(text: str, suffix: str) -> str:
    if suffix not in MEDIA_TYPES:
        return text
    tdewolff = _tdewolff()
    if tdewolff is not None:
        return tdewolff.string(MEDIA_TYPES[suffix], text)
    return rcssmin.cssmin(text) if suffix == ".css" else rjsmin.jsmin(text)


# A plain inline script written over several lines: ours, readable in the
# templates (the theme's are one line, minified already).
_INLINE_SCRIPT = re.compile(r"<script>(\n.*?)</script>", re.S)


def minify_inline_scripts(pages: dict[Path, str]) -> int:
    """Minify the pages' plain inline scripts that span lines, in `pages`
    (before their CSP hashes are taken; the caller writes the pages).
    Returns the number of pages changed."""
    done: dict[str, str] = {}

    def small(found: re.Match) -> str:
        body = found.group(1)
        if body not in done:
            done[body] = minify_text(body, ".js")
        return "<script>" + done[body] + "</script>"

    changed = 0
    for page, text in pages.items():
        new = _INLINE_SCRIPT.sub(small, text)
        if new != text:
            pages[page] = new
            changed += 1
    return changed


def minify_files(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Minify each file in place; return {name: (bytes before, bytes after)}."""
    sizes = {}
    for path in paths:
        if path.suffix not in MEDIA_TYPES or not path.is_file():
            continue
        before = path.read_text(encoding="utf-8")
        after = minify_text(before, path.suffix)
        path.write_text(after, encoding="utf-8")
        sizes[path.name] = (len(before.encode()), len(after.encode()))
    return sizes
