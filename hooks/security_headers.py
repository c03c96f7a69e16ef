"""MkDocs adapter for security headers (one concern: the CSP's script hashes).

`docs/_headers` is copied into the site like any other file. After the build
this puts the hashes of the theme's inline scripts into its
Content-Security-Policy (see career_allies/headers.py), so the policy needs
no 'unsafe-inline' and stays right when Material updates.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from career_allies.headers import HEADERS_FILE, PLACEHOLDER, fill_headers

log = logging.getLogger("mkdocs.plugins.career_allies")


def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    source = Path(config.docs_dir) / HEADERS_FILE
    hashes = fill_headers(site)
    if hashes is None and source.is_file() and PLACEHOLDER in source.read_text(encoding="utf-8"):
        raise PluginError(f"docs/{HEADERS_FILE} was not copied into the site, so its {PLACEHOLDER} could not be filled: is it excluded in mkdocs.yml?")
    if hashes is not None:
        log.debug("security headers: %d inline-script hashes in %s/%s", len(hashes), site, HEADERS_FILE)
