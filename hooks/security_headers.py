"""MkDocs adapter for security headers (one concern: the CSP).

`docs/_headers` is copied into the site like any other file. After the build
this puts the hashes of the theme's inline scripts into its
Content-Security-Policy (see career_allies/headers.py), so the policy needs
no 'unsafe-inline' and stays right when Material updates; then it writes
the same policy into every page as a <meta> tag, for hosts that cannot send
headers (GitHub Pages, GitLab Pages). Two builds get no <meta> policy:
`mkdocs serve`, whose live reload adds an inline script of its own, and the
offline copy (mkdocs-offline.yml), opened from file://, where browsers
disagree on what 'self' means and no host sends anything anyway.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from career_allies.headers import HEADERS_FILE, PLACEHOLDER, fill_headers, fill_meta_csp

log = logging.getLogger("mkdocs.plugins.career_allies")

_command = "build"


def on_startup(*, command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    source = Path(config.docs_dir) / HEADERS_FILE
    hashes = fill_headers(site)
    if hashes is None and source.is_file() and PLACEHOLDER in source.read_text(encoding="utf-8"):
        raise PluginError(f"docs/{HEADERS_FILE} was not copied into the site, so its {PLACEHOLDER} could not be filled: is it excluded in mkdocs.yml?")
    if hashes is not None:
        log.debug("security headers: %d inline-script hashes in %s/%s", len(hashes), site, HEADERS_FILE)
    offline = "offline" in config.plugins or "material/offline" in config.plugins
    if _command != "serve" and not offline:
        pages = fill_meta_csp(site)
        log.debug("security headers: the policy in a <meta> tag on %d pages", pages)
