"""The site model: one description of the whole site, from the files on disk.

    site = load_site(Path("mkdocs.yml"))

Built from the config file (mkdocs.yml, or mkdocs-offline.yml with its
INHERIT), organisation.yml beside it, the definitions in docs/_data/ and the
docs tree; never from an engine's config object. So MkDocs and Zensical get
the same Site from the same files, and whichever hook or extension asks first
builds it: their order cannot matter.

Loading is memoised on a signature of the input files (name, change time and
size of each) and the environment variables the config read: the same inputs
give the same Site object, and `mkdocs serve` rebuilds pick up edits. The
memo is a cache, not a channel: nothing is ever written into a Site.

Every problem found is collected, with file and line and what to do, and
raised as one DefinitionError. No traceback reaches the user.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import html
import json
import logging
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any
from collections.abc import Mapping

from .cache import file_stamps, once_per_build
from .definitions import Catalog
from .errors import DefinitionError, Problem, closest
from .manifest import storage_key, summary
from .organisation import (
    NOTES_DIR,
    SETTINGS_FILE,
    Note,
    Settings,
    colours_css,
    fill_placeholders,
    load_settings,
    module_minutes,
    module_positions,
    parse_note,
)
from .shortcodes import FRONT_MATTER_RE, find_shortcodes, has_forms
from .siteconfig import read_config
from .vocabulary import DEFAULT_SITE_ID, browser

log = logging.getLogger("mkdocs.plugins.career_allies")

EXTENSION = "career_allies"
MODULES = "modules/"
PLAN_PAGE = "my-plan.md"
COLOURS_CSS = "assets/stylesheets/organisation-colours.css"  # the organisation's stylesheet, when it needs one
ORGANISATION_CSS = Path(__file__).parent / "organisation" / "organisation.css"  # notes and contacts
LOGO_TYPES = {".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif"}
FAVICON_TYPES = {".svg", ".png", ".ico"}
OFFLINE_PLUGINS = ("material/offline", "offline")
TITLE_RE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
INDEX_NAMES = ("index.md", "README.md")

# The career_allies extension's options in the config, and their defaults
# (defined here once; paths are relative to the config file's folder).
DEFAULT_OPTIONS: dict[str, Any] = {
    "definitions": "docs/_data",
    "templates": ["overrides/partials/career-allies"],
    "site_id": DEFAULT_SITE_ID,
    "cache_dir": "",
}
PDF_DIR = "build/pdf"  # `make pdf` prints worksheets here, then rebuilds: pages link to them


@dataclass(frozen=True)
class Options:
    """The career_allies extension's options, resolved to absolute paths."""

    definitions: Path
    templates: tuple[Path, ...]
    site_id: str  # browser storage prefix: organisation.yml's site_id when it sets one
    cache_dir: Path | None
    pdf_dir: Path
    relative_to: Path  # file names in errors are shown relative to this folder

    def markdown_config(self, paper: Paper) -> dict[str, Any]:
        """The options as the Markdown extension takes them (strings)."""
        return {
            "definitions": str(self.definitions),
            "templates": [str(t) for t in self.templates],
            "site_id": self.site_id,
            "relative_to": str(self.relative_to),
            "pdf_dir": str(self.pdf_dir),
            "cache_dir": str(self.cache_dir) if self.cache_dir else "",
            "paper": paper.strings(),
        }


@dataclass(frozen=True)
class Paper:
    """What printed forms say about the site."""

    programme: str
    address: str
    credit: str

    def strings(self) -> dict[str, str]:
        return {"programme": self.programme, "address": self.address, "credit": self.credit}


@dataclass(frozen=True)
class Item:
    """A worksheet or self-assessment on a module page."""

    kind: str
    id: str
    key: str  # browser storage key
    title: str


@dataclass(frozen=True)
class Module:
    """A course module: a page under modules/ that is on, in reading order."""

    id: str  # the file name: progress and My plan key on it
    title: str
    src: str  # docs-relative path
    url: str  # as the engine writes it: "modules/start-here/" (or ".html")
    items: tuple[Item, ...]

    def data(self) -> dict[str, Any]:
        """JSON-ready, as templates and the browser read it."""
        return {
            "id": self.id,
            "title": self.title,
            "src": self.src,
            "url": self.url,
            "items": [vars(i).copy() for i in self.items],
        }


