"""Python-Markdown extension: pages switched off by an organisation.

A switched-off page is not built, so a link to it would break. This
extension, run before the host resolves links, turns such links into plain
text, drops buttons and course-map cards that point to them, and renumbers
"Module 4 of 10" and the course map's "4 · " so the numbers stay in order.
Modules are numbered within their folder: `modules/*.md` is the course,
`modules/for-mentors/*.md` a track of its own ("Module 2 of 4").

    ext = SwitchedOffExtension(off={"modules/paying-it-forward.md"},
                               modules=["modules/start-here.md", ...])
    ext.current = "index.md"   # the page being converted (links are relative to it)
    markdown.markdown(text, extensions=["md_in_html", "attr_list", ext])

`modules` lists the modules that are still on, in course order. A
`.ca-map-group` block whose cards are all switched off goes as a whole
(its heading and introduction with it), and so does a "Where to go next"
entry that points to a switched-off module.

Also here, for the host: `apply_conditions` (if-blocks in Markdown, so a
page can say one thing while a module is on and another when it is off)
and `mentions` (a switched-off module's title or path in a page's text).
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .errors import Problem

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


def number_in_folder(page: str, modules: list[str]) -> tuple[int, int]:
    """A module's place among the modules in its own folder, and how many there are."""
    folder = posixpath.dirname(page)
    siblings = [m for m in modules if posixpath.dirname(m) == folder]
    return siblings.index(page) + 1, len(siblings)


def _classes(element: etree.Element) -> set[str]:
    return set((element.get("class") or "").split())


class SwitchedOffTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, ext: SwitchedOffExtension):
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
                self._renumber_card(link, parents, number_in_folder(target, modules)[0])
        self._drop_empty_groups(root, parents)
        if current in modules:
            number, count = number_in_folder(current, modules)
            for p in root.iter("p"):
                if "ca-module-meta" in _classes(p):
                    for strong in p.iter("strong"):
                        match = MODULE_OF_RE.match(strong.text or "")
                        if match:
                            strong.text = f"{match.group(1)}{number}{match.group(3)}{count}{match.group(5)}"

    @staticmethod
    def _drop_empty_groups(root: etree.Element, parents: dict[etree.Element, etree.Element]) -> None:
        """A course-map group (`.ca-map-group`) with no cards left goes, heading and all."""
        for group in [g for g in root.iter() if "ca-map-group" in _classes(g)]:
            cards = [b for b in group.iter() if "cards" in _classes(b)]
            if cards and not any(li for b in cards for li in b.iter("li")) and group in parents:
                _remove(group, parents)

    def _switch_off(self, link: etree.Element, parents: dict[etree.Element, etree.Element]) -> None:
        """Remove a card, button or "where to go next" entry that points to a
        switched-off page, or turn a link in running text into its words."""
        card = self._card(link, parents)
        if card is not None:
            _remove(card, parents)
            return
        if "md-button" in _classes(link):
            _remove(link, parents)
            return
        parent = parents.get(link)
        if parent is not None and "ca-band__links" in _classes(parent):
            _drop_from_list(link, parent, parents)
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


def _drop_from_list(link: etree.Element, parent: etree.Element, parents: dict[etree.Element, etree.Element]) -> None:
    """Take a link out of a comma-separated list ("Where to go next: A, B"),
    with the printed address that may follow it, and the list's paragraph
    too when no link is left."""
    children = list(parent)
    index = children.index(link)
    entry = [link]
    if index + 1 < len(children) and "ca-band__address" in _classes(children[index + 1]):
        entry.append(children[index + 1])
    last = index + len(entry) == len(children)
    if index > 0 and last:  # the separator before it goes instead of the one after
        before = children[index - 1]
        before.tail = (before.tail or "").rstrip().rstrip(",") + (entry[-1].tail or "")
    for element in entry:
        parent.remove(element)
    if not any(child.tag == "a" for child in parent) and parent in parents:
        parents[parent].remove(parent)


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


# ---------------------------------------------------------------- conditional blocks
#
# Lines between `<!-- if on: modules/finding-mentors.md -->` and
# `<!-- end if -->` stay only while that page is on; `<!-- if off: ... -->`
# keeps its lines only while a listed page is off; `<!-- else -->` turns a
# block round. Each marker stands on a line of its own (they are HTML
# comments, so the page still reads as plain Markdown on a code host); blocks
# nest. Several paths, separated by commas, are all on or any off. A path
# ending in "/" is a folder: on while any page in it is on.

