"""Find `<!-- worksheet: id -->` and `<!-- checklist: id -->` lines in Markdown.

Shortcodes are HTML comments, so a page still reads cleanly as plain Markdown
on a code host. Lines inside fenced code blocks are left alone, so the syntax
can be documented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Expands into every worksheet in course order (pages.prepare).
PACK = "<!-- career-allies: worksheet-pack -->"
SHORTCODE_RE = re.compile(r"^(?P<indent>[ \t]*)<!--\s*(?P<kind>worksheet|checklist)\s*:\s*(?P<id>[^\s>]*)\s*-->\s*$")
LOOSE_RE = re.compile(r"^\s*<!--\s*(?:worksheet|checklist|self-assessment)\b", re.IGNORECASE)
FENCE_RE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")


def closes_fence(opener: re.Match[str] | None, line: str, fence: str) -> bool:
    """Whether a line (`opener`: FENCE_RE's match of it) closes the code block
    opened by `fence`: the same character, at least as many, nothing after."""
    return (
        opener is not None
        and opener.group("fence")[0] == fence[0]
        and len(opener.group("fence")) >= len(fence)
        and not line.strip()[len(opener.group("fence")) :].strip()
    )


@dataclass(frozen=True)
class Shortcode:
    kind: str  # "worksheet" or "checklist"
    id: str
    line: int  # 1-based
    indent: str = ""


@dataclass(frozen=True)
class Malformed:
    line: int
    text: str


# Only lines that open a fence or start with a comment can matter to scan().
CANDIDATE_RE = re.compile(r"^[ \t]*(?:`{3,}|~{3,}|<!--).*$", re.M)


def scan(text: str) -> tuple[list[Shortcode], list[Malformed]]:
    """Return the shortcodes outside code fences, and lines that look like broken ones."""
    found: list[Shortcode] = []
    broken: list[Malformed] = []
    fence: str | None = None
    number, counted = 1, 0
    for candidate in CANDIDATE_RE.finditer(text):
        number += text.count("\n", counted, candidate.start())
        counted = candidate.start()
        line = candidate.group()
        opener = FENCE_RE.match(line)
        if fence is not None:
            if closes_fence(opener, line, fence):
                fence = None
            continue
        if opener:
            fence = opener.group("fence")
            continue
        match = SHORTCODE_RE.match(line)
        if match:
            found.append(Shortcode(match.group("kind"), match.group("id"), number, match.group("indent")))
        elif LOOSE_RE.match(line):
            broken.append(Malformed(number, line.strip()))
    return found, broken


def find_shortcodes(text: str) -> list[Shortcode]:
    return scan(text)[0]


def has_forms(text: str) -> bool:
    """Whether Markdown places a worksheet or self-assessment: a shortcode,
    or the worksheet pack (outside code blocks or not: a page it does not
    end up on only loads the form script for nothing)."""
    return PACK in text or bool(find_shortcodes(text))


FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)


def front_matter_lines(text: str) -> int:
    """Lines a host such as MkDocs removes from the top of a page before
    Markdown sees it: the YAML front matter and the blank lines after it.
    Add this to a line number in the remaining Markdown to get the file's."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return 0
    rest = text[match.end():]
    return text[: match.end()].count("\n") + len(rest) - len(rest.lstrip("\n"))
