"""The site's work on one page, given the Site and the page's docs path.

Plain functions on text, called by the career_allies Markdown extension
(career_allies.extension), so every engine that runs Python-Markdown runs
them:

- `prepare`: before Markdown reads the page. Checks its shortcodes, keeps or
  drops the lines of if-blocks, fills in `{{ placeholders }}`, adds the
  organisation's note, and expands `<!-- career-allies: worksheet-pack -->`
  into every worksheet in course order.
- `finish`: on the finished HTML. Fills My plan's containers and the
  overview box (links relative to the page), puts content tables in a box
  of their own, and reports words that still name a switched-off module.

Every problem comes back with its file and line and what to do.
"""

from __future__ import annotations

import posixpath
from html import escape
from pathlib import Path
from typing import Any

from .definitions import Catalog
from .errors import Problem
from .markup import markdown_text
from .organisation import SETTINGS_FILE, Note, fill_placeholders, insert_note, note_block
from .render import Renderer
from .shortcodes import PACK, front_matter_lines, scan
from .site import Site
from .switches import apply_conditions, line_of, mentions, visible_text
from .tables import wrap_tables

PLAN = "<!-- career-allies: my-plan -->"
TOOLS = "<!-- career-allies: my-plan-tools -->"
CLEAR = "<!-- career-allies: my-plan-clear -->"
OVERVIEW = "<!-- career-allies: overview -->"
PACK_STEM = "career-allies-worksheet-pack"

Kept = list[tuple[str, int, str]]  # (file, line, text) of the lines left after if-blocks


def pdf_names(stem: str) -> tuple[str, str]:
    """The A4 and US Letter files `make pdf` prints for one form (or the pack)."""
    return f"{stem}.pdf", f"{stem}-letter.pdf"


def printed(folder: Path | None, stem: str) -> bool:
    """Whether `make pdf` printed both papers of a form (or the pack) into `folder`."""
    return folder is not None and all((folder / name).is_file() for name in pdf_names(stem))


# ---------------------------------------------------------------- before Markdown


def check_shortcodes(text: str, catalog: Catalog, file: str, offset: int) -> list[Problem]:
    """Unknown ids and broken shortcodes, numbered as lines of `file`
    (`offset` lines above the text's first line)."""
    from .extension import unknown_id_message  # the extension imports this module

    found, broken = scan(text)
    problems = [
        Problem(file, s.line + offset, unknown_id_message(s.kind, s.id, catalog))
        for s in found
        if catalog.get(s.kind, s.id) is None
    ]
    problems += [
        Problem(
            file,
            b.line + offset,
            f"'{b.text}' looks like a shortcode but is not one: "
            "write <!-- worksheet: some-id --> or <!-- checklist: some-id -->",
        )
        for b in broken
    ]
    return problems


def _at_lines(problems: list[Problem], kept: list[int]) -> list[Problem]:
    """Problems numbered by line of the text left after if-blocks, numbered by line of the file."""
    return [
        Problem(p.file, kept[p.line] if p.line is not None and 0 <= p.line < len(kept) else p.line, p.message)
        for p in problems
    ]


def prepare(site: Site, src: str, markdown: str) -> tuple[str, Kept, list[Problem]]:
    """The page's Markdown as the site has it, the lines kept (for `finish`),
    and every problem found. `markdown` is the page without its front matter."""
    file = f"docs/{src}"
    source = site.docs / src
    offset = front_matter_lines(source.read_text(encoding="utf-8-sig")) if source.is_file() else 0
    problems = check_shortcodes(markdown, site.catalog, file, offset)
    values = site.values(src)
    contacts = site.settings.contacts_markdown()
    markdown, lines, found = apply_conditions(markdown, site.is_on, file, offset + 1)
    problems += found
    kept: Kept = [(file, n, text) for n, text in zip(lines, markdown.split("\n"), strict=True)]
    markdown, found = fill_placeholders(markdown, values, contacts, file, 0)
    problems += _at_lines(found, lines)
    note = site.notes.get(src)
    if note is not None:
        markdown, more, found = _add_note(site, markdown, note, values, contacts)
        kept += more
        problems += found
    if PACK in markdown:
        markdown = markdown.replace(PACK, pack(site))
    return markdown, kept, problems


def _add_note(
    site: Site, markdown: str, note: Note, values: dict[str, str], contacts: list[str]
) -> tuple[str, Kept, list[Problem]]:
    body, lines, problems = apply_conditions(note.body, site.is_on, note.file, note.body_line)
    kept: Kept = [(note.file, n, text) for n, text in zip(lines, body.split("\n"), strict=True)]
    body, found = fill_placeholders(body, values, contacts, note.file, 0)
    problems += _at_lines(found, lines)
    problems += check_shortcodes(body, site.catalog, note.file, note.body_line - 1)
    # The title is escaped as a whole by note_block, so values go in as they are.
    title, found = fill_placeholders(note.title or "At {{ organisation.name }}", values, [], note.file, 2, escape=str)
    problems += found
    markdown, problem = insert_note(markdown, note, note_block(title, body))
    if problem:
        problems.append(problem)
    return markdown, kept, problems


