"""Readability of the course modules: words of reading and Flesch reading ease.

Run it with `.venv/bin/python tests/readability.py` (or `make readability`).
It prints one row per module in course order (the "Course" section of the
nav in mkdocs.yml), then one per module for mentors and sponsors (that
section, pages in docs/modules/for-mentors/), using textstat 0.7.3, which counts syllables with pyphen
and works offline.

What counts as reading:

- words: the page's prose, lists, admonitions and tables, without fenced
  code blocks (message templates), HTML tags and comments (worksheet
  shortcodes), link URLs and Markdown markup;
- Flesch reading ease: the same prose without tables, with every heading,
  list item and admonition title treated as a sentence of its own.

Plain English scores 50 or more (higher is easier). The tests in
test_course_content.py import `module_pages` and `reading_text` from here.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
AIM = 50.0

FRONT_MATTER = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.S)
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
ATTR_LIST = re.compile(r"\{\s*[.#:][^}]*\}|\{\s*\w+=[^}]*\}")
ADMONITION = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+"([^"]*)")?\s*$')
TAB = re.compile(r'^\s*===\+?\s*"[^"]*"\s*$')
HEADING = re.compile(r"^\s*#{1,6}\s+")
LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
DEF_LIST = re.compile(r"^:\s{3}")
SENTENCE_END = re.compile(r"""[.!?…]["'”’)]*$""")


class _Loader(yaml.SafeLoader):
    """mkdocs.yml uses !ENV and !!python/name tags; the nav needs neither."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


TRACK = "For mentors and sponsors"


def module_pages(config: Path = ROOT / "mkdocs.yml", section: str = "Course") -> list[Path]:
    """The Markdown files under "Course" (or another section) in the nav, in reading order."""
    nav = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)["nav"]
    for entry in nav:
        if isinstance(entry, dict) and section in entry:
            pages = []
            for item in entry[section]:
                path = next(iter(item.values())) if isinstance(item, dict) else item
                pages.append(DOCS / path)
            return pages
    raise LookupError(f'mkdocs.yml has no "{section}" section in its nav')


def track_pages(config: Path = ROOT / "mkdocs.yml") -> list[Path]:
    """The modules for mentors and sponsors (docs/modules/for-mentors/), in reading order."""
    return module_pages(config, TRACK)


def strip_code(markdown: str) -> str:
    """The page without front matter and fenced code blocks."""
    markdown = FRONT_MATTER.sub("", markdown)
    out, fence = [], None
    for line in markdown.splitlines():
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(2)
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        out.append(line)
    return "\n".join(out)


def reading_text(markdown: str, *, tables: bool = True, sentences: bool = False) -> str:
    """Plain text a reader reads on the page, one block (paragraph, heading,
    list item, table row, admonition title) per line.

    tables: keep table cells (True) or drop tables (False).
    sentences: end every block and table cell with a full stop when it has
    none, so readability formulas see them as sentences, not one run-on.
    """
    text = HTML_COMMENT.sub("", strip_code(markdown))
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(_end(_clean(" ".join(current)), sentences))
            current.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or TAB.match(line) or "ca-module-meta" in line:
            flush()
            continue
        admonition = ADMONITION.match(line)
        if admonition:
            flush()
            if admonition.group(2):
                blocks.append(_end(_clean(admonition.group(2)), sentences))
            continue
        if stripped.startswith("|"):
            flush()
            if tables and not TABLE_RULE.match(stripped):
                cells = [_end(_clean(cell), sentences) for cell in stripped.strip("|").split("|")]
                blocks.append(" ".join(cell for cell in cells if cell))
            continue
        if HEADING.match(line) or LIST_MARK.match(line) or DEF_LIST.match(line):
            flush()
        current.append(stripped)
    flush()
    return "\n".join(block for block in blocks if block)


def _clean(text: str) -> str:
    text = HEADING.sub("", text.strip())
    text = LIST_MARK.sub("", text)
    text = DEF_LIST.sub("", text)
    text = text.lstrip("> ")
    text = LINK.sub(r"\1", text)
    text = ATTR_LIST.sub("", text)
    text = HTML_TAG.sub(" ", text)
    text = EMPHASIS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def _end(text: str, sentences: bool) -> str:
    if sentences and text and not SENTENCE_END.search(text):
        return text + "."
    return text


def word_count(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’.,%-]*", text))


def measure(page: Path) -> tuple[int, float]:
    import textstat

    markdown = page.read_text(encoding="utf-8")
    words = word_count(reading_text(markdown))
    ease = textstat.flesch_reading_ease(reading_text(markdown, tables=False, sentences=True))
    return words, ease


def main() -> int:
    rows = []
    for number, page in enumerate(module_pages(), start=1):
        words, ease = measure(page)
        rows.append((f"{number}. {page.stem}", words, ease))
    for number, page in enumerate(track_pages(), start=1):
        words, ease = measure(page)
        rows.append((f"mentors {number}. {page.stem}", words, ease))
    width = max(len(name) for name, _, _ in rows)
    print(f"{'module'.ljust(width)}  {'words':>5}  {'Flesch':>6}")
    print(f"{'-' * width}  {'-' * 5}  {'-' * 6}")
    for name, words, ease in rows:
        flag = "" if ease >= AIM else f"  below {AIM:g}"
        print(f"{name.ljust(width)}  {words:>5}  {ease:>6.1f}{flag}")
    mean = sum(ease for _, _, ease in rows) / len(rows)
    print(f"{'-' * width}  {'-' * 5}  {'-' * 6}")
    print(f"{'all modules'.ljust(width)}  {sum(w for _, w, _ in rows):>5}  {mean:>6.1f}  (mean)")
    print(f"\nFlesch reading ease with textstat; aim for {AIM:g} or more (plain English).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
