"""MkDocs adapter: minify our own extra_css and extra_javascript in site/.

Only files that come from docs/ (or that the build generated) and sit in the
built site are touched; the theme's own assets are already minified. Skipped
under `mkdocs serve`, so what you debug there is the readable source.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from career_allies.minify import minify_files

log = logging.getLogger("mkdocs.plugins.career_allies")
_serving = False
# Ours too, but on one page only (overrides/main.html), so not in extra_javascript.
PAGE_SCRIPTS = ("assets/javascripts/my-plan.js",)


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_post_build(*, config: MkDocsConfig) -> None:
    if _serving:
        return
    site = Path(config.site_dir)
    names = [str(getattr(item, "path", item)) for item in (*config.extra_css, *config.extra_javascript)] + list(PAGE_SCRIPTS)
    paths = [site / name for name in names if "://" not in name and not name.startswith("/")]
    for name, (before, after) in minify_files(paths).items():
        log.debug("minified %s: %d -> %d bytes", name, before, after)
