"""Security headers for a built site: CSP hashes of the pages' inline scripts.

The theme and our templates write a few small inline <script> blocks into
every page (the storage scope, the colour palette, the saved content tab). A
Content-Security-Policy without 'unsafe-inline' must list a hash of each. Their
text changes with the theme version and with a page's depth (they hold a
relative base URL), so the hashes are computed from the built pages.

`docs/_headers` (Netlify and Cloudflare Pages format) is copied into the site
by the build; its CSP says {INLINE_SCRIPT_HASHES} where the hashes belong.
`fill_headers(site_dir)` puts them in. MkDocs runs it after each build
(hooks/security_headers.py); after any other build, run

    python -m career_allies.headers site/

Plain Python, no MkDocs imports.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path

PLACEHOLDER = "{INLINE_SCRIPT_HASHES}"
HEADERS_FILE = "_headers"

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*(["']?)([^"'\s>]+)\1""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
# Script types a browser runs; anything else (application/json, ...) is data.
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run in this HTML."""
    found = []
    for attrs, body in _SCRIPT.findall(html):
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if (kind.group(2).lower() if kind else "") not in _JS_TYPES:
            continue
        found.append(body)
    return found


def csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def site_script_hashes(site_dir: Path) -> list[str]:
    """Sorted, distinct CSP hashes of every inline script in every page."""
    hashes = set()
    for page in Path(site_dir).rglob("*.html"):
        for script in inline_scripts(page.read_text(encoding="utf-8", errors="replace")):
            hashes.add(csp_hash(script))
    return sorted(hashes)


def fill_headers(site_dir: Path) -> list[str] | None:
    """Put the inline-script hashes into site_dir/_headers. Returns the
    hashes, or None when there is no _headers file or it has no placeholder."""
    target = Path(site_dir) / HEADERS_FILE
    if not target.is_file():
        return None
    text = target.read_text(encoding="utf-8")
    if PLACEHOLDER not in text:
        return None
    hashes = site_script_hashes(site_dir)
    target.write_text(text.replace(PLACEHOLDER, " ".join(hashes)), encoding="utf-8")
    return hashes


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m career_allies.headers SITE_DIR", file=sys.stderr)
        return 2
    hashes = fill_headers(Path(argv[0]))
    if hashes is None:
        print(f"{argv[0]}/{HEADERS_FILE}: no file, or no {PLACEHOLDER} in it; nothing to do")
    else:
        print(f"{argv[0]}/{HEADERS_FILE}: {len(hashes)} inline-script hashes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
