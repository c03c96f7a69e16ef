"""Text from data (definitions, organisation.yml) put into generated Markdown,
so it shows exactly as written: never read as Markdown, HTML or a script.

Each character Markdown or HTML could read as markup is written as a numeric
character reference (`&#60;` for `<`): Python-Markdown passes references
through untouched, in any inline position (a heading, a list item, a link's
text), and the browser shows the character.
"""

from __future__ import annotations

import re

# Anywhere: HTML (& < > "), emphasis, code, links, attribute lists, tables;
# ":" only where it could open an emoji (":smile:").
_SPECIAL = re.compile(r'[&<>"\\`*_\[\]{}|]|:(?=[\w+-])')
# At the start of a line: a heading, list, quote or numbered list ("1." or "1)").
_START = re.compile(r"^(?:[#+\-=>]|\d+[.)])")
_NEWLINES = re.compile(r"\s*[\r\n]\s*")
# Characters a URL must not carry as they are inside Markdown: brackets and
# parentheses end a link, "*" starts emphasis (all valid percent-encoded).
_URL_SPECIAL = re.compile(r"[()\[\]*]")


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match.group(0))};"


class Built(str):
    """Markdown the code made itself from checked parts (a link with escaped
    text and a checked address): filled in as it is, not escaped again."""


def markdown_text(value: str) -> str:
    """`value` as Markdown that shows it as plain text, on one line."""
    if isinstance(value, Built):
        return value
    text = _SPECIAL.sub(_reference, _NEWLINES.sub(" ", value.strip()))
    start = _START.match(text)
    if start:  # its last character is the one that starts a block
        text = text[: start.end() - 1] + f"&#{ord(text[start.end() - 1])};" + text[start.end() :]
    return text


def markdown_url(url: str) -> str:
    """A checked web address, safe as a Markdown link's target."""
    return _URL_SPECIAL.sub(lambda m: f"%{ord(m.group(0)):02X}", url)


__all__ = ["Built", "markdown_text", "markdown_url"]