@dataclass(frozen=True)
class Site:
    root: Path
    docs: Path
    config_file: Path
    settings: Settings  # organisation.yml, checked
    options: Options
    catalog: Catalog
    off: frozenset[str]  # switched-off pages (docs-relative)
    nav: list[Any] | None  # nav after switches, with the organisation's pages added
    modules: tuple[Module, ...]  # the course index, in reading order
    plan_url: str | None
    positions: Mapping[str, tuple[int, int]]  # module page -> (number, total) in its nav section
    notes: Mapping[str, Note]  # page -> its organisation note
    off_titles: Mapping[str, str]  # switched-off module page -> its title
    paper: Paper
    offline: bool
    use_directory_urls: bool
    module_count: int  # the learner course's modules that are on
    course_minutes: int  # their times, added up
    copyright: str  # the footer line, placeholders filled (HTML-escaped values)
    modules_on: tuple[str, ...]  # every module page that is on, in reading order
    form_pages: frozenset[str]  # URLs of the pages with a worksheet or self-assessment (they load the form script)
    config: Mapping[str, Any] = field(repr=False, default_factory=dict)  # the config file's settings, as read

    def values(self, src: str | None = None) -> dict[str, str]:
        """Placeholder values for a page (module.number/total on a module page)."""
        return self.settings.values(self.module_count, self.positions.get(src or ""), self.course_minutes)

    def is_on(self, path: str) -> bool | None:
        """Whether a page (or, ending in '/', any page in a folder) is on; None if there is none."""
        if path.endswith("/"):
            folder = self.docs / path
            inside = (
                [p.relative_to(self.docs).as_posix() for p in folder.rglob("*.md")]
                if ".." not in path and folder.is_dir()
                else []
            )
            return any(p not in self.off for p in inside) if inside else None
        if ".." in path or not path.endswith(".md") or not (self.docs / path).is_file():
            return None
        return path not in self.off

    def index(self) -> dict[str, Any]:
        """The course index as templates read it (`config.extra.career_allies`).

        The browser gets it in parts: every page carries `page` (the index
        without its modules: site id, My plan's address, the key format) and
        the path of `index`, a script holding the modules, which pages load
        for progress marks only once this browser has saved something; My
        plan carries all of it (`browser`) and the path of `fields`, a script
        with every label its answers need. Both scripts are named by their
        content, so browsers may keep them (see `data_files`). `forms`: the
        URLs of the pages with a worksheet or self-assessment, the pages
        that load the form script (career-allies-forms.js)."""
        browser_index = self._browser_index()
        files = self.data_files()
        return {
            "site": self.options.site_id,
            "plan": self.plan_url,
            "modules": [m.data() for m in self.modules],
            "vocabulary": browser_index["vocabulary"],
            "browser": browser_index,
            "page": {k: v for k, v in browser_index.items() if k != "modules"},
            "forms": sorted(self.form_pages),
            **{name: path for name, (path, _) in files.items()},
        }

    def _browser_index(self) -> dict[str, Any]:
        modules = [{k: v for k, v in m.data().items() if k != "src"} for m in self.modules]
        return {"site": self.options.site_id, "plan": self.plan_url, "modules": modules,
                "vocabulary": browser(self.options.site_id)}

    def data_files(self) -> dict[str, tuple[str, str]]:
        """The browser's data scripts: {"index"|"fields": (site path, text)}.
        Scripts, not JSON, so they also load in the offline copy (file://,
        where fetch cannot read)."""
        labels = {
            i.key: summary(definition)
            for m in self.modules
            for i in m.items
            if (definition := self.catalog.get(i.kind, i.id)) is not None
        }
        index = {k: v for k, v in self._browser_index().items() if k != "vocabulary"}
        return {
            "index": _data_file("course-index", "careerAlliesIndex", index),
            "fields": _data_file("plan-fields", "careerAlliesFields", labels),
        }

    def config_changes(self) -> dict[str, Any]:
        """What the site changes in the engine's config: apply every key
        (`theme` and `extra` key by key). A fresh copy each time."""
        s = self.settings
        changes: dict[str, Any] = {"site_name": s.programme_name, "copyright": self.copyright}
        if s.line("home.intro"):  # the search engines' summary follows the home page's intro
            changes["site_description"] = s.home_intro
        theme: dict[str, Any] = {}
        if s.logo:
            theme["logo"] = s.logo
        if s.favicon:
            theme["favicon"] = s.favicon
        if self.offline:
            # Instant navigation cannot work from file://: Material, left with it
            # on there, never announces the page to scripts.
            features = (self.config.get("theme") or {}).get("features") or []
            theme["features"] = [f for f in features if not str(f).startswith("navigation.instant")]
        if theme:
            changes["theme"] = theme
        if self.nav is not None:
            changes["nav"] = copy.deepcopy(self.nav)
        extra_css = [str(c) for c in self.config.get("extra_css") or []]
        if self.organisation_css() and COLOURS_CSS not in extra_css:
            extra_css.append(COLOURS_CSS)
        changes["extra_css"] = extra_css
        changes["extra"] = {"organisation": s.template_data(), "career_allies": self.index()}
        return changes

    def generated_files(self) -> dict[str, str]:
        """Files the site adds to the build, by docs-relative path."""
        files = dict(self.data_files().values())
        css = self.organisation_css()
        if css:
            files[COLOURS_CSS] = css
        return files

    def organisation_css(self) -> str:
        """The organisation's stylesheet (COLOURS_CSS): its brand colours
        when set, and the styles of its notes and footer contacts when it has
        either; empty (no stylesheet at all) for an organisation with none."""
        s = self.settings
        css = colours_css(s.primary_colour, s.accent_colour) if s.primary_colour or s.accent_colour else ""
        if self.notes or s.contacts:
            css += ORGANISATION_CSS.read_text(encoding="utf-8")
        return css

    def unpublished(self) -> frozenset[str]:
        """Docs paths that must not become pages: the notes and switched-off pages."""
        notes = self.docs / NOTES_DIR
        inside = (
            {p.relative_to(self.docs).as_posix() for p in notes.rglob("*") if p.is_file()} if notes.is_dir() else set()
        )
        return frozenset(inside | self.off)

    def page_url(self, src: str) -> str:
        return page_url(src, self.use_directory_urls)


