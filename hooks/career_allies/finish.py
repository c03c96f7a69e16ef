"""After the build, for every engine: one function, `finish_site`.

Whatever built site/ (MkDocs through hooks/finish.py, Zensical through
`python -m career_allies.zensical build`), the same last steps run on the
files it wrote:

- the hashes of the pages' inline scripts go into `_headers`' policy
  (career_allies/headers.py), so it needs no 'unsafe-inline';
- with `meta_csp`, the same policy goes into every page as a <meta> tag, for
  hosts that cannot send headers (off under a live-reload server, which adds
  an inline script of its own, and in the offline copy, opened from file://);
- with `palette` (the config's theme.palette), the theme's palette
  stylesheet is cut down to the rules this palette can use, under a
  content-derived name, and every page links that (career_allies/palette.py);
- with `minify`, our own stylesheets and scripts, and our inline scripts in
  the pages (written readable in the templates), are made smaller
  (career_allies/minify.py; the theme's are minified already). Skipped under
  a live-reload server, so what you debug there is the readable source.
  Also with `minify`, the pages lose their layout whitespace (indentation,
  blank lines; career_allies/whitespace.py), which renders the same, and
  the theme's main stylesheet loses the rules that need a class no page or
  script of the site has, under a content-derived name (career_allies/maincss.py),
  and the theme's script fetches the search index when a reader first opens
  the search, not on every page load (career_allies/lazysearch.py).

Plain Python, no MkDocs imports. Problems raise FinishError with a message
that says what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import write_anew
from .headers import HEADERS_FILE, PLACEHOLDER, fill_headers, fill_meta_csp, site_pages
from .lazysearch import defer_search_index
from .maincss import trim_main
from .minify import minify_files, minify_inline_scripts
from .palette import trim_palette
from .vocabulary import PAGE_SCRIPTS
from .whitespace import strip_pages_whitespace

if TYPE_CHECKING:
    from .site import Site


def own_assets(extra_css, extra_javascript) -> list[str]:
    """The site's own CSS and JS as paths in the built site, from the config's
    extra_css and extra_javascript (plain names or {path: ...} entries), plus
    the page scripts; addresses on other hosts left out."""
    names = [str(item.get("path", "") if isinstance(item, dict) else getattr(item, "path", item))
             for item in (*(extra_css or ()), *(extra_javascript or ()))]
    names += [name for name in PAGE_SCRIPTS.values() if name not in names]  # ours too, on the pages that use them
    return [name for name in names if name and "://" not in name and not name.startswith("/")]


def site_assets(site: Site) -> list[str]:
    """The site's own CSS and JS, as the site model has them (the
    organisation's colours included), for either engine."""
    return own_assets(site.config_changes()["extra_css"], site.config.get("extra_javascript"))


def site_palette(site: Site) -> Any:
    """The config's theme.palette (None when it has none: the theme then
    links no palette stylesheet)."""
    theme = site.config.get("theme")
    return theme.get("palette") if isinstance(theme, Mapping) else None


class FinishError(Exception):
    """The built site cannot be finished; the message says why and what to do."""


def finish_site(site_dir: Path, *, meta_csp: bool, minify: bool, assets: list[str] | None = None,
                docs_dir: Path | None = None, palette: Any = None, cache_dir: Path | None = None) -> dict:
    """Finish a built site in place. Returns what was done (for logs):
    {"hashes": [...] or None, "meta_pages": n, "minified": {name: (before, after)},
    "palette": {theme's file: trimmed file}, "main": {theme's file: trimmed file},
    "search": {theme's script: edited script}, "inline_minified": pages,
    "whitespace_pages": pages}.

    `docs_dir`, when given, lets a `_headers` that was left out of the build
    be reported instead of silently shipping without its policy. `assets`
    are the files to minify (see own_assets); by default the page scripts.
    `palette`: the config's theme.palette (site_palette); None leaves the
    theme's palette stylesheet as it is. `cache_dir`: the build cache (the
    site model's cache_dir), where the result is kept between builds and
    taken from when every input is the same (career_allies/finishcache.py);
    None runs every step. On a hit, the report is the one the run that made
    the entry returned (read back from JSON: lists where it had tuples)."""
    if cache_dir is None:
        return _finish(Path(site_dir), meta_csp, minify, assets, docs_dir, palette)
    from .finishcache import cached_finish

    docs_headers = None
    if docs_dir is not None:
        try:
            docs_headers = (Path(docs_dir) / HEADERS_FILE).read_bytes().decode("utf-8", "surrogateescape")
        except OSError:
            pass
    arguments = {"meta_csp": meta_csp, "minify": minify, "assets": assets, "palette": palette,
                 "docs_dir": docs_dir is not None, "docs_headers": docs_headers, "steps": _steps()}
    return cached_finish(Path(site_dir), Path(cache_dir), arguments,
                         lambda: _finish(Path(site_dir), meta_csp, minify, assets, docs_dir, palette))


STEPS = ("site_pages", "trim_palette", "trim_main", "defer_search_index", "minify_inline_scripts",
         "strip_pages_whitespace", "fill_headers", "fill_meta_csp", "minify_files")


def _steps() -> list:
    """Which function each step is, for the cache's key: the source of this
    package is in the key already, but a step replaced while running (a
    test builds the site without one) must never share a result with the real one."""
    found = []
    for name in STEPS:
        step = globals()[name]
        code = getattr(step, "__code__", None)
        found.append([name, getattr(step, "__module__", None), getattr(step, "__qualname__", None),
                      code.co_filename if code else None, code.co_firstlineno if code else None])
    return found


def _finish(site_dir: Path, meta_csp: bool, minify: bool, assets: list[str] | None, docs_dir: Path | None,
            palette: Any) -> dict:
    # The pages read once for every step that reads them.
    wanted = palette is not None or minify or (meta_csp and (site_dir / HEADERS_FILE).is_file())
    pages = site_pages(site_dir) if wanted else None
    as_read = dict(pages or {})
    # These change the pages (in `pages`; written below, once), so they come before the hashes are taken.
    trimmed = trim_palette(site_dir, palette, pages) if palette is not None else {}
    main = trim_main(site_dir, pages) if minify else {}
    search = defer_search_index(site_dir, pages) if minify else {}
    inline = minify_inline_scripts(pages) if minify and pages is not None else 0
    spaced = strip_pages_whitespace(pages) if minify and pages is not None else 0
    hashes = fill_headers(site_dir, pages)
    if hashes is None and docs_dir is not None:
        source = Path(docs_dir) / HEADERS_FILE
        if source.is_file() and PLACEHOLDER in source.read_text(encoding="utf-8"):
            raise FinishError(f"docs/{HEADERS_FILE} was not copied into the site, so its {PLACEHOLDER} could not be "
                              "filled: is it excluded (exclude_docs in mkdocs.yml)?")
    done: dict = {"hashes": hashes, "meta_pages": 0, "minified": {}, "palette": trimmed, "main": main, "search": search,
                  "inline_minified": inline, "whitespace_pages": spaced}
    written: set[Path] = set()
    if meta_csp:
        done["meta_pages"] = fill_meta_csp(site_dir, pages, written)
    for page, text in (pages or {}).items():
        if page not in written and text != as_read[page]:
            write_anew(page, text.encode("utf-8"))
    if minify:
        paths = [site_dir / name for name in (own_assets((), ()) if assets is None else assets)]
        done["minified"] = minify_files(paths)
    return done
