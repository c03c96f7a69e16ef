"""Organisation notes: Markdown files under docs/org/notes/ placed into the
course's pages, before or after a named heading or at the end."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..errors import DefinitionError, Problem, closest
from ..shortcodes import FRONT_MATTER_RE
from ..yamlnodes import YamlSyntaxError, load
from .placeholders import _code_lines

NOTES_DIR = "org/notes"  # inside docs/

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ATTR_RE = re.compile(r"\s*\{[^{}]*\}\s*$")
NOTE_KEYS = {"title", "before", "after"}


@dataclass
class Note:
    file: str  # e.g. docs/org/notes/modules/finding-mentors.md
    page: str  # e.g. modules/finding-mentors.md
    body: str
    body_line: int  # line of the body's first line in the file
    title: str = ""
    before: str = ""
    after: str = ""
    line: int = 1  # line of before/after, for errors


def parse_note(text: str, file: str, page: str) -> Note:
    """Split a note into optional front matter (title, before, after) and body."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    note = Note(file=file, page=page, body=text, body_line=1)
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return note
    note.body = text[match.end() :]
    note.body_line = match.group(0).count("\n") + 1
    try:
        meta = load(match.group(1) or "")
    except YamlSyntaxError as error:
        raise DefinitionError([Problem(file, error.line + 1 if error.line else None, error.message)]) from None
    if meta is None:
        return note
    if not isinstance(meta.value, dict):
        raise DefinitionError(
            [Problem(file, 2, "the part between the --- lines should be 'title:', 'before:' or 'after:' settings")]
        )
    problems = []
    for key, value in meta.value.items():
        line = meta.lines.get(key, 0) + 1
        if key not in NOTE_KEYS:
            hint = closest(str(key), list(NOTE_KEYS))
            problems.append(
                Problem(
                    file,
                    line,
                    f"unknown note setting '{key}': "
                    f"{'did you mean ' + repr(hint[0]) + '?' if hint else 'use title, before or after'}",
                )
            )
            continue
        if not isinstance(value.value, str) or not value.value.strip():
            problems.append(Problem(file, line, f"note setting '{key}' should be text, like {key}: Where to look"))
            continue
        setattr(note, key, value.value.strip())
        if key in ("before", "after"):
            note.line = line
    if note.before and note.after:
        problems.append(Problem(file, note.line, "use either 'before:' or 'after:', not both"))
    if problems:
        raise DefinitionError(problems)
    return note


def _heading_text(raw: str) -> str:
    text = ATTR_RE.sub("", raw)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links -> their text
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split()).casefold()


def headings(markdown: str) -> list[tuple[int, int, str]]:
    """(0-based line index, level, comparable text) of the top-level ATX headings outside code."""
    lines = markdown.split("\n")
    code = _code_lines(lines)
    out = []
    for index, line in enumerate(lines):
        if index in code:
            continue
        match = HEADING_RE.match(line)
        if match:
            out.append((index, len(match.group(1)), _heading_text(match.group(2))))
    return out


def note_block(title: str, body: str) -> str:
    """The note as Markdown: a marked box that works with md_in_html."""
    return "\n".join(
        [
            "",
            '<div class="admonition note ca-org-note" role="note" markdown>',
            f'<p class="admonition-title">{html.escape(title)}</p>',
            "",
            body.strip("\n"),
            "",
            "</div>",
            "",
        ]
    )


def insert_note(markdown: str, note: Note, block: str) -> tuple[str, Problem | None]:
    """Put the note's box into the page: before or after a named heading, or at the end."""
    lines = markdown.rstrip("\n").split("\n")
    wanted = note.before or note.after
    if not wanted:
        return "\n".join(lines) + "\n" + block, None
    found = headings(markdown)
    target = _heading_text(wanted)
    match = next((h for h in found if h[2] == target), None)
    if match is None:
        names = [h[2] for h in found]
        hint = closest(target, names)
        fix = f"did you mean '{hint[0]}'?" if hint else "use the text of a heading on that page, without the #"
        key = "before" if note.before else "after"
        return markdown, Problem(
            note.file, note.line, f"'{key}: {wanted}': docs/{note.page} has no heading '{wanted}': {fix}"
        )
    index, level, _ = match
    if note.before:
        at = index
    else:
        later = [h[0] for h in found if h[0] > index and h[1] <= level]
        at = later[0] if later else len(lines)
    return "\n".join([*lines[:at], block, *lines[at:]]) + "\n", None