def _data_file(name: str, variable: str, data: dict[str, Any]) -> tuple[str, str]:
    """A script setting `window.<variable>` to the data, and its path, named by its content."""
    text = f"window.{variable}=" + json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + ";\n"
    return f"assets/career-allies/{name}.{hashlib.sha256(text.encode()).hexdigest()[:10]}.js", text


# ---------------------------------------------------------------- loading

_memo: dict[Path, tuple[tuple, Site | DefinitionError]] = {}


def load_site(config_file: str | Path) -> Site:
    """The Site described by `config_file` and the files around it.

    Raises DefinitionError with every problem found."""
    path = Path(config_file).resolve()
    hit = _memo.get(path)
    if hit is not None and _current(*hit[0][:2]) == hit[0][2] and _env_now(hit[0][3]) == hit[0][3]:
        if isinstance(hit[1], DefinitionError):
            raise hit[1]
        return hit[1]
    try:
        config, files, env = read_config(path)
    except DefinitionError:
        _memo.pop(path, None)
        raise
    root = path.parent
    docs = (root / str(config.get("docs_dir") or "docs")).resolve()
    options_raw = _extension_options(config)
    watched_files = (*files, root / SETTINGS_FILE)
    watched_dirs = (
        docs,
        *(_resolve(root, t) for t in _as_list(options_raw.get("templates"))),
        _resolve(root, options_raw.get("definitions")),
    )
    signature = _current(watched_files, watched_dirs)
    try:
        result: Site | DefinitionError = _build(path, config, docs, options_raw)
    except DefinitionError as error:
        result = error
    _memo[path] = ((watched_files, watched_dirs, signature, env), result)
    if isinstance(result, DefinitionError):
        raise result
    return result


def _env_now(env: dict[str, str | None]) -> dict[str, str | None]:
    return {name: os.environ.get(name) for name in env}


def _current(files: tuple[Path, ...], dirs: tuple[Path, ...]) -> tuple:
    """The inputs' signature: looked at on every call, or once per build
    where the host says when builds start (cache.begin_build())."""
    return once_per_build(("site", files, dirs), lambda: _signature(files, dirs))


def _signature(files: tuple[Path, ...], dirs: tuple[Path, ...]) -> tuple:
    """Name, change time and size of every input file."""
    found: list[tuple[str, int, int]] = []
    for file in files:
        try:
            st = file.stat()
        except OSError:
            continue
        found.append((str(file), st.st_mtime_ns, st.st_size))
    found += file_stamps(dict.fromkeys(dirs))
    return tuple(sorted(set(found)))


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []


