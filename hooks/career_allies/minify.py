"""Make the site's own stylesheets and script smaller on the way out.

Plain Python, no MkDocs: `minify_files(paths)` rewrites each CSS or JS file
in place with comments and extra whitespace taken out (rcssmin and rjsmin,
which are careful with strings and regular expressions). The sources under
docs/ stay readable; only the built copies change.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin


def minify_text(text: str, suffix: str) -> str:
    if suffix == ".css":
        return rcssmin.cssmin(text)
    if suffix == ".js":
        return rjsmin.jsmin(text)
    return text


def minify_files(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Minify each file in place; return {name: (bytes before, bytes after)}."""
    sizes = {}
    for path in paths:
        if path.suffix not in (".css", ".js") or not path.is_file():
            continue
        before = path.read_text(encoding="utf-8")
        after = minify_text(before, path.suffix)
        path.write_text(after, encoding="utf-8")
        sizes[path.name] = (len(before.encode()), len(after.encode()))
    return sizes