def pack(site: Site) -> str:
    """Markdown for every worksheet in course order: a cover (on paper only),
    the downloads, a contents list, then each module's worksheets."""
    paper = site.paper
    count = sum(len(m.items) for m in site.modules)
    a4, letter = pdf_names(PACK_STEM)
    lines = [
        '<div class="ca-pack-cover">',
        f'<p class="ca-pack-cover__programme">{escape(paper.programme)}</p>',
        '<p class="ca-pack-cover__title">Worksheet pack</p>',
        f'<p class="ca-pack-cover__what">All {count} worksheets and self-assessments from the course, in the order you '
        "meet them, with space to write your answers by hand. Take each one alongside its module, or bring it to a "
        "mentoring conversation.</p>",
        '<p class="ca-pack-cover__who">Name: <span class="ca-paper ca-paper--inline"></span></p>',
        f'<p class="ca-pack-cover__credit">{escape(paper.address)}<br />{escape(paper.credit)}</p>',
        "</div>",
        "",
    ]
    if printed(site.options.pdf_dir, PACK_STEM):
        lines += [
            f"Download the whole pack, blank, to print: [A4 (PDF)](/pdf/{a4}){{ .md-button }} "
            f"[US Letter (PDF)](/pdf/{letter}){{ .md-button }}",
            "{: .ca-print-hide }",
            "",
        ]
    lines += ["## Contents { .ca-pack-contents }", ""]
    number = 0
    for module in site.modules:
        for item in module.items:
            number += 1
            # The title is data, shown as text; the module's title is the
            # module page's own Markdown heading.
            lines.append(f"{number}. [{markdown_text(item.title)}](#ca-{item.id}-title) · {module.title}")
    lines.append("")
    for module in site.modules:
        if not module.items:
            continue
        lines += [f"## {module.title} {{ #pack-{module.id} .ca-pack-module }}", ""]
        for item in module.items:
            lines += [f"<!-- {item.kind}: {item.id} -->", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- after Markdown


def finish(site: Site, src: str, url: str, html: str, kept: Kept, renderer: Renderer) -> tuple[str, list[Problem]]:
    """The page's finished HTML: My plan's parts, content-table boxes; and
    the words that still name a switched-off module, as problems."""
    html = plan_parts(site, url, html, renderer)
    html = wrap_tables(html)
    return html, traces(site, src, html, kept)


def relative_url(url: str, other: str) -> str:
    """`url` relative to the page at `other` (as MkDocs' get_relative_url)."""
    dirname, _, basename = other.rpartition("/")
    if "." in basename:
        other = dirname

    def parts(path: str) -> list[str]:
        path = posixpath.normpath("/" + path)[1:]
        return path.split("/") if path else []

    here, there = parts(other), parts(url)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


def links_from_page(element: Any, src: str) -> None:
    """A form's links to pages are written from the docs root ("/modules/x.md",
    the same on every page that shows the form); make them relative to this
    page's source ("../modules/x.md"), which MkDocs and Zensical both resolve
    (Zensical leaves a link from the root as it is)."""
    folder = posixpath.dirname(src) or "."
    for link in element.iter("a"):
        href = link.get("href") or ""
        path, hash_, anchor = href.partition("#")
        if href.startswith("/") and not href.startswith("//") and path.endswith(".md"):
            link.set("href", posixpath.relpath(path[1:], folder) + hash_ + anchor)


def plan_parts(site: Site, url: str, html: str, renderer: Renderer) -> str:
    """My plan's containers and the overview box. They go in after Markdown:
    they are finished HTML with links already relative to the page."""
    if not any(code in html for code in (PLAN, TOOLS, CLEAR, OVERVIEW)):
        return html
    html = html.replace(OVERVIEW, renderer.page_part("overview.html"))
    html = html.replace(TOOLS, renderer.page_part("plan-tools.html", part="top"))
    html = html.replace(CLEAR, renderer.page_part("plan-tools.html", part="clear"))
    if PLAN not in html:
        return html
    about = {"id": site.options.site_id, "name": site.settings.programme_name, "url": site.paper.address}
    modules = [m.data() for m in site.modules]
    links = {m.url: relative_url(m.url, url) for m in site.modules}
    return html.replace(PLAN, renderer.page_part("plan.html", site=about, modules=modules,
                                                          fields=site.index()["fields"], links=links))


def traces(site: Site, src: str, html: str, kept: Kept) -> list[Problem]:
    """Words on a page that still send readers to a switched-off module: its
    title (as written) or its path, outside code. A link's own words (say
    "a personal board") read well as plain text, so a link alone is no trace."""
    if not site.off_titles:
        return []
    problems = []
    for off, what in mentions(visible_text(html), dict(site.off_titles)):
        where = next(((file, n) for file, n, text in kept if line_of(what, [(n, text)])), None)
        fix = (
            f"reword it, or put it between '<!-- if on: {off} -->' and '<!-- end if -->' lines "
            "so it goes with the module"
        )
        if where is None:
            where = _data_line(site.options.definitions, site.docs, what)
            fix = (
                f"it shows on docs/{src}, and a worksheet or self-assessment can't hold if-blocks, "
                "so reword it to name no module"
            )
        how = f"names '{what}', the title of" if what == site.off_titles[off] else "names"
        problems.append(
            Problem(
                where[0] if where else f"docs/{src}",
                where[1] if where else None,
                f"{how} docs/{off}, which is switched off in {SETTINGS_FILE}: {fix}",
            )
        )
    return problems


def _data_line(definitions: Path, docs: Path, needle: str) -> tuple[str, int] | None:
    """Where a worksheet or self-assessment definition has the words, when the page itself does not."""
    for path in sorted(definitions.rglob("*.yml")):
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in text and "page:" not in text:  # "where to go next" links leave by themselves
                try:
                    shown = f"docs/{path.relative_to(docs).as_posix()}"
                except ValueError:
                    shown = str(path)
                return shown, number
    return None
