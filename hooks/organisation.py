"""MkDocs adapter for organisation settings (`organisation.yml` at the root).

The reading, checking and text work is in `career_allies.organisation` and
`career_allies.switches` (no MkDocs there). This hook:

- on_config: reads and checks organisation.yml, then sets the site name,
  footer, logo, favicon, brand colours and the browser storage prefix
  (`site_id`); drops switched-off pages from the navigation and adds the
  organisation's own pages; reads the notes in docs/org/notes/.
- on_files: leaves switched-off pages and the notes folder out of the build,
  checks every note has a page, and adds the generated colour stylesheet.
- on_page_markdown: keeps or drops the lines of if-blocks
  (`<!-- if on: modules/x.md -->` ... `<!-- end if -->`), fills in
  `{{ placeholders }}` (on a module page also `{{ module.number }}` and
  `{{ module.total }}`, its place in its own nav section; everywhere
  `{{ course.time }}`, the learner modules' times added up) and adds the
  notes. It runs after the other hooks (it is last in mkdocs.yml), so their
  line numbers in error messages still match the page files.
- on_page_content: drops contents entries for headings that went with
  switched-off pages (a course-map group on the home page), and stops the
  build if the page still names a switched-off module by title or path.

Every mistake stops the build with organisation.yml's (or the page's) file
and line and what to do, never a traceback.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from career_allies import DefinitionError, Problem
from career_allies.extension import catalog_for, unknown_id_message
from career_allies.shortcodes import front_matter_lines
from career_allies.organisation import (
    NOTES_DIR,
    SETTINGS_FILE,
    Note,
    Settings,
    colours_css,
    fill_placeholders,
    insert_note,
    load_settings,
    module_minutes,
    module_positions,
    note_block,
)
from career_allies.shortcodes import scan
from career_allies.switches import SwitchedOffExtension, apply_conditions, line_of, mentions, visible_text
from career_allies.site import (
    COLOURS_CSS,
    FAVICON_TYPES,
    LOGO_TYPES,
    MODULES,
    _check_docs_file,
    _is_page,
    did_you_mean as _did_you_mean,
    module_folders as _module_folders,
    module_sections as _module_sections,
    nav_paths as _nav_paths,
    page_title as _title,
    read_notes,
    switched_off_pages as _switched_off_pages,
    without as _without,
)

log = logging.getLogger("mkdocs.plugins.career_allies.organisation")
EXTENSION = "career_allies"

# State for the build in progress (reset by on_config on every build).
_settings = Settings()
_notes: dict[str, Note] = {}
_links = SwitchedOffExtension()
_module_count = 0
_course_minutes = 0  # the learner modules that are on, added up from their meta lines
_positions: dict[str, tuple[int, int]] = {}  # module page -> (number, total) in its nav section
_docs = Path("docs")
_off_titles: dict[str, str] = {}  # switched-off module page -> its title (its "# " heading)
_kept: dict[str, list[tuple[str, int, str]]] = {}  # page -> (file, line, text) of the lines left after if-blocks


def _fail(problems: list[Problem]) -> None:
    if problems:
        raise PluginError(DefinitionError(problems).report())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _settings, _notes, _links, _module_count, _course_minutes, _positions, _docs, _off_titles, _kept
    root = Path(config.config_file_path).resolve().parent
    docs = Path(config.docs_dir)
    path = root / SETTINGS_FILE
    try:
        _settings = load_settings(path.read_text(encoding="utf-8-sig") if path.is_file() else None, SETTINGS_FILE)
    except DefinitionError as error:
        raise PluginError(error.report()) from None
    s = _settings
    problems: list[Problem] = []

    # Files the settings name must exist inside docs/.
    for key, value, kinds in (("branding.logo", s.logo, LOGO_TYPES), ("branding.favicon", s.favicon, FAVICON_TYPES)):
        if value:
            problems += _check_docs_file(docs, key, value, kinds, s)
    off, found = _switched_off_pages(s, docs)
    problems += found
    nav_pages = set(_nav_paths(config.nav or []))
    for index, page in enumerate(s.pages):
        key = f"pages.files.{index}"
        if not page.endswith(".md") or not (docs / page).is_file():
            problems.append(s.problem(key, f"there is no page docs/{page}: create it, or fix the path (it is relative to docs/)"))
        elif page in nav_pages:
            problems.append(s.problem(key, f"docs/{page} is already in the navigation in mkdocs.yml: list it in one place only"))
        elif page in off:
            problems.append(s.problem(key, f"docs/{page} is both listed here and switched off: keep one"))

    # Settings shown outside pages may use inline placeholders too.
    sections = [[p for p in section if p not in off] for section in (_module_sections(config.nav) if config.nav else _module_folders(docs))]
    modules_on = [p for section in sections for p in section]
    _positions = module_positions(sections)
    # {{ modules.count }} is the learner course: the modules directly in docs/modules/.
    course = [p for p in modules_on if "/" not in p[len(MODULES):]]
    _module_count = len(course)
    _course_minutes = sum(module_minutes((docs / p).read_text(encoding="utf-8-sig")) for p in course if (docs / p).is_file())
    values = s.values(_module_count, course_minutes=_course_minutes)
    # The theme prints the copyright line as HTML: values go in HTML-escaped.
    copyright, found = fill_placeholders(s.copyright, values, [], SETTINGS_FILE, s.line("programme.copyright") or 1, escape=html.escape)
    problems += found
    _fail(problems)

    config.site_name = s.programme_name
    if s.line("home.intro"):  # the search engines' summary follows the home page's intro
        config.site_description = s.home_intro
    config.copyright = copyright
    if s.logo:
        config.theme["logo"] = s.logo
    if s.favicon:
        config.theme["favicon"] = s.favicon
    if s.primary_colour or s.accent_colour:
        if COLOURS_CSS not in [str(c) for c in config.extra_css]:
            config.extra_css.append(COLOURS_CSS)
    config.extra["organisation"] = s.template_data()
    if EXTENSION in config.mdx_configs or EXTENSION in config.markdown_extensions:
        config.mdx_configs.setdefault(EXTENSION, {})["site_id"] = s.site_id

    if config.nav:
        nav = _without(config.nav, set(off))
        if s.pages:
            at = 1 if nav and isinstance(nav[0], (str, dict)) and _is_page(nav[0]) else 0
            nav.insert(at, {s.section_title: list(s.pages)})
        config.nav = nav

    _links = SwitchedOffExtension(off=set(off), modules=modules_on)
    _docs, _kept = docs, {}
    _off_titles = {p: _title(docs / p) for p in off if p.startswith(MODULES)}
    config.markdown_extensions.append(_links)  # type: ignore[arg-type]  # MkDocs passes instances through
    _notes, problems = read_notes(docs, set(off))
    _fail(problems)
    return config


def on_serve(server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(Path(config.config_file_path).resolve().parent / SETTINGS_FILE))
    return server


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    notes_prefix = NOTES_DIR + "/"
    for file in list(files):
        if file.src_uri.startswith(notes_prefix) or file.src_uri in _links.off:
            files.remove(file)
    problems = []
    for page, note in _notes.items():
        target = files.get_file_from_path(page)
        if target is None or not target.is_documentation_page():
            problems.append(Problem(note.file, None, f"there is no page docs/{page} to add this note to: {_did_you_mean(page, Path(config.docs_dir))} (a note's path inside {NOTES_DIR}/ is the page's path inside docs/)"))
    _fail(problems)
    if _settings.primary_colour or _settings.accent_colour:
        existing = files.get_file_from_path(COLOURS_CSS)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, COLOURS_CSS, content=colours_css(_settings.primary_colour, _settings.accent_colour)))
    return files


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = page.file.src_uri
    _links.current = src
    values = _settings.values(_module_count, _positions.get(src), _course_minutes)
    contacts = _settings.contacts_markdown()
    file = f"docs/{src}"
    markdown, kept, problems = apply_conditions(markdown, _is_on, file, front_matter_lines(page.file.content_string) + 1)
    _kept[src] = [(file, n, text) for n, text in zip(kept, markdown.split("\n"))]
    markdown, found = fill_placeholders(markdown, values, contacts, file, 0)
    problems += _at_lines(found, kept)
    note = _notes.get(src)
    if note is not None:
        body, kept, found = apply_conditions(note.body, _is_on, note.file, note.body_line)
        problems += found
        _kept[src] += [(note.file, n, text) for n, text in zip(kept, body.split("\n"))]
        body, found = fill_placeholders(body, values, contacts, note.file, 0)
        problems += _at_lines(found, kept)
        problems += _check_shortcodes(body, note, config)
        # The title is escaped as a whole by note_block, so values go in as they are.
        title, found = fill_placeholders(note.title or "At {{ organisation.name }}", values, [], note.file, 2, escape=str)
        problems += found
        markdown, problem = insert_note(markdown, note, note_block(title, body))
        if problem:
            problems.append(problem)
    _fail(problems)
    return markdown


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A heading that went with switched-off pages (a course-map group) leaves
    the page's contents too, so no contents link points at nothing."""
    if _links.off and page.toc:
        page.toc.items = _toc_kept(list(page.toc.items), html)
    _fail(_traces(page.file.src_uri, html))
    return html


