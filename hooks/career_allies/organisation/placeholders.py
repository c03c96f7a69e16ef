"""Placeholders: `{{ organisation.name }}` and friends filled in outside code,
the `{{ contacts }}` block, and the words and numbers they are filled with."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from collections.abc import Callable

from ..errors import Problem, closest
from ..markup import Built, markdown_text, markdown_url
from ..shortcodes import FENCE_RE, closes_fence

if TYPE_CHECKING:
    from .settings import Contact

PLACEHOLDER_RE = re.compile(r"\{\{(.*?)\}\}")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$")
CODE_SPAN_RE = re.compile(r"(`+)(?:.+?)\1")
BLOCK_PLACEHOLDERS = {"contacts"}
# Filled on module pages only: the page's position and the count in its nav section.
MODULE_PLACEHOLDERS = ("module.number", "module.total")


def module_positions(sections: list[list[str]]) -> dict[str, tuple[int, int]]:
    """Each module page's (position, count) within its own section, from the
    sections' pages that are switched on, in reading order."""
    return {page: (number, len(pages)) for pages in sections for number, page in enumerate(pages, 1)}


def _outside_code(line: str) -> list[tuple[int, int]]:
    """(start, end) spans of the line that are not inline code."""
    spans, last = [], 0
    for match in CODE_SPAN_RE.finditer(line):
        spans.append((last, match.start()))
        last = match.end()
    spans.append((last, len(line)))
    return spans


def _code_lines(lines: list[str]) -> set[int]:
    """0-based indexes of lines inside (or opening/closing) fenced code blocks."""
    inside: set[int] = set()
    fence: str | None = None
    for index, line in enumerate(lines):
        opener = FENCE_RE.match(line)
        if fence is not None:
            inside.add(index)
            if closes_fence(opener, line, fence):
                fence = None
            continue
        if opener:
            fence = opener.group("fence")
            inside.add(index)
    return inside


def fill_placeholders(
    markdown: str,
    values: dict[str, str],
    contacts: list[str],
    file: str,
    first_line: int = 1,
    escape: Callable[[str], str] = markdown_text,
) -> tuple[str, list[Problem]]:
    """Replace `{{ name }}` outside code; return the new text and any problems.

    Each value goes in through `escape` (by default: as Markdown showing it
    as plain text), except links the code built itself (`Built`).

    `contacts` are Markdown lines for the block placeholder `{{ contacts }}`,
    which must stand on a line of its own. `first_line` is the line number in
    `file` of the first line of `markdown` (after front matter).
    """
    lines = markdown.split("\n")
    code = _code_lines(lines)
    problems: list[Problem] = []
    out: list[str] = []
    known = sorted([*values, *BLOCK_PLACEHOLDERS])
    for index, line in enumerate(lines):
        if index in code or "{{" not in line:
            out.append(line)
            continue
        number = index + first_line
        stripped = line.strip()
        block = re.fullmatch(r"\{\{\s*([^{}]*?)\s*\}\}", stripped)
        if block and block.group(1) in BLOCK_PLACEHOLDERS:
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + item for item in contacts)
            continue
        out.append(_replace_in_line(line, values, known, file, number, problems, escape))
    return "\n".join(out), problems


def _replace_in_line(
    line: str,
    values: dict[str, str],
    known: list[str],
    file: str,
    number: int,
    problems: list[Problem],
    escape: Callable[[str], str],
) -> str:
    result, last = [], 0
    for start, end in _outside_code(line):
        result.append(line[last:start])  # the code span before this stretch, untouched
        segment = line[start:end]

        def swap(match: re.Match[str]) -> str:
            key = match.group(1).strip()
            if key in values:
                value = values[key]
                return value if isinstance(value, Built) else escape(value)
            if key in BLOCK_PLACEHOLDERS:
                problems.append(
                    Problem(file, number, f"'{{{{ {key} }}}}' makes a list, so it must stand on a line of its own")
                )
                return match.group(0)
            if key in MODULE_PLACEHOLDERS:
                problems.append(
                    Problem(
                        file,
                        number,
                        f"'{{{{ {key} }}}}' only works on a module page (a page under docs/modules/ in a section of "
                        f"the navigation): write the words out here instead",
                    )
                )
                return match.group(0)
            if not KEY_RE.match(key):
                problems.append(
                    Problem(
                        file,
                        number,
                        f"'{match.group(0)}' is not a placeholder: write a setting name like "
                        f"{{{{ organisation.name }}}}, or put it in `backticks` to show it as code",
                    )
                )
                return match.group(0)
            hint = closest(key, known)
            fix = f"did you mean '{{{{ {hint[0]} }}}}'?" if hint else f"known placeholders: {', '.join(known)}"
            problems.append(Problem(file, number, f"unknown placeholder '{{{{ {key} }}}}': {fix}"))
            return match.group(0)

        result.append(PLACEHOLDER_RE.sub(swap, segment))
        last = end
    result.append(line[last:])
    return "".join(result)


def contact_markdown(contact: Contact) -> str:
    """A list item; every part shown as written (the settings were checked)."""
    parts = [f"**{markdown_text(contact.name)}**" + (f", {markdown_text(contact.role)}" if contact.role else "")]
    if contact.email:
        parts.append(f"[{markdown_text(contact.email)}](mailto:{markdown_url(contact.email)})")
    if contact.phone:
        parts.append(markdown_text(contact.phone))
    if contact.url:
        parts.append(f"[{markdown_text(contact.url.split('://', 1)[-1].rstrip('/'))}]({markdown_url(contact.url)})")
    return "- " + " · ".join(parts)


WORDS = [
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


def number_in_words(n: int) -> str:
    return WORDS[n] if 0 <= n < len(WORDS) else str(n)


MODULE_TIME_RE = re.compile(r"\*\*Time:\*\*\s*about\s+(\d+)\s+minutes")


def module_minutes(markdown: str) -> int:
    """The minutes a module's meta line gives ("**Time:** about 45 minutes"), or 0."""
    match = MODULE_TIME_RE.search(markdown)
    return int(match.group(1)) if match else 0


def duration_in_words(minutes: int) -> str:
    """A total time as a sentence says it, to the nearest half hour:
    "seven hours", "six and a half hours", "45 minutes"."""
    if minutes < 60:
        return f"{minutes} minutes"
    halves = (minutes + 15) // 30
    hours, half = divmod(halves, 2)
    if hours == 0:
        return "half an hour"
    words = number_in_words(hours)
    if half:
        return f"{words} and a half hours"
    return f"{words} hour{'s' if hours != 1 else ''}"