IF_RE = re.compile(r"^\s*<!--\s*if\s+(?P<state>on|off)\s*:\s*(?P<paths>.*?)\s*-->\s*$")
ELSE_RE = re.compile(r"^\s*<!--\s*else\s*-->\s*$")
END_RE = re.compile(r"^\s*<!--\s*end\s+if\s*-->\s*$")
MARKER_RE = re.compile(r"<!--\s*(?:if\b|else\b|end\s*if\b|endif\b)", re.IGNORECASE)
EXAMPLE = "<!-- if on: modules/finding-mentors.md -->"


def apply_conditions(
    markdown: str,
    is_on: Callable[[str], bool | None],
    file: str,
    first_line: int = 1,
) -> tuple[str, list[int], list[Problem]]:
    """Drop the lines of conditional blocks whose condition is false, and the
    marker lines themselves. Returns the text, the file line of every line
    kept (for error messages), and problems (unbalanced or misspelt markers,
    unknown pages). `is_on(path)` says whether a page or folder is on, or
    None when there is no such page."""
    from .organisation import _code_lines  # one fence rule for both

    lines = markdown.split("\n")
    code = _code_lines(lines)
    problems: list[Problem] = []
    out: list[str] = []
    kept: list[int] = []
    stack: list[list[Any]] = []  # [line, condition, in_else, active]
    active = True
    for index, line in enumerate(lines):
        number = index + first_line
        if index in code or "<!--" not in line:
            if active:
                out.append(line)
                kept.append(number)
            continue
        opener, other = IF_RE.match(line), ELSE_RE.match(line) or END_RE.match(line)
        if opener:
            paths = [p.strip() for p in opener.group("paths").split(",") if p.strip()]
            states = []
            for path in paths:
                state = is_on(path)
                if state is None:
                    message = (
                        f"there is no page docs/{path}: fix the path in this if-block "
                        "(it is relative to docs/, like modules/finding-mentors.md)"
                    )
                    problems.append(Problem(file, number, message))
                states.append(bool(state))
            if not paths:
                problems.append(Problem(file, number, f"this if-block names no page: write it like {EXAMPLE}"))
            condition = all(states) if opener.group("state") == "on" else not all(states)
            stack.append([number, condition, False, active])
            active = active and condition
        elif other and ELSE_RE.match(line):
            if not stack:
                message = f"'<!-- else -->' without an if-block before it: add {EXAMPLE} above, or remove this line"
                problems.append(Problem(file, number, message))
            elif stack[-1][2]:
                message = f"a second '<!-- else -->' in the if-block opened on line {stack[-1][0]}: keep one"
                problems.append(Problem(file, number, message))
            else:
                stack[-1][2] = True
                active = stack[-1][3] and not stack[-1][1]
        elif other:
            if not stack:
                message = (
                    f"'<!-- end if -->' without an if-block before it: "
                    f"add {EXAMPLE} above the text it should cover, or remove this line"
                )
                problems.append(Problem(file, number, message))
            else:
                active = stack.pop()[3]
        elif MARKER_RE.search(re.sub(r"(`+).+?\1", "", line)):  # markers shown as `code` are examples
            message = (
                f"'{line.strip()}' looks like part of an if-block but is not one: "
                f"each marker stands on a line of its own, written {EXAMPLE}, <!-- else --> or <!-- end if -->"
            )
            problems.append(Problem(file, number, message))
        elif active:
            out.append(line)
            kept.append(number)
    for number, *_ in stack:
        message = "this if-block has no '<!-- end if -->': add one on a line of its own after the text it covers"
        problems.append(Problem(file, number, message))
    return "\n".join(out), kept, problems


# ---------------------------------------------------------------- traces of switched-off modules

TAG_RE = re.compile(r"<(code|pre|script|style)\b.*?</\1>|<[^>]+>", re.S)


def visible_text(html_text: str) -> str:
    """The words a reader sees, without code."""
    return html.unescape(TAG_RE.sub(" ", html_text))


def mentions(text: str, titles: dict[str, str]) -> list[tuple[str, str]]:
    """(page, what) for every switched-off module `text` names: by its title
    (as written, case and all) or by its path. `titles` maps each
    switched-off module's path to its title."""
    found = []
    flat = " ".join(text.split())
    for page, title in titles.items():
        for needle in (title, page):
            if needle and re.search(rf"(?<![\w/-]){re.escape(needle)}(?![\w-])", flat):
                found.append((page, needle))
                break
    return found


def line_of(needle: str, lines: list[tuple[int, str]]) -> int | None:
    """The first of (number, text) lines that has `needle` outside inline code."""
    for number, text in lines:
        bare = re.sub(r"(`+).+?\1", "", text)
        if needle in bare:
            return number
    return None