def _traces(src: str, html: str) -> list[Problem]:
    """Words on a page that still send readers to a switched-off module: its
    title (as written) or its path, outside code. A link's own words (say
    "a personal board") read well as plain text, so a link alone is no trace."""
    problems = []
    for off, what in mentions(visible_text(html), _off_titles):
        where = next(((file, n) for file, n, text in _kept.get(src, []) if line_of(what, [(n, text)])), None)
        fix = f"reword it, or put it between '<!-- if on: {off} -->' and '<!-- end if -->' lines so it goes with the module"
        if where is None:
            where = _data_line(what)
            fix = f"it shows on docs/{src}, and a worksheet or self-assessment can't hold if-blocks, so reword it to name no module"
        how = f"names '{what}', the title of" if what == _off_titles[off] else "names"
        problems.append(Problem(where[0] if where else f"docs/{src}", where[1] if where else None,
                                f"{how} docs/{off}, which is switched off in {SETTINGS_FILE}: {fix}"))
    return problems


def _data_line(needle: str) -> tuple[str, int] | None:
    """Where a worksheet or self-assessment definition has the words, when the page itself does not."""
    for path in sorted((_docs / "_data").rglob("*.yml")):
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in text and "page:" not in text:  # "where to go next" links leave by themselves
                return f"docs/{path.relative_to(_docs).as_posix()}", number
    return None