def _resolve(root: Path, value: Any) -> Path:
    return (root / str(value)).resolve()


def _extension_options(config: dict[str, Any]) -> dict[str, Any]:
    """The career_allies entry of markdown_extensions, over the defaults."""
    options = dict(DEFAULT_OPTIONS)
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict) and EXTENSION in entry:
            options.update(entry[EXTENSION] or {})
    return options


def _build(config_file: Path, config: dict[str, Any], docs: Path, raw: dict[str, Any]) -> Site:
    from .extension import catalog_for  # the extension imports this module

    root = config_file.parent
    settings_path = root / SETTINGS_FILE
    try:
        text = settings_path.read_text(encoding="utf-8-sig") if settings_path.is_file() else None
    except (OSError, UnicodeDecodeError) as error:
        raise DefinitionError(
            [Problem(SETTINGS_FILE, None, f"could not be read ({error}): save it as UTF-8 text")]
        ) from None
    s = load_settings(text, SETTINGS_FILE)  # raises with every problem in the file
    use_directory_urls = config.get("use_directory_urls", True) is not False
    options = Options(
        definitions=_resolve(root, raw.get("definitions") or DEFAULT_OPTIONS["definitions"]),
        templates=tuple(_resolve(root, t) for t in _as_list(raw.get("templates"))),
        site_id=s.site_id if s.line("site_id") else str(raw.get("site_id") or DEFAULT_OPTIONS["site_id"]),
        cache_dir=_resolve(root, raw["cache_dir"]) if raw.get("cache_dir") else None,
        pdf_dir=root / PDF_DIR,
        relative_to=root,
    )
    problems: list[Problem] = []
    try:
        catalog = catalog_for(options.definitions, root, options.cache_dir)
    except DefinitionError as error:
        problems += error.problems
        catalog = Catalog()

    # Files the settings name must exist inside docs/.
    for key, value, kinds in (("branding.logo", s.logo, LOGO_TYPES), ("branding.favicon", s.favicon, FAVICON_TYPES)):
        if value:
            problems += _check_docs_file(docs, key, value, kinds, s)
    off_list, found = switched_off_pages(s, docs)
    problems += found
    off = frozenset(off_list)
    nav_config = config.get("nav") or None
    nav_pages = set(nav_paths(nav_config or []))
    for index, page in enumerate(s.pages):
        key = f"pages.files.{index}"
        if not page.endswith(".md") or not (docs / page).is_file():
            problems.append(
                s.problem(key, f"there is no page docs/{page}: create it, or fix the path (it is relative to docs/)")
            )
        elif page in nav_pages:
            problems.append(
                s.problem(key, f"docs/{page} is already in the navigation in mkdocs.yml: list it in one place only")
            )
        elif page in off:
            problems.append(s.problem(key, f"docs/{page} is both listed here and switched off: keep one"))

    # Module numbers count within each nav section, among the pages still on.
    sections = [
        [p for p in section if p not in off]
        for section in (module_sections(nav_config) if nav_config else module_folders(docs))
    ]
    modules_on = tuple(p for section in sections for p in section)
    positions = module_positions(sections)
    # {{ modules.count }} is the learner course: the modules directly in docs/modules/.
    course = [p for p in modules_on if "/" not in p[len(MODULES) :]]
    course_minutes = sum(
        module_minutes((docs / p).read_text(encoding="utf-8-sig")) for p in course if (docs / p).is_file()
    )
    values = s.values(len(course), course_minutes=course_minutes)
    # The theme prints the copyright line as HTML: values go in HTML-escaped.
    copyright, found = fill_placeholders(
        s.copyright, values, [], SETTINGS_FILE, s.line("programme.copyright") or 1, escape=html.escape
    )
    problems += found

    nav: list[Any] | None = None
    if nav_config:
        nav = without(nav_config if isinstance(nav_config, list) else [nav_config], off)
        if s.pages:
            at = 1 if nav and _is_page(nav[0]) else 0
            nav.insert(at, {s.section_title: list(s.pages)})

    exclude = _excluded(config)
    notes, found = read_notes(docs, off)
    problems += found
    for page, note in notes.items():
        if not (docs / page).is_file() or exclude(page):
            problems.append(
                Problem(
                    note.file,
                    None,
                    f"there is no page docs/{page} to add this note to: {did_you_mean(page, docs)} "
                    f"(a note's path inside {NOTES_DIR}/ is the page's path inside docs/)",
                )
            )

    pages_in_docs = [p for p in docs_pages(docs) if not p.startswith(NOTES_DIR + "/") and not exclude(p)]
    # A link in a definition must lead to a page of the site; a broken one is
    # reported against the definition, not against the pages showing it. (A
    # link to a switched-off page is fine: it leaves the form as it renders.)
    for file, line, page in catalog.links:
        path = page.split("#", 1)[0]
        if path not in pages_in_docs:
            hint = closest(path, pages_in_docs)
            fix = (
                f"did you mean {hint[0]}?"
                if hint
                else "use the path of a page inside docs/, like modules/finding-mentors.md"
            )
            problems.append(Problem(file, line, f"link to '{page}': there is no page docs/{path}: {fix}"))

    # The course index: the pages the engine's navigation holds, in order.
    published = [p for p in pages_in_docs if p not in off]
    pages = [p for p in dict.fromkeys(nav_paths(nav)) if p in published] if nav is not None else published
    modules, found = course_index(docs, pages, catalog, options.site_id, use_directory_urls)
    problems += found
    plan_url = page_url(PLAN_PAGE, use_directory_urls) if PLAN_PAGE in pages else None
    # The pages with forms, in the nav or not: their own Markdown or their note places them.
    form_pages = frozenset(
        page_url(p, use_directory_urls)
        for p in published
        if has_forms((docs / p).read_text(encoding="utf-8-sig")) or (p in notes and has_forms(notes[p].body))
    )

    if problems:
        raise DefinitionError(problems)
    site_url = config.get("site_url")
    site_url = "" if site_url is None else str(site_url)
    if site_url and not site_url.endswith("/"):
        site_url += "/"  # as MkDocs normalises it
    plugins = config.get("plugins") or []
    offline = any(
        (p in OFFLINE_PLUGINS)
        if isinstance(p, str)
        else (
            isinstance(p, dict)
            and any(
                name in OFFLINE_PLUGINS and (conf or {}).get("enabled", True) is not False for name, conf in p.items()
            )
        )
        for p in plugins
    )
    return Site(
        root=root,
        docs=docs,
        config_file=config_file,
        settings=s,
        options=options,
        catalog=catalog,
        off=off,
        nav=nav,
        modules=tuple(modules),
        plan_url=plan_url,
        positions=MappingProxyType(positions),
        notes=MappingProxyType(notes),
        off_titles=MappingProxyType({p: page_title(docs / p) for p in off_list if p.startswith(MODULES)}),
        paper=Paper(programme=s.programme_name, address=site_url, credit=licence_credit(copyright)),
        offline=offline,
        use_directory_urls=use_directory_urls,
        module_count=len(course),
        course_minutes=course_minutes,
        copyright=copyright,
        modules_on=modules_on,
        form_pages=form_pages,
        config=MappingProxyType(config),
    )


