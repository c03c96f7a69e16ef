"""MkDocs adapter: the last steps after the build (career_allies/finish.py).

One call to `finish_site`, the same function the Zensical path calls after
`zensical build`: the inline-script hashes into site/_headers, the policy in
a <meta> tag in every page, the theme's palette stylesheet cut down to this
site's palette, our own CSS and JS minified. Under `mkdocs serve`
only the hashes are filled in (its live reload adds an inline script of its
own, and what you debug there is the readable source), without the build
cache (a warm `mkdocs build` takes the whole step's result from there); the offline copy
(mkdocs-offline.yml, opened from file://) gets no <meta> policy, as browsers
disagree on what 'self' means there and no host sends anything anyway.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from career_allies import DefinitionError
from career_allies.finish import FinishError, finish_site, site_assets, site_palette
from career_allies.site import load_site

log = logging.getLogger("mkdocs.plugins.career_allies")
_command = "build"  # this file's own note of the command; no other file reads it


def on_startup(*, command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_post_build(*, config: MkDocsConfig) -> None:
    serving = _command == "serve"
    try:
        site = load_site(Path(config.config_file_path))  # the site model says (memoised: already read)
        done = finish_site(Path(config.site_dir), meta_csp=not serving and not site.offline, minify=not serving,
                           assets=site_assets(site), docs_dir=site.docs, palette=site_palette(site),
                           cache_dir=None if serving else site.options.cache_dir)
    except DefinitionError as error:
        raise PluginError(error.report()) from None
    except FinishError as error:
        raise PluginError(str(error)) from None
    log.debug("finished the site: %d inline-script hashes, the policy in %d pages, %d files minified",
              len(done["hashes"] or ()), done["meta_pages"], len(done["minified"]))