def _is_on(path: str) -> bool | None:
    """Whether a page (or, ending in '/', any page in a folder) is on; None if there is none."""
    if path.endswith("/"):
        folder = _docs / path
        inside = [p.relative_to(_docs).as_posix() for p in folder.rglob("*.md")] if ".." not in path and folder.is_dir() else []
        return any(p not in _links.off for p in inside) if inside else None
    if ".." in path or not path.endswith(".md") or not (_docs / path).is_file():
        return None
    return path not in _links.off


def _at_lines(problems: list[Problem], kept: list[int]) -> list[Problem]:
    """Problems numbered by line of the text left after if-blocks, numbered by line of the file."""
    return [Problem(p.file, kept[p.line] if p.line is not None and 0 <= p.line < len(kept) else p.line, p.message) for p in problems]


# ---------------------------------------------------------------- helpers


def _toc_kept(items: list[Any], html: str) -> list[Any]:
    kept: list[Any] = []
    for item in items:
        children = _toc_kept(list(item.children), html)
        if f'id="{item.id}"' in html:
            item.children = children
            kept.append(item)
        else:
            kept += children
    return kept


def _check_shortcodes(body: str, note: Note, config: MkDocsConfig) -> list[Problem]:
    found, broken = scan(body)
    if not found and not broken:
        return []
    options = config.mdx_configs.get(EXTENSION, {})
    try:
        catalog = catalog_for(options["definitions"], options.get("relative_to"))
    except (KeyError, DefinitionError):
        return []  # hooks/worksheets.py reports broken definitions
    problems = [Problem(note.file, note.body_line + s.line - 1, unknown_id_message(s.kind, s.id, catalog)) for s in found if catalog.get(s.kind, s.id) is None]
    problems += [Problem(note.file, note.body_line + b.line - 1, f"'{b.text}' looks like a shortcode but is not one: write <!-- worksheet: some-id --> or <!-- checklist: some-id -->") for b in broken]
    return problems