# ---------------------------------------------------------------- the parts


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """A page's URL as MkDocs and Zensical write it, from its docs path:
    modules/x.md -> modules/x/ (or modules/x.html); index.md -> '' (or index.html)."""
    folder, name = posixpath.split(src)
    stem = posixpath.splitext(name)[0]
    if name in INDEX_NAMES:
        if use_directory_urls:
            return f"{folder}/" if folder else ""
        return posixpath.join(folder, "index.html")
    if use_directory_urls:
        return posixpath.join(folder, stem) + "/"
    return posixpath.join(folder, stem + ".html")


def course_index(
    docs: Path, pages: list[str], catalog: Catalog, site_id: str, use_directory_urls: bool
) -> tuple[list[Module], list[Problem]]:
    """The modules among `pages` (in order), with the worksheets and
    self-assessments each one uses. A file name is a module's id, so two
    modules may not share one."""
    modules: list[Module] = []
    problems: list[Problem] = []
    for src in pages:
        if not src.startswith(MODULES):
            continue
        text = FRONT_MATTER_RE.sub("", (docs / src).read_text(encoding="utf-8-sig"))
        heading = TITLE_RE.search(text)
        items = []
        for code in find_shortcodes(text):
            definition = catalog.get(code.kind, code.id)
            if definition is not None:
                items.append(Item(code.kind, code.id, storage_key(site_id, code.kind, code.id), definition["title"]))
        ident = PurePosixPath(src).stem
        twin = next((m.src for m in modules if m.id == ident), None)
        if twin:
            problems.append(
                Problem(
                    f"docs/{src}",
                    None,
                    "a module's file name is its id (for progress and My plan), "
                    f"and docs/{twin} has the same one: rename one of them",
                )
            )
            continue
        title = heading.group(1) if heading else PurePosixPath(src).stem.replace("-", " ").capitalize()
        modules.append(Module(ident, title, src, page_url(src, use_directory_urls), tuple(items)))
    return modules, problems


