"""Security headers for a built site: CSP hashes of the pages' inline scripts.

The theme and our templates write a few small inline <script> blocks into
every page (the storage scope, the colour palette, the saved content tab). A
Content-Security-Policy without 'unsafe-inline' must list a hash of each. Their
text changes with the theme version and with a page's depth (they hold a
relative base URL), so the hashes are computed from the built pages.

`docs/_headers` (Netlify and Cloudflare Pages format) is copied into the site
by the build; its CSP says {INLINE_SCRIPT_HASHES} where the hashes belong.
`fill_headers(site_dir)` puts them in.

Hosts that cannot send headers (GitHub Pages, GitLab Pages) get the same
policy in each page: `fill_meta_csp(site_dir)` writes it into every built
page's head as `<meta http-equiv="Content-Security-Policy">`, first thing
after `<meta charset>`, so before any script. A meta tag cannot carry
frame-ancestors, report-uri, report-to or sandbox (browsers ignore them
there, with a console error), so those stay with `_headers` alone.

Both run after every build from career_allies/finish.py (MkDocs:
hooks/finish.py; Zensical: `python -m career_allies.zensical build`); after
any other build, run

    python -m career_allies.headers site/

Plain Python, no MkDocs imports.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import html
import re
import sys
from pathlib import Path

PLACEHOLDER = "{INLINE_SCRIPT_HASHES}"
HEADERS_FILE = "_headers"
CSP = "Content-Security-Policy"
# Directives a <meta> policy may not carry (CSP Level 3, "Delivery via meta").
NOT_IN_META = ("frame-ancestors", "report-uri", "report-to", "sandbox")
# Starts with a plain "<" (case folded only after it), so the search jumps
# from "<" to "<"; the indentation before it is taken off by _without_meta_csp.
# (With the indentation in the pattern and re.I, every space of every page
# was a failed match start: about 70 ms a build.)
_META_CSP = re.compile(r'<(?i:meta http-equiv="Content-Security-Policy")[^>]*>\n?')
_CHARSET = re.compile(r"<meta charset=[^>]*>\n?", re.I)

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


def site_pages(site_dir: Path) -> dict[Path, str] | None:
    """Every built page and its text, for fill_headers and fill_meta_csp to
    share (each read every page on its own); None if one is not UTF-8, so
    each reads them as it always did."""
    try:
        return {page: page.read_text(encoding="utf-8") for page in Path(site_dir).rglob("*.html")}
    except UnicodeDecodeError:
        return None


def site_script_hashes(site_dir: Path, pages: dict[Path, str] | None = None) -> list[str]:
    """Sorted, distinct CSP hashes of every inline script in every page."""
    hashes = set()
    for page in Path(site_dir).rglob("*.html") if pages is None else pages:
        text = page.read_text(encoding="utf-8", errors="replace") if pages is None else pages[page]
        for script in inline_scripts(text):
            hashes.add(csp_hash(script))
    return sorted(hashes)


def fill_headers(site_dir: Path, pages: dict[Path, str] | None = None) -> list[str] | None:
    """Put the inline-script hashes into site_dir/_headers. Returns the
    hashes, or None when there is no _headers file or it has no placeholder.
    `pages`: the pages' text, from site_pages (else read here)."""
    target = Path(site_dir) / HEADERS_FILE
    if not target.is_file():
        return None
    text = target.read_text(encoding="utf-8")
    if PLACEHOLDER not in text:
        return None
    hashes = site_script_hashes(site_dir, pages)
    target.write_text(text.replace(PLACEHOLDER, " ".join(hashes)), encoding="utf-8")
    return hashes


def header_rules(text: str) -> list[tuple[str, dict[str, str]]]:
    """`_headers` as [(URL pattern, {name: value})], in the file's order."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1][name.strip()] = value.strip()
    return rules


def policy_for(rules: list[tuple[str, dict[str, str]]], path: str) -> str | None:
    """The CSP `_headers` sends with the page at this URL path (the last
    matching rule wins, as on Netlify and Cloudflare Pages)."""
    found = None
    for pattern, headers in rules:
        if CSP in headers and fnmatch.fnmatchcase(path, pattern.replace(":splat", "*")):
            found = headers[CSP]
    return found


def meta_policy(policy: str) -> str:
    """The policy without the directives a <meta> tag cannot carry."""
    kept = [d.strip() for d in policy.split(";") if d.strip() and d.split()[0].lower() not in NOT_IN_META]
    return "; ".join(kept)


def url_path(site_dir: Path, page: Path) -> str:
    """The URL path a built page is served at (/a/b/ for a/b/index.html)."""
    rel = page.relative_to(site_dir).as_posix()
    return "/" + (rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)


def _without_meta_csp(source: str) -> str:
    """The page without a <meta> policy a previous run wrote, nor its indentation."""
    kept, last = [], 0
    for found in _META_CSP.finditer(source):
        start = found.start()
        while start > last and source[start - 1] in " \t":
            start -= 1
        kept.append(source[last:start])
        last = found.end()
    return "".join(kept) + source[last:] if kept else source


def fill_meta_csp(site_dir: Path, pages: dict[Path, str] | None = None, written: set[Path] | None = None) -> int:
    """Write `_headers`' policy (hashes filled in) into every built page as a
    <meta> tag, replacing one a previous run wrote. Returns the number of
    pages given one; 0 when `_headers` has no filled-in policy. `pages`:
    the pages' text as they are now, from site_pages (else read here);
    `written`, when given, collects the pages written."""
    site_dir = Path(site_dir)
    target = site_dir / HEADERS_FILE
    if not target.is_file():
        return 0
    text = target.read_text(encoding="utf-8")
    if PLACEHOLDER in text:
        return 0
    rules = header_rules(text)
    done = 0
    for page in site_dir.rglob("*.html") if pages is None else pages:
        policy = policy_for(rules, url_path(site_dir, page))
        if not policy:
            continue
        source = _without_meta_csp(page.read_text(encoding="utf-8") if pages is None else pages[page])
        charset = _CHARSET.search(source)
        if not charset:
            continue
        content = html.escape(meta_policy(policy), quote=False).replace('"', "&quot;")
        indent = source[source.rfind("\n", 0, charset.start()) + 1: charset.start()]
        tag = f'{indent if indent.isspace() else ""}<meta http-equiv="Content-Security-Policy" content="{content}">\n'
        page.write_text(source[: charset.end()] + tag + source[charset.end():], encoding="utf-8")
        if written is not None:
            written.add(page)
        done += 1
    return done


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m career_allies.headers SITE_DIR", file=sys.stderr)
        return 2
    hashes = fill_headers(Path(argv[0]))
    if hashes is None:
        print(f"{argv[0]}/{HEADERS_FILE}: no file, or no {PLACEHOLDER} in it; nothing to do")
    else:
        print(f"{argv[0]}/{HEADERS_FILE}: {len(hashes)} inline-script hashes")
    pages = fill_meta_csp(Path(argv[0]))
    print(f"{argv[0]}: the policy in a <meta> tag on {pages} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
