"""Python-Markdown extension: replace shortcode lines with rendered worksheets,
and do the site's work on each page.

    markdown.markdown(text, extensions=["career_allies"],
                      extension_configs={"career_allies": {"definitions": "docs/_data"}})

Works in any Python-Markdown host. Inside a site, the host says which page
is being converted through a `rendering_context` preprocessor (Zensical's
own, or career_allies.context.PageContextExtension under MkDocs); the
extension then loads the Site (career_allies.site) from the config file and
does everything page-level (career_allies.pages): shortcode checks, if-blocks,
placeholders, notes, the worksheet pack, switched-off links and contents
entries, My plan, content-table boxes and traces of switched-off modules.
Each problem stops the conversion with a DefinitionError naming file and line
(or whatever the host's context asks for, as MkDocs' PluginError).

Without a context (plain `markdown.markdown(...)`) it only renders forms,
from its `definitions` and `templates` options.
"""

from __future__ import annotations

import re
from xml.parsers import expat
from xml.parsers.expat import ExpatError
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any, NoReturn
from collections.abc import Callable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from . import pages
from .cache import DiskCache, code_digest, digest, file_stamps, once_per_build
from .context import Context, find_context
from .definitions import Catalog, load_catalog
from .errors import DefinitionError, Problem, closest
from .pages import pdf_names, printed
from .render import Renderer
from .shortcodes import SHORTCODE_RE, scan
from .site import DEFAULT_OPTIONS, Site, load_site
from .switches import SwitchedOffExtension, SwitchedOffTreeprocessor

MARKER = "\u2063CAREER-ALLIES {kind} {id}\u2063"
MARKER_RE = re.compile("^\u2063CAREER-ALLIES (worksheet|checklist) ([^\\s]*)\u2063$")

_catalogs: dict[str, tuple[tuple, Catalog]] = {}
_renderers: dict[tuple, Renderer] = {}
_parts: dict[str, tuple[etree.Element, list]] = {}


def _signature(directory: Path) -> tuple:
    """Name, change time and size of every definition file: once per page,
    or once per build where the host calls cache.begin_build()."""
    return once_per_build(("definitions", str(directory)), lambda: _scan_definitions(directory))


def _scan_definitions(directory: Path) -> tuple:
    return tuple(sorted(file_stamps([directory], (".yml", ".yaml"))))


def catalog_for(
    directory: str | Path,
    relative_to: str | Path | None = None,
    cache_dir: str | Path | None = None,
) -> Catalog:
    """Load definitions once, and again only when a file changes (live
    reload). With a cache folder, a build whose definitions are unchanged
    since the last one reads the checked result instead of the YAML."""
    path = Path(directory).resolve()
    signature = _signature(path)
    cached = _catalogs.get(str(path))
    if cached and cached[0] == signature:
        return cached[1]
    disk = DiskCache(cache_dir)
    key = ""
    if disk.folder is not None:
        sources = [
            (Path(name).relative_to(path).as_posix(), Path(name).read_bytes().decode("utf-8", "replace"))
            for name, _, _ in signature
        ]
        key = digest("catalog", sources, str(relative_to or ""), code_digest())
        stored = disk.get("catalog", key)
        if isinstance(stored, dict):
            try:
                catalog = Catalog(
                    worksheets=stored["worksheets"],
                    checklists=stored["checklists"],
                    sources=stored["sources"],
                    links=stored["links"],
                )
            except (KeyError, TypeError):
                pass
            else:
                _catalogs[str(path)] = (signature, catalog)
                return catalog
    catalog = load_catalog(path, relative_to)
    _catalogs[str(path)] = (signature, catalog)
    if key:
        disk.put(
            "catalog",
            key,
            {
                "worksheets": catalog.worksheets,
                "checklists": catalog.checklists,
                "sources": catalog.sources,
                "links": catalog.links,
            },
        )
    return catalog