def licence_credit(copyright: str | None) -> str:
    """The parts of the footer line that credit the content and its licence
    ("Course content CC BY 4.0", "© Example Corp · Adapted from Career Allies
    (CC BY 4.0)"), without the rest ("Your answers stay in your browser")."""
    parts = [html.unescape(p.strip()) for p in re.sub(r"<[^>]+>", "", copyright or "").split("·")]
    kept = [p for p in parts if re.search(r"CC BY|©|\(c\)|licen[cs]e|adapted", p, re.I)]
    return " · ".join(kept) or "Course content CC BY 4.0"


def page_title(path: Path) -> str:
    """A page's title: its first '# ' heading."""
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def docs_pages(docs: Path) -> list[str]:
    """Every Markdown page under docs/, in MkDocs' order (index first, folders after files)."""
    found = []
    for folder, dirnames, filenames in os.walk(docs, followlinks=True):
        dirnames.sort()
        for name in filenames:
            if name.endswith(".md"):
                found.append((Path(folder) / name).relative_to(docs).as_posix())

    def order(src: str) -> tuple:
        parts = PurePosixPath(src).parts
        return (parts[:-1], PurePosixPath(src).stem not in ("index", "README"), parts[-1])

    return sorted(found, key=order)


def _excluded(config: dict[str, Any]) -> Any:
    """Whether a docs path is left out of the build: MkDocs' defaults (dot
    files, /templates/) and the config's exclude_docs (gitignore patterns)."""
    lines = [".*", "/templates/", *str(config.get("exclude_docs") or "").splitlines()]
    try:
        import pathspec
    except ImportError:  # a host without pathspec: folders and names only
        prefixes = [line.strip().strip("/") for line in lines if line.strip() and not line.strip().startswith("#")]
        return lambda src: any(
            src == p or src.startswith(p + "/") or (p == ".*" and any(part.startswith(".") for part in src.split("/")))
            for p in prefixes
        )
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    return spec.match_file


def read_notes(docs: Path, off: frozenset[str] | set[str]) -> tuple[dict[str, Note], list[Problem]]:
    """The organisation's notes in docs/org/notes/, by the page each goes on."""
    folder = docs / NOTES_DIR
    notes: dict[str, Note] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return notes, problems
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        relative = path.relative_to(folder).as_posix()
        file = f"docs/{NOTES_DIR}/{relative}"
        if path.suffix != ".md":
            problems.append(
                Problem(
                    file,
                    None,
                    f"notes are Markdown files named after their page, like {NOTES_DIR}/modules/finding-mentors.md: "
                    f"rename it or move it out of {NOTES_DIR}/",
                )
            )
            continue
        if relative in off:
            log.info("%s: its page is switched off in %s, so the note is left out", file, SETTINGS_FILE)
            continue
        try:
            notes[relative] = parse_note(path.read_text(encoding="utf-8-sig"), file, relative)
        except DefinitionError as error:
            problems += error.problems
    return notes, problems


def _check_docs_file(docs: Path, key: str, value: str, kinds: set[str], s: Settings) -> list[Problem]:
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or "://" in value:
        return [s.problem(key, f"'{key}' should be a file inside docs/, like org/logo.svg, not '{value}'")]
    if path.suffix.lower() not in kinds:
        return [s.problem(key, f"'{key}' should be one of {', '.join(sorted(kinds))}, not '{path.suffix or value}'")]
    if not (docs / value).is_file():
        return [
            s.problem(
                key, f"there is no file docs/{value}: put the file there, or fix the path (it is relative to docs/)"
            )
        ]
    return []


