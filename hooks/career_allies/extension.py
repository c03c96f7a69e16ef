"""Python-Markdown extension: replace shortcode lines with rendered worksheets.

    markdown.markdown(text, extensions=["career_allies"],
                      extension_configs={"career_allies": {"definitions": "docs/_data"}})

Works in any Python-Markdown host. Under MkDocs the hooks check every page
first, so authors see file-and-line errors instead of an exception here.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.serializers import to_xhtml_string
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .definitions import Catalog, load_catalog
from .errors import DefinitionError, Problem
from .render import Renderer
from .shortcodes import SHORTCODE_RE, scan

MARKER = "\u2063CAREER-ALLIES {kind} {id}\u2063"
MARKER_RE = re.compile("^\u2063CAREER-ALLIES (worksheet|checklist) ([^\\s]*)\u2063$")

_catalogs: dict[str, tuple[tuple, Catalog]] = {}
_renderers: dict[tuple, Renderer] = {}
_parts: dict[str, tuple[etree.Element, list]] = {}


def _signature(directory: Path) -> tuple:
    stats = ((str(p), p.stat()) for p in directory.rglob("*.y*ml"))
    return tuple(sorted((name, st.st_mtime_ns, st.st_size) for name, st in stats))


def catalog_for(directory: str | Path, relative_to: str | Path | None = None) -> Catalog:
    """Load definitions once, and again only when a file changes (live reload)."""
    path = Path(directory).resolve()
    signature = _signature(path)
    cached = _catalogs.get(str(path))
    if cached and cached[0] == signature:
        return cached[1]
    catalog = load_catalog(path, relative_to)
    _catalogs[str(path)] = (signature, catalog)
    return catalog


def renderer_for(template_dirs: list[str], site_id: str) -> Renderer:
    key = (tuple(template_dirs), site_id)
    if key not in _renderers:
        _renderers[key] = Renderer(template_dirs, site_id)
    return _renderers[key]


class ShortcodePreprocessor(Preprocessor):
    """Swap each shortcode line for a marker paragraph (before raw HTML is stashed)."""

    def __init__(self, md: Markdown, ext: "CareerAlliesExtension"):
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

    def __init__(self, md: Markdown, ext: "CareerAlliesExtension"):
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
                element.tail = child.tail
                parent.remove(child)
                parent.insert(index, element)


_SPACE_RE = re.compile(r"\s+")


def _tidy(text: str | None) -> str | None:
    """Fold template indentation; whitespace-only runs become a newline."""
    if not text:
        return text
    return AtomicString("\n" if not text.strip() else _SPACE_RE.sub(" ", text))


def _atomic(element: etree.Element) -> etree.Element:
    """Mark all text as final so no Markdown inline pattern touches it."""
    for node in element.iter():
        node.text = _tidy(node.text)
        node.tail = _tidy(node.tail)
    return element


class CareerAlliesExtension(Extension):
    def __init__(self, **kwargs: Any):
        self.config = {
            "definitions": ["docs/_data", "Folder holding worksheets/ and checklists/ definitions"],
            "templates": [["overrides/partials/career-allies"], "Folders with worksheet.html and checklist.html"],
            "site_id": ["career-allies", "Prefix of browser storage keys; unique per site on one web origin"],
            "relative_to": ["", "Show file names in errors relative to this folder"],
            "pdf_dir": ["", "Folder of printed PDFs (<id>.pdf); a worksheet links to its PDF when one exists"],
        }
        super().__init__(**kwargs)
        self._catalog: Catalog | None = None

    def catalog(self) -> Catalog:
        # Looked up once per document: hosts such as MkDocs make a new
        # Markdown instance, and so a new extension, for every page.
        if self._catalog is None:
            self._catalog = catalog_for(self.getConfig("definitions"), self.getConfig("relative_to") or None)
        return self._catalog

    def reset(self) -> None:
        self._catalog = None

    def _markup(self, kind: str, ident: str) -> tuple[str, Renderer, dict[str, Any], str | None]:
        definition = self.catalog().get(kind, ident)
        if definition is None:
            raise DefinitionError([Problem("page", None, unknown_id_message(kind, ident, self.catalog()))])
        templates = self.getConfig("templates")
        if isinstance(templates, str):
            templates = [templates]
        pdf_dir = self.getConfig("pdf_dir")
        pdf = f"/pdf/{ident}.pdf" if pdf_dir and (Path(pdf_dir) / f"{ident}.pdf").is_file() else None
        renderer = renderer_for(list(templates), self.getConfig("site_id"))
        return renderer.html(definition, pdf=pdf), renderer, definition, pdf

    def element(self, kind: str, ident: str) -> etree.Element:
        """The whole worksheet or self-assessment as one element tree."""
        _, renderer, definition, pdf = self._markup(kind, ident)
        return _atomic(renderer.element(definition, pdf=pdf))

    def parts(self, kind: str, ident: str) -> tuple[etree.Element, list[etree.Element | str]]:
        """The root element (no children) and its children, each either an
        element that Markdown and its host must see (it holds a link to
        resolve and check, or the title that links point at) or, for the
        rest (the form itself, most of the markup), finished HTML. Cached per
        rendering, so a worksheet used twice in a build is split once."""
        markup, renderer, definition, pdf = self._markup(kind, ident)
        cached = _parts.get(markup)
        if cached is None:
            root = _atomic(renderer.element(definition, pdf=pdf))
            children: list[etree.Element | str] = []
            for child in list(root):
                root.remove(child)
                keep = child.find(".//a") is not None or any(e.get("id", "").endswith("-title") for e in child.iter())
                if keep:
                    children.append(child)
                else:
                    tail, child.tail = child.tail, None
                    children.append(to_xhtml_string(child) + (tail or ""))
            cached = _parts[markup] = (root, children)
        return cached

    def assemble(self, md: Markdown, kind: str, ident: str) -> etree.Element:
        """A fresh element for one page: kept children copied, finished HTML
        stored in the page's raw-HTML stash (as Markdown does for HTML blocks)."""
        proto, children = self.parts(kind, ident)
        root = etree.Element(proto.tag, dict(proto.attrib))
        root.text = proto.text
        last: etree.Element | None = None
        for child in children:
            if isinstance(child, str):
                placeholder = md.htmlStash.store(child)
                if last is None:
                    root.text = AtomicString((root.text or "") + placeholder)
                else:
                    last.tail = AtomicString((last.tail or "") + placeholder)
            else:
                last = _atomic(copy.deepcopy(child))
                root.append(last)
        return root

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Before html_block (20) stashes HTML comments; after whitespace normalising (30).
        md.preprocessors.register(ShortcodePreprocessor(md, self), "career_allies", 25)
        # Before inline (20), so marker text is still plain; toc (5) then sees worksheet markup.
        md.treeprocessors.register(ShortcodeTreeprocessor(md, self), "career_allies", 25)


def unknown_id_message(kind: str, ident: str, catalog: Catalog) -> str:
    import difflib

    folder = "worksheets" if kind == "worksheet" else "checklists"
    known = list(catalog.worksheets if kind == "worksheet" else catalog.checklists)
    hint = difflib.get_close_matches(ident, known, n=1)
    fix = f"did you mean '{hint[0]}'?" if hint else f"add {folder}/{ident}.yml or use one of: {', '.join(sorted(known)) or 'none yet'}"
    return f"unknown {kind} id '{ident}': {fix}"


def makeExtension(**kwargs: Any) -> CareerAlliesExtension:  # noqa: N802 (Markdown's API)
    return CareerAlliesExtension(**kwargs)


__all__ = ["CareerAlliesExtension", "SHORTCODE_RE", "catalog_for", "makeExtension"]
