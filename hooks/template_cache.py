"""MkDocs adapter: keep the theme's compiled page templates between builds.

Every build, MkDocs compiles the theme's Jinja templates from their source:
about 45 of them for a Material page, a sixth to a fifth of this whole
site's build (measured by `make bench`), and the same again on each rebuild
under `mkdocs serve`. Jinja can keep the compiled code on disk
(its own bytecode cache); it checks every template's source before using
it, so an edited template, ours or the theme's, is compiled afresh.

Every environment made from the theme shares it: the page environment
(on_env) and the three the search plugin makes in its on_config to look
up its defaults, each of which compiled the theme's language templates
afresh, in every build. So a fresh clone's build compiles each template
once, and the next build none.

The code goes in the build cache (cache_dir of the career_allies
extension, .cache/career-allies/ by default), in a folder named after what
else the compiled code depends on: the Jinja and Python versions and the
template settings. A change to any of them starts an empty folder, and the
old ones are removed. Without a cache_dir, nothing changes.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from career_allies import DefinitionError
from career_allies.cache import bytecode_cache
from career_allies.site import load_site

FOLDER = "theme-templates"
# Settings that change the code Jinja compiles a template into.
_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
             "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
             "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
             "autoescape", "finalize", "is_async", "newstyle_gettext")


def _fingerprint(env: jinja2.Environment) -> str:
    parts = [jinja2.__version__, sys.version, sorted(env.extensions)]
    for name in _SETTINGS:
        value = getattr(env, name, None)
        parts.append(getattr(value, "__qualname__", value) if callable(value) else value)
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:16]


def _cache_dir(config: MkDocsConfig) -> Path | None:
    try:
        return load_site(Path(config.config_file_path)).options.cache_dir
    except DefinitionError:
        return None  # hooks/site.py reports it


def _kept(env: jinja2.Environment, cache_dir: Path) -> jinja2.Environment:
    """`env` with its compiled templates kept in the build cache."""
    if env.bytecode_cache is not None:
        return env
    # Jinja's constant folding finds next to nothing in the theme's templates
    # (the site is the same with it off) and costs a part of compiling each,
    # which a fresh clone's build does for every one.
    env.optimized = False
    # MkDocs makes a new environment for every build, so a template can't
    # change while this one lives: no need to look at its file again on each
    # of the build's some 1500 lookups.
    env.auto_reload = False
    root = cache_dir / FOLDER
    folder = root / _fingerprint(env)
    env.bytecode_cache = bytecode_cache(folder)  # None (as before) if it can't be made
    try:
        for old in root.iterdir():
            if old != folder and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass
    return env


@event_priority(100)  # before the search plugin's on_config, whatever the order of hooks: in mkdocs.yml
def on_config(config: MkDocsConfig) -> None:
    """The theme's other environments share the cache too: the search
    plugin makes three in on_config (config.theme.get_env(), one for each
    default it looks up), each compiling the theme's language templates
    afresh, every build, cache warm or not; now the first compiles them and
    the rest, and the page environment, read what it kept."""
    cache_dir = _cache_dir(config)
    if not cache_dir:
        return
    theme = config.theme
    make = theme.get_env
    theme.get_env = lambda: _kept(make(), cache_dir)  # type: ignore[method-assign]


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    cache_dir = _cache_dir(config)
    return _kept(env, cache_dir) if cache_dir else env
