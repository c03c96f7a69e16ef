"""Python-Markdown extension: pages switched off by an organisation.

A switched-off page is not built, so a link to it would break. This
extension, run before the host resolves links, turns such links into plain
text, drops buttons and course-map cards that point to them, and renumbers
"Module 4 of 10" and the course map's "4 · " so the numbers stay in order.

    ext = SwitchedOffExtension(off={"modules/paying-it-forward.md"},
                               modules=["modules/start-here.md", ...])
    ext.current = "index.md"   # the page being converted (links are relative to it)
    markdown.markdown(text, extensions=["md_in_html", "attr_list", ext])

`modules` lists the modules that are still on, in course order.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

MODULE_OF_RE = re.compile(r"^(\s*Module\s+)(\d+)(\s+of\s+)(\d+)(\s*)$")
CARD_NUMBER_RE = re.compile(r"^(\s*)(\d+)(\s*·\s*)$")


def resolve(href: str, current: str) -> str | None:
    """The docs path a relative link points to, or None for other links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = posixpath.dirname(current)
    target = posixpath.normpath(posixpath.join(base, path)) if not path.startswith("/") else path.lstrip("/")
    return target


def _classes(element: etree.Element) -> set[str]:
    return set((element.get("class") or "").split())


class SwitchedOffTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, ext: "SwitchedOffExtension"):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        off, modules, current = self.ext.off, self.ext.modules, self.ext.current
        if not off:
            return
        parents = {child: parent for parent in root.iter() for child in parent}
        for link in [a for a in root.iter("a") if a.get("href")]:
            target = resolve(link.get("href", ""), current)
            if target is None:
                continue
            if target in off:
                self._switch_off(link, parents)
            elif target in modules:
                self._renumber_card(link, parents, modules.index(target) + 1)
        if current in modules:
            for p in root.iter("p"):
                if "ca-module-meta" in _classes(p):
                    for strong in p.iter("strong"):
                        match = MODULE_OF_RE.match(strong.text or "")
                        if match:
                            strong.text = f"{match.group(1)}{modules.index(current) + 1}{match.group(3)}{len(modules)}{match.group(5)}"

    def _switch_off(self, link: etree.Element, parents: dict[etree.Element, etree.Element]) -> None:
        card = self._card(link, parents)
        if card is not None:
            _remove(card, parents)
            return
        if "md-button" in _classes(link):
            _remove(link, parents)
            return
        link.tag = "span"
        for name in list(link.attrib):
            del link.attrib[name]

    @staticmethod
    def _card(link: etree.Element, parents: dict[etree.Element, etree.Element]) -> etree.Element | None:
        """The grid card (list item in a `.cards` block) this link heads, if any."""
        node = link
        while node in parents:
            parent = parents[node]
            if node.tag == "li" and parent.tag in ("ul", "ol"):
                block = parents.get(parent)
                if block is not None and "cards" in _classes(block):
                    first = next(node.iter("a"), None)
                    return node if first is link else None
                return None
            node = parent
        return None

    @staticmethod
    def _renumber_card(link: etree.Element, parents: dict[etree.Element, etree.Element], number: int) -> None:
        strong = parents.get(link)
        if strong is None or strong.tag != "strong" or strong[0] is not link:
            return
        match = CARD_NUMBER_RE.match(strong.text or "")
        if match:
            strong.text = f"{match.group(1)}{number}{match.group(3)}"


def _remove(element: etree.Element, parents: dict[etree.Element, etree.Element]) -> None:
    """Remove an element, keeping the text that follows it."""
    parent = parents[element]
    index = list(parent).index(element)
    tail = element.tail or ""
    if tail.strip():
        if index > 0:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


class SwitchedOffExtension(Extension):
    def __init__(self, off: set[str] | None = None, modules: list[str] | None = None, **kwargs: Any):
        self.off = set(off or ())
        self.modules = list(modules or ())
        self.current = ""
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.registerExtension(self)
        # After attr_list (8) so buttons have their classes; before MkDocs
        # resolves and checks links (relpath, 0).
        md.treeprocessors.register(SwitchedOffTreeprocessor(md, self), "career_allies_switched_off", 3)