def renderer_for(
    template_dirs: list[str],
    site_id: str,
    cache_dir: str | Path | None = None,
    strings: dict[str, str] | None = None,
) -> Renderer:
    key = (tuple(template_dirs), site_id, str(cache_dir or ""), tuple(sorted((strings or {}).items())))
    if key not in _renderers:
        _renderers[key] = Renderer(template_dirs, site_id, strings=dict(strings or {}), cache_dir=cache_dir)
    return _renderers[key]


class SitePagePreprocessor(Preprocessor):
    """Inside a site: the page as the site has it (career_allies.pages.prepare)."""

    def __init__(self, md: Markdown, ext: CareerAlliesExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        site, context = self.ext.begin(self.md)
        if site is None or context is None:
            return lines
        text, self.ext._kept, problems = pages.prepare(site, context.path, "\n".join(lines))
        self.ext.fail(problems)
        return text.split("\n")


class ContentsTreeprocessor(Treeprocessor):
    """A heading that went with switched-off pages (a course-map group) leaves
    the page's contents too, so no contents link points at nothing. Runs
    after toc, which both MkDocs and Zensical read their contents from."""

    def __init__(self, md: Markdown, switches: SwitchedOffExtension):
        super().__init__(md)
        self.switches = switches

    def run(self, root: etree.Element) -> None:
        tokens = getattr(self.md, "toc_tokens", None)
        if tokens and self.switches.off:
            ids = {element.get("id") for element in root.iter() if element.get("id")}
            self.md.toc_tokens = _kept_tokens(tokens, ids)


def _kept_tokens(tokens: list[dict[str, Any]], ids: set[str | None]) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    for token in tokens:
        children = _kept_tokens(list(token.get("children") or []), ids)
        if token.get("id") in ids:
            kept.append({**token, "children": children})
        else:
            kept += children
    return kept


class TreeDoneTreeprocessor(Treeprocessor):
    """Last of the tree passes: from here on, postprocessors see the whole
    page (toc runs them on each heading's text before this)."""

    def __init__(self, md: Markdown, ext: CareerAlliesExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        self.ext._tree_done = True


class SitePagePostprocessor(Postprocessor):
    """Inside a site: the finished page (career_allies.pages.finish)."""

    def __init__(self, md: Markdown, ext: CareerAlliesExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        site, context = self.ext._site, self.ext._context
        if site is None or context is None or not self.ext._tree_done:
            return text
        text, problems = pages.finish(site, context.path, context.link_base, text, self.ext._kept, self.ext.renderer())
        self.ext.fail(problems)
        return text


class ShortcodePreprocessor(Preprocessor):
    """Swap each shortcode line for a marker paragraph (before raw HTML is stashed)."""

    def __init__(self, md: Markdown, ext: CareerAlliesExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        found, _ = scan("\n".join(lines))
        if not found:
            return lines
        by_line = {s.line: s for s in found}
        out: list[str] = []
        for number, line in enumerate(lines, 1):
            code = by_line.get(number)
            if code is None:
                out.append(line)
                continue
            out.extend(["", code.indent + MARKER.format(kind=code.kind, id=code.id), ""])
        return out


class ShortcodeTreeprocessor(Treeprocessor):
    """Replace marker paragraphs with the rendered worksheet element."""

    def __init__(self, md: Markdown, ext: CareerAlliesExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "p" or len(child) or not child.text:
                    continue
                match = MARKER_RE.match(child.text.strip())
                if not match:
                    continue
                element = self.ext.assemble(self.md, match.group(1), match.group(2))
                if self.ext._context is not None:  # in a site: links that every engine resolves
                    pages.links_from_page(element, self.ext._context.path)
                element.tail = child.tail
                parent.remove(child)
                parent.insert(index, element)


class FormPostprocessor(Postprocessor):
    """Put each form's finished HTML where assemble() left its placeholder."""

    def __init__(self, md: Markdown, ext: CareerAlliesExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        held = self.ext._held
        if not held:
            return text
        return HELD_RE.sub(lambda m: held[int(m.group(1))] if int(m.group(1)) < len(held) else m.group(0), text)


_SPACE_RE = re.compile(r"\s+")
_BLANK_RE = re.compile(r">\s+<")
# A text with more than whitespace, and a whitespace run that is not one space.
_RUN_TEXT_RE = re.compile(r">(?=[^<]*[^\s<])([^<]*?(?:\s\s|[^\S ])[^<]*)<")
# A child the host must see as elements: it holds a link, or the title links point at.
_KEEP_RE = re.compile(r'<a[\s>]|\sid="[^"]*-title"')
FORM_START, FORM_END = "<!--ca:form-->", "<!--/ca:form-->"
# Stands in for a form's finished HTML between the tree and the output
# (STX/ETX, as Markdown's own placeholders, but never "\x02<digits>\x03").
HELD = "\x02ca:{}\x03"
HELD_RE = re.compile("\x02ca:([0-9]+)\x03")


def _tidy(text: str | None) -> str | None:
    """Fold template indentation; whitespace-only runs become a newline."""
    if not text:
        return text
    return AtomicString("\n" if not text.strip() else _SPACE_RE.sub(" ", text))


def _clone(element: etree.Element) -> etree.Element:
    """A copy for one page (its host may rewrite links in it). Strings are
    shared, not copied: they never change, and stay AtomicString."""
    copy = etree.Element(element.tag, dict(element.attrib))
    copy.text, copy.tail = element.text, element.tail
    copy.extend(_clone(child) for child in element)
    return copy


def _fold(markup: str) -> str:
    """_tidy for finished HTML: the same folding of the text between tags.
    (Template output is escaped, so no '<' or '>' hides inside a value.)
    Whitespace-only texts, most of them, in one pass without a Python call
    each; then only the texts with a run to fold."""
    markup = _BLANK_RE.sub(">\n<", markup)
    return _RUN_TEXT_RE.sub(lambda m: ">" + _SPACE_RE.sub(" ", m.group(1)) + "<", markup)


def _children(markup: str) -> tuple[int, list[tuple[int, int]]] | None:
    """Where the root's start tag ends, and the span of each of its children,
    from the markup split at each "<" (each piece a tag and the text after it).
    None if the markup holds anything but elements and text, or a ">" that
    does not end a tag: then only the XML parser can tell."""
    if "<!" in markup or "<?" in markup or markup.count("<") != markup.count(">"):
        return None
    parts = markup.split("<")
    spans: list[tuple[int, int]] = []
    at = len(parts[0])  # where the current piece's "<" is
    depth = start = root_end = 0
    for part in parts[1:]:
        if part[0] == "/":
            depth -= 1
            if depth == 1:
                spans.append((start, at + part.index(">") + 2))
        else:
            close = part.index(">")
            if depth == 0:
                depth, root_end = 1, at + close + 2
            elif part[close - 1] == "/":
                if depth == 1:
                    spans.append((at, at + close + 2))
            else:
                if depth == 1:
                    start = at
                depth += 1
        at += len(part) + 1
    return root_end, spans


def _top_level(markup: str) -> tuple[str, dict[str, str], list[tuple[int, int]]]:
    """The root's tag and attributes, and the byte span of each of its
    children in the UTF-8 markup, from one pass of the XML parser."""
    parser = expat.ParserCreate()
    data = markup.encode("utf-8")
    root: list = []
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    empty = False

    def opened(tag: str, attrib: dict[str, str]) -> None:
        nonlocal depth, start, empty
        if depth == 0:
            root.extend([tag, attrib])
        elif depth == 1:
            start = parser.CurrentByteIndex
        depth += 1
        empty = True

    def closed(tag: str) -> None:
        nonlocal depth, empty
        depth -= 1
        if depth == 1:
            at = parser.CurrentByteIndex
            # At an end tag the index is where "</" starts, and the span ends
            # at the next ">"; for <x/> (closed right after it opened) it is
            # where the element ends.
            spans.append((start, at if empty and data[at - 2 : at] == b"/>" else data.index(b">", at) + 1))
        empty = False

    parser.StartElementHandler = opened
    parser.EndElementHandler = closed
    parser.Parse(data, True)
    return root[0], root[1], spans


def _atomic(element: etree.Element) -> etree.Element:
    """Mark all text as final so no Markdown inline pattern touches it."""
    for node in element.iter():
        node.text = _tidy(node.text)
        node.tail = _tidy(node.tail)
    return element


_definition_digests: dict[int, tuple[dict[str, Any], str]] = {}


def _definition_digest(definition: dict[str, Any]) -> str:
    hit = _definition_digests.get(id(definition))
    if hit is None or hit[0] is not definition:
        hit = _definition_digests[id(definition)] = (definition, digest(definition))
    return hit[1]


def _split(markup: str, explain: Callable[[], Any]) -> dict[str, Any]:
    """Cut a rendered form into its root and the root's children, as JSON-ready
    data: a child that holds a link or the title stays markup to parse
    ("tree"); the rest is finished HTML ("html"), the template's own text
    sliced out where the parser found each child, so it is never rebuilt as
    a tree and written out again."""
    try:
        found = _children(markup)
        if found is None:
            tag, attrib, byte_spans = _top_level(markup)
            data = markup.encode("utf-8")
            spans = [(len(data[:start].decode("utf-8")), len(data[:end].decode("utf-8"))) for start, end in byte_spans]
        else:
            expat.ParserCreate().Parse(markup.encode("utf-8"), True)  # only checks it
    except ExpatError:
        explain()  # raises the error that names the template
        raise
    if found is not None:
        root_end, spans = found
        head = markup[:root_end]
        root = etree.fromstring(head + "</" + head[1:].split(None, 1)[0].rstrip(">") + ">")
        tag, attrib = root.tag, dict(root.attrib)
    end_tag = markup.rindex("</")
    first = spans[0][0] if spans else end_tag
    children: list[list[str]] = []
    for number, (start, end) in enumerate(spans):
        after = spans[number + 1][0] if number + 1 < len(spans) else end_tag
        chunk, tail = markup[start:end], markup[end:after]
        if ("<a" in chunk or '-title"' in chunk) and _KEEP_RE.search(chunk):  # (the regex alone scans every character)
            children.append(["tree", chunk, tail])
        else:
            children.append(["html", _fold(chunk) + (tail if tail.strip() else "\n")])
    return {"tag": tag, "attrib": attrib, "text": markup[markup.index(">") + 1 : first], "children": children}


def _materialise(stored: dict[str, Any]) -> tuple[etree.Element, list[etree.Element | str]]:
    root = etree.Element(stored["tag"], dict(stored["attrib"]))
    root.text = _tidy(stored["text"])
    children: list[etree.Element | str] = []
    for part in stored["children"]:
        if part[0] == "tree":
            child = _atomic(etree.fromstring(part[1]))
            child.tail = _tidy(part[2])
            children.append(child)
        elif part[0] == "html" and isinstance(part[1], str):
            children.append(part[1])
        else:
            raise ValueError(part[0])
    return root, children


class CareerAlliesExtension(Extension):
    def __init__(self, **kwargs: Any):
        self.config = {
            "definitions": [DEFAULT_OPTIONS["definitions"], "Folder holding worksheets/ and checklists/ definitions"],
            "templates": [list(DEFAULT_OPTIONS["templates"]), "Folders with worksheet.html and checklist.html"],
            "site_id": [
                DEFAULT_OPTIONS["site_id"],
                "Prefix of browser storage keys; unique per site on one web origin",
            ],
            "relative_to": ["", "Show file names in errors relative to this folder"],
            "pdf_dir": [
                "",
                "Folder of printed PDFs (<id>.pdf, <id>-letter.pdf); a worksheet links to them when they exist",
            ],
            "paper": [
                {},
                "What paper copies say about the site: programme, address, credit (templates read it as strings)",
            ],
            "cache_dir": [
                DEFAULT_OPTIONS["cache_dir"],
                "Folder for a build cache of checked definitions and finished forms (off when empty)",
            ],
            "config_file": ["", "The site's config file (mkdocs.yml); else the host's rendering context says"],
        }
        super().__init__(**kwargs)
        self.switches = SwitchedOffExtension()  # its treeprocessor reads off/modules/current, set per page
        self.reset()

    def reset(self) -> None:
        """Per document: hosts such as MkDocs make a new Markdown instance,
        and so a new extension, for every page; others reuse one."""
        self._catalog: Catalog | None = None
        self._held: list[str] = []  # finished HTML for FormPostprocessor
        self._site: Site | None = None
        self._context: Context | None = None
        self._kept: pages.Kept = []
        self._tree_done = False
        self.switches.off, self.switches.modules, self.switches.current = set(), [], ""

    def begin(self, md: Markdown) -> tuple[Site | None, Context | None]:
        """The page being converted and its Site, when the host gives a context."""
        self._tree_done = False
        self._context = find_context(md, self.getConfig("config_file"))
        if self._context is None:
            return None, None
        try:
            site = self._site = load_site(self._context.config_file)
        except DefinitionError as error:
            self.stop(error)
        self.switches.off, self.switches.modules = set(site.off), list(site.modules_on)
        self.switches.current = self._context.path
        return site, self._context

    def fail(self, problems: list[Problem]) -> None:
        """Stop with every problem, if any."""
        if problems:
            self.stop(DefinitionError(problems))

    def stop(self, error: DefinitionError) -> NoReturn:
        """Stop as the host's context asks (MkDocs: PluginError), else with the DefinitionError."""
        if self._context is not None and self._context.raise_error is not None:
            self._context.raise_error(error)
        raise error

    def catalog(self) -> Catalog:
        if self._site is not None:
            return self._site.catalog
        if self._catalog is None:
            self._catalog = catalog_for(
                self.getConfig("definitions"),
                self.getConfig("relative_to") or None,
                self.getConfig("cache_dir") or None,
            )
        return self._catalog

    def renderer(self) -> Renderer:
        site = self._site
        if site is not None:
            options = site.options
            templates = [str(t) for t in options.templates]
            return renderer_for(templates, options.site_id, options.cache_dir, site.paper.strings())
        templates = self.getConfig("templates")
        if isinstance(templates, str):
            templates = [templates]
        cache_dir, paper = self.getConfig("cache_dir") or None, self.getConfig("paper") or None
        return renderer_for(list(templates), self.getConfig("site_id"), cache_dir, paper)

    def _source(self, kind: str, ident: str) -> tuple[dict[str, Any], Renderer, str | None]:
        definition = self.catalog().get(kind, ident)
        if definition is None:
            where = f"docs/{self._context.path}" if self._context is not None else "page"
            self.stop(DefinitionError([Problem(where, None, unknown_id_message(kind, ident, self.catalog()))]))
        if self._site is not None:
            pdf_dir: Path | None = self._site.options.pdf_dir
        else:
            pdf_dir = Path(self.getConfig("pdf_dir")) if self.getConfig("pdf_dir") else None
        pdf = f"/pdf/{ident}.pdf" if printed(pdf_dir, ident) else None
        return definition, self.renderer(), pdf

    def element(self, kind: str, ident: str) -> etree.Element:
        """The whole worksheet or self-assessment as one element tree."""
        definition, renderer, pdf = self._source(kind, ident)
        return _atomic(renderer.element(definition, pdf=pdf))

    def parts(self, kind: str, ident: str) -> tuple[etree.Element, list[etree.Element | str]]:
        """The root element (no children) and its children, each either an
        element that Markdown and its host must see (it holds a link to
        resolve and check, or the title that links point at) or, for the
        rest (the form itself, most of the markup), finished HTML.

        Kept once per build in memory (a worksheet is on its module page and
        in the pack) and, with a cache folder, across builds on disk, keyed by
        everything the markup depends on."""
        definition, renderer, pdf = self._source(kind, ident)
        key = digest(
            "form",
            _definition_digest(definition),
            pdf,
            renderer.site_id,
            renderer.strings,
            renderer.templates_digest(),
            code_digest(),
        )
        cached = _parts.get(key)
        if cached is None:
            disk = DiskCache(self.getConfig("cache_dir") or None)
            stored = disk.get("form", key)
            try:
                cached = _materialise(stored) if stored is not None else None
            except (KeyError, IndexError, TypeError, AttributeError, ValueError, etree.ParseError):
                cached = None  # not ours after all: render afresh
            if cached is None:
                stored = _split(renderer.html(definition, pdf=pdf), lambda: renderer.element(definition, pdf=pdf))
                disk.put("form", key, stored)
                cached = _materialise(stored)
            _parts[key] = cached
        return cached

    def assemble(self, md: Markdown, kind: str, ident: str) -> etree.Element:
        """A fresh element for one page: kept children copied, finished HTML
        held back as a placeholder that FormPostprocessor swaps for the HTML
        once Markdown is done with the page (so none of Markdown's own passes
        reads it). The root's content sits between FORM_START and FORM_END
        comments, so a host can find a form without parsing the page (see
        hooks/search_skip.py)."""
        proto, children = self.parts(kind, ident)
        root = etree.Element(proto.tag, dict(proto.attrib))
        root.text = AtomicString(self.hold(FORM_START) + (proto.text or ""))
        last: etree.Element | None = None
        for child in [*children, FORM_END]:
            if isinstance(child, str):
                placeholder = self.hold(child)
                if last is None:
                    root.text = AtomicString(root.text + placeholder)
                else:
                    last.tail = AtomicString((last.tail or "") + placeholder)
            else:
                last = _clone(child)
                root.append(last)
        return root

    def hold(self, html: str) -> str:
        self._held.append(html)
        return HELD.format(len(self._held) - 1)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # First of all, on the page as written (line numbers match its file).
        md.preprocessors.register(SitePagePreprocessor(md, self), "career_allies_page", 40)
        # Before html_block (20) stashes HTML comments; after whitespace normalising (30).
        md.preprocessors.register(ShortcodePreprocessor(md, self), "career_allies", 25)
        # Before inline (20), so marker text is still plain; toc (5) then sees worksheet markup.
        md.treeprocessors.register(ShortcodeTreeprocessor(md, self), "career_allies", 25)
        # After attr_list (8) so buttons have their classes; before MkDocs
        # resolves and checks links (relpath, 0).
        md.treeprocessors.register(SwitchedOffTreeprocessor(md, self.switches), "career_allies_switched_off", 3)
        # After toc (5) and the switched-off pass (3), which may drop headings.
        md.treeprocessors.register(ContentsTreeprocessor(md, self.switches), "career_allies_contents", 2)
        # After every other tree pass, MkDocs' links (relpath, 0) included.
        md.treeprocessors.register(TreeDoneTreeprocessor(md, self), "career_allies_done", -100)
        # After raw HTML (30), "&" (20) and unescaping (10): nothing else reads the forms.
        md.postprocessors.register(FormPostprocessor(md, self), "career_allies", 5)
        # Last, on the finished page with its forms.
        md.postprocessors.register(SitePagePostprocessor(md, self), "career_allies_page", 1)


def unknown_id_message(kind: str, ident: str, catalog: Catalog) -> str:
    folder = "worksheets" if kind == "worksheet" else "checklists"
    known = list(catalog.worksheets if kind == "worksheet" else catalog.checklists)
    hint = closest(ident, known)
    if hint:
        fix = f"did you mean '{hint[0]}'?"
    else:
        fix = f"add {folder}/{ident}.yml or use one of: {', '.join(sorted(known)) or 'none yet'}"
    return f"unknown {kind} id '{ident}': {fix}"


def makeExtension(**kwargs: Any) -> CareerAlliesExtension:  # noqa: N802 (Markdown's API)
    return CareerAlliesExtension(**kwargs)


__all__ = ["CareerAlliesExtension", "SHORTCODE_RE", "catalog_for", "makeExtension", "pdf_names"]
