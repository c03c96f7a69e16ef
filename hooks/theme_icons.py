"""MkDocs adapter: list the theme's files without walking its icon folders.

Every build, MkDocs lists every file in the theme's folders to copy the
static ones (stylesheets, scripts, fonts) into the site. Material keeps its
icons there too, in `.icons/`: some 14,500 SVG files, each named, joined
and tested against a dozen patterns, and then dropped, because MkDocs never
copies anything under a folder whose name starts with a dot. That listing
was about 0.12 s of CPU in each of this site's builds.

So the theme's environment gets a loader that lists the same files without
going into such folders (or counting such files) at all. MkDocs' own
patterns drop exactly those ('.*' and '*/.*'), so the files copied are the
same; finding a template by name (the theme's `{% include ".icons/..." %}`,
the emoji extension's icons) does not use the listing and is unchanged.

(The emoji extension's index of the same icons, about 0.1 s more, is built
while MkDocs checks the configuration, before any hook runs; so it stays.)
"""

from __future__ import annotations

import os

import jinja2
from mkdocs.config.defaults import MkDocsConfig


class _VisibleFilesLoader(jinja2.FileSystemLoader):
    """jinja2.FileSystemLoader whose list_templates leaves out every file or
    folder whose name starts with a dot (and all a folder holds)."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                relative = os.path.relpath(dirpath, searchpath).replace(os.path.sep, "/")
                prefix = "" if relative == "." else relative + "/"
                found.update(prefix + name for name in filenames if not name.startswith("."))
        return sorted(found)


def _visible(env: jinja2.Environment) -> jinja2.Environment:
    loader = env.loader
    if type(loader) is jinja2.FileSystemLoader:
        env.loader = _VisibleFilesLoader(loader.searchpath, loader.encoding, loader.followlinks)
    return env


def on_config(config: MkDocsConfig) -> None:
    theme = config.theme
    make = theme.get_env
    theme.get_env = lambda: _visible(make())  # type: ignore[method-assign]