def switched_off_pages(s: Settings, docs: Path) -> tuple[list[str], list[Problem]]:
    """The pages switched off, in order: each entry is a page, or a folder
    (ending in '/') that switches off every page in it."""
    off: list[str] = []
    problems: list[Problem] = []
    for index, entry in enumerate(s.switched_off):
        key = f"switched_off.{index}"
        if entry.endswith("/"):
            folder = PurePosixPath(entry)
            inside = (
                []
                if folder.is_absolute() or ".." in folder.parts or not (docs / folder).is_dir()
                else sorted(p.relative_to(docs).as_posix() for p in (docs / folder).rglob("*.md"))
            )
            if not inside:
                problems.append(
                    s.problem(
                        key,
                        f"there is no folder of pages docs/{entry} to switch off: {_did_you_mean_folder(entry, docs)}",
                    )
                )
            elif "index.md" in inside or "README.md" in inside:
                problems.append(
                    s.problem(
                        key,
                        f"'{entry}' holds the home page, which can't be switched off: "
                        "list the pages or folders inside it instead",
                    )
                )
            else:
                off += [p for p in inside if p not in off]
        elif entry in INDEX_NAMES:
            problems.append(
                s.problem(key, f"the home page '{entry}' can't be switched off: edit it, or add a note to it instead")
            )
        elif not (docs / entry).is_file() or not entry.endswith(".md"):
            problems.append(s.problem(key, f"there is no page docs/{entry} to switch off: {did_you_mean(entry, docs)}"))
        elif entry not in off:
            off.append(entry)
    return off, problems


def _did_you_mean_folder(entry: str, docs: Path) -> str:
    known = [
        p.relative_to(docs).as_posix() + "/"
        for p in docs.rglob("*")
        if p.is_dir() and not p.relative_to(docs).as_posix().startswith(("_", NOTES_DIR, "assets"))
    ]
    hint = difflib.get_close_matches(entry, known, n=1)
    return (
        f"did you mean {hint[0]}?"
        if hint
        else "check the path (it is relative to docs/ and ends in '/', like modules/for-mentors/)"
    )


def did_you_mean(page: str, docs: Path) -> str:
    known = [
        p.relative_to(docs).as_posix()
        for p in docs.rglob("*.md")
        if not p.relative_to(docs).as_posix().startswith(("_", NOTES_DIR))
    ]
    hint = difflib.get_close_matches(page, known, n=1)
    return (
        f"did you mean {hint[0]}?"
        if hint
        else "check the path (it is relative to docs/, like modules/finding-mentors.md)"
    )


def module_folders(docs: Path) -> list[list[str]]:
    """Without a nav: the module pages, one section per folder under docs/modules/."""
    folders: dict[str, list[str]] = {}
    for path in sorted((docs / "modules").rglob("*.md")):
        folders.setdefault(path.parent.as_posix(), []).append(path.relative_to(docs).as_posix())
    return list(folders.values())


def module_sections(nav: Any) -> list[list[str]]:
    """The module pages of each top-level nav section (such as "Course"), in order."""
    sections = []
    for item in nav if isinstance(nav, list) else []:
        pages = [p for p in nav_paths(item) if p.startswith(MODULES)]
        if pages:
            sections.append(pages)
    return sections


def nav_paths(nav: Any) -> list[str]:
    """Page paths in a nav config, in order."""
    out: list[str] = []
    if isinstance(nav, str):
        out.append(nav)
    elif isinstance(nav, list):
        for item in nav:
            out += nav_paths(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            out += nav_paths(value)
    return out


def _is_page(item: Any) -> bool:
    if isinstance(item, str):
        return True
    return isinstance(item, dict) and len(item) == 1 and isinstance(next(iter(item.values())), str)


def without(nav: list[Any], off: frozenset[str] | set[str]) -> list[Any]:
    """The nav config without switched-off pages (and sections left empty)."""
    out: list[Any] = []
    for item in nav:
        if isinstance(item, str):
            if item not in off:
                out.append(item)
        elif isinstance(item, dict):
            kept = {}
            for title, value in item.items():
                if isinstance(value, list):
                    inner = without(value, off)
                    if inner:
                        kept[title] = inner
                elif value not in off:
                    kept[title] = value
            if kept:
                out.append(kept)
        else:
            out.append(item)
    return out


__all__ = ["Item", "Module", "Options", "Paper", "Site", "load_site", "page_url"]
