"""Organisation settings: read and check `organisation.yml`, fill in placeholders,
place organisation notes, and work out brand colours that stay readable.

Plain Python, no MkDocs objects: `hooks/organisation.py` is the thin adapter.
Every problem is reported with its file and line and what to do about it.

The schema is the data below (`SCHEMA`): each setting's type and default. The
defaults describe the open course, so a missing file or a missing setting means
"as upstream".
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .errors import DefinitionError, Problem, closest
from .markup import Built, markdown_text, markdown_url
from .shortcodes import FRONT_MATTER_RE
from .yamlnodes import Located, YamlSyntaxError, load

SETTINGS_FILE = "organisation.yml"
NOTES_DIR = "org/notes"  # inside docs/

DEFAULT_COPYRIGHT = "Course content CC BY 4.0 · Code MIT · Your answers stay in your browser"
DEFAULT_INTRO = "A free, self-paced course on finding mentors, earning sponsors and making both relationships work for your career."

# Optional text: a string, or empty. Kinds: "text", "required text", "list of text".
SCHEMA: dict[str, Any] = {
    "organisation": {"name": ("required text", "your organisation")},
    "programme": {
        "name": ("required text", "Career Allies"),
        "short_name": ("text", ""),
        "copyright": ("text", DEFAULT_COPYRIGHT),
    },
    "home": {"intro": ("text", DEFAULT_INTRO)},
    "contacts": ("contacts", []),
    "links": ("links", None),  # defaults in DEFAULT_LINKS
    "switched_off": ("list of text", []),
    "pages": {
        "section": ("text", ""),
        "files": ("list of text", []),
    },
    "branding": {
        "logo": ("text", ""),
        "favicon": ("text", ""),
        "primary_colour": ("text", ""),
        "accent_colour": ("text", ""),
    },
    "site_id": ("required text", "career-allies"),
}
CONTACT_KEYS = {"name": True, "role": False, "email": False, "phone": False, "url": False}  # key -> required
LINK_KEYS = {"text": True, "url": False}
DEFAULT_LINKS = {
    "mentoring_programme": {"text": "any mentoring programme your workplace runs", "url": ""},
    "hr_policies": {"text": "your workplace's policies on learning and development", "url": ""},
    "employee_groups": {"text": "employee networks and resource groups", "url": ""},
}

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
SITE_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOUR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
# Web addresses: no spaces, and none of the characters a URL may only carry
# percent-encoded (quotes, angle brackets...), which could end a link early.
_URL_CHARS = r"[^\s<>\"'`\\{}|^]+"
URL_RE = re.compile(rf"^(?:https?://{_URL_CHARS}|mailto:{_URL_CHARS}|tel:{_URL_CHARS})$")
EMAIL_RE = re.compile(r"^[^\s@<>()\[\]\\,;:\"'`]+@[^\s@<>()\[\]\\,;:\"'`]+$")
# Names the theme prints as they are, in its header, menu, page titles and
# attributes: no markup, no quotes, and '&' only as a word of its own.
NAMES = ("organisation.name", "programme.name", "programme.short_name", "pages.section")
NAME_MARKUP_RE = re.compile(r'[<>"]|&(?!\s)')
# The footer prints the copyright line as it is, too.
TEXT_MARKUP_RE = re.compile(r"[<>]")
MIN_CONTRAST = 4.5  # WCAG 2.2 AA, normal text


@dataclass
class Contact:
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    url: str = ""


@dataclass
class Link:
    text: str
    url: str = ""

    def markdown(self) -> Built:
        """The link as Markdown, its text shown as written (plain words without an address)."""
        text = markdown_text(self.text)
        return Built(f"[{text}]({markdown_url(self.url)})" if self.url else text)


@dataclass
class Settings:
    """Every organisation setting, with defaults filled in."""

    organisation_name: str = "your organisation"
    programme_name: str = "Career Allies"
    short_name: str = ""
    copyright: str = DEFAULT_COPYRIGHT
    home_intro: str = DEFAULT_INTRO
    contacts: list[Contact] = field(default_factory=list)
    links: dict[str, Link] = field(default_factory=lambda: {k: Link(**v) for k, v in DEFAULT_LINKS.items()})
    switched_off: list[str] = field(default_factory=list)
    pages_section: str = ""
    pages: list[str] = field(default_factory=list)
    logo: str = ""
    favicon: str = ""
    primary_colour: str = ""
    accent_colour: str = ""
    site_id: str = "career-allies"
    file: str = SETTINGS_FILE
    lines: dict[str, int] = field(default_factory=dict)  # "switched_off.0", "branding.logo"... -> line

    def line(self, key: str) -> int | None:
        return self.lines.get(key)

    def problem(self, key: str, message: str) -> Problem:
        return Problem(self.file, self.line(key), message)

    @property
    def section_title(self) -> str:
        return self.pages_section or f"At {self.organisation_name}"

    @property
    def header_name(self) -> str:
        """The name in the site's header, which is narrow on phones."""
        return self.short_name or self.programme_name

    def values(self, module_count: int | None = None, module: tuple[int, int] | None = None, course_minutes: int | None = None) -> dict[str, str]:
        """Inline placeholder values, by name. `module` is the page's
        (position, count) in its nav section, on a module page only;
        `course_minutes` the learner modules' time, added up."""
        out = {
            "organisation.name": self.organisation_name,
            "programme.name": self.programme_name,
            "programme.short_name": self.header_name,
            "home.intro": self.home_intro,
        }
        if course_minutes is not None:
            out["course.time"] = duration_in_words(course_minutes)
        for name, link in self.links.items():
            out[f"links.{name}"] = link.markdown()
            out[f"links.{name}.text"] = link.text
            out[f"links.{name}.url"] = Built(markdown_url(link.url))
        if module_count is not None:
            out["modules.count"] = number_in_words(module_count)
        if module is not None:
            out["module.number"], out["module.total"] = str(module[0]), str(module[1])
        return out

    def contacts_markdown(self) -> list[str]:
        return [contact_markdown(c) for c in self.contacts]

    def template_data(self) -> dict[str, Any]:
        """What templates (the footer) need, as plain data."""
        return {
            "name": self.organisation_name,
            "programme": self.programme_name,
            "short_name": self.header_name,
            "contacts": [vars(c).copy() for c in self.contacts],
            "links": {k: vars(v).copy() for k, v in self.links.items()},
            # The header's colour in light and dark (as colours_css sets it),
            # for the browser's own bar (<meta name="theme-color">).
            "theme_colours": {"light": self.primary_colour, "dark": night_primary(self.primary_colour)} if self.primary_colour else {},
        }


# ---------------------------------------------------------------- reading


def load_settings(text: str | None, file: str = SETTINGS_FILE) -> Settings:
    """Parse and check the settings file's text; None means no file (all defaults).

    Raises DefinitionError listing every problem found.
    """
    settings = Settings(file=file)
    if text is None:
        return settings
    try:
        root = load(text)
    except YamlSyntaxError as error:
        raw = text.splitlines()[error.line - 1] if error.line and error.line <= len(text.splitlines()) else ""
        raise DefinitionError([Problem(file, error.line, yaml_advice(error.problem, raw) or error.message)]) from None
    if root is None:
        return settings
    checker = _Checker(file, text.splitlines())
    if not isinstance(root.value, dict):
        raise DefinitionError([Problem(file, root.line, "the settings must be a list of 'name: value' lines, like the upstream organisation.yml")])
    checker.mapping(root, SCHEMA, "", settings)
    if checker.problems:
        raise DefinitionError(checker.problems)
    return settings


def yaml_advice(problem: str, raw: str) -> str | None:
    """What to do about a YAML mistake people often make in a settings file,
    given the parser's problem and the line's text; None for others."""
    line = raw.strip()
    key, _, rest = line.partition(":")
    if "\t" in raw[: len(raw) - len(raw.lstrip())] or "'\\t'" in problem:
        return "this line is indented with a tab: YAML needs spaces, so replace the tab with spaces (two for each level), lined up with the settings around it"
    if problem.startswith("mapping values are not allowed") and ":" not in rest:
        return "this line is indented more than the one above it: line it up with the settings around it (two spaces per level)"
    if problem.startswith("mapping values are not allowed"):
        example = f'{key.strip()}: "{rest.strip()}"' if rest.strip() and '"' not in rest else 'name: "Team: Mentoring"'
        return f"text with a colon in it goes in double quotes, like name: \"Team: Mentoring\". Write this line as {example}"
    if problem == "unclosed quote":
        return "a quote opens on this line and never closes: end the text with the same quote mark, like name: \"Team Mentoring\" (for quotes inside the text, use curly ones \u201clike this\u201d)"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        if rest.strip()[:1] in ("'", '"'):
            return "quotes go round the whole text, from just after the colon to the end of the line, like name: \"Team Mentoring\" (for quotes inside the text, use curly ones \u201clike this\u201d)"
        return "YAML could not read this line: check that it is indented like the settings around it (two spaces per level) and that each setting is written name: value"
    if "cannot start any token" in problem:
        return "text that starts with @, ` or % goes in double quotes, like email: \"@example\""
    return None


# Settings taken as written, and the Settings attribute each one sets.
PLAIN_TEXT = {
    "organisation.name": "organisation_name",
    "programme.name": "programme_name",
    "programme.short_name": "short_name",
    "programme.copyright": "copyright",
    "home.intro": "home_intro",
    "pages.section": "pages_section",
    "branding.logo": "logo",
    "branding.favicon": "favicon",
}


class _Checker:
    def __init__(self, file: str, lines: list[str]):
        self.file = file
        self.source = lines
        self.problems: list[Problem] = []

    def add(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def mapping(self, node: Located, schema: dict[str, Any], prefix: str, settings: Settings) -> None:
        for key, child in node.value.items():
            path = f"{prefix}{key}"
            line = node.lines.get(key, node.line)
            if key not in schema:
                hint = closest(str(key), list(schema))
                known = ", ".join(schema)
                fix = f"did you mean '{prefix}{hint[0]}'?" if hint else f"the settings here are: {known}"
                self.add(line, f"unknown setting '{path}': {fix}")
                continue
            spec = schema[key]
            settings.lines[path] = line
            if isinstance(spec, dict):
                if child.value is None:
                    continue
                if not isinstance(child.value, dict):
                    self.add(line, f"'{path}' should hold settings indented below it ({', '.join(spec)}), not a single value")
                    continue
                self.mapping(child, spec, f"{path}.", settings)
                continue
            kind, _default = spec
            self.value(child, kind, path, line, settings)

    def text(self, node: Located, path: str, line: int, required: bool = False) -> str | None:
        value = node.value
        if value is None:
            raw = self.source[line - 1] if 0 < line <= len(self.source) else ""
            if re.search(r":\s+#[0-9a-fA-F]{3,6}\b", raw):
                self.add(line, f"'{path}' looks like a colour, but YAML reads '#' as the start of a comment: put it in quotes, like \"#17565c\"")
                return None
            if required:
                self.add(line, f"'{path}' is empty: give it a value, or delete the line to use the default")
                return None
            return ""
        if isinstance(value, (dict, list)):
            self.add(line, f"'{path}' should be a single piece of text, not a {'list' if isinstance(value, list) else 'group of settings'}")
            return None
        if not isinstance(value, str):
            self.add(line, f"'{path}' should be text, but YAML read {value!r} as a {'yes/no value' if isinstance(value, bool) else 'number' if isinstance(value, (int, float)) else type(value).__name__}: put it in quotes")
            return None
        value = value.strip()
        if required and not value:
            self.add(line, f"'{path}' is empty: give it a value, or delete the line to use the default")
            return None
        return value

    def text_list(self, node: Located, path: str, line: int) -> list[tuple[str, int]] | None:
        if node.value is None:
            return []
        if not isinstance(node.value, list):
            self.add(line, f"'{path}' should be a list, one item per line starting with '- ' (or [] for none)")
            return None
        out = []
        for index, item in enumerate(node.value):
            text = self.text(item, f"{path}[{index + 1}]", item.line, required=True)
            if text is not None:
                out.append((text, item.line))
        return out

    def value(self, node: Located, kind: str, path: str, line: int, settings: Settings) -> None:
        if kind in ("text", "required text"):
            text = self.text(node, path, line, required=kind == "required text")
            if text is None:
                return
            self.apply(path, text, line, settings)
        elif kind == "list of text":
            items = self.text_list(node, path, line)
            if items is None:
                return
            values = []
            for index, (text, item_line) in enumerate(items):
                settings.lines[f"{path}.{index}"] = item_line
                values.append(text)
            if path == "switched_off":
                settings.switched_off = values
            elif path == "pages.files":
                settings.pages = values
        elif kind == "contacts":
            settings.contacts = self.contacts(node, path, line, settings)
        elif kind == "links":
            settings.links = self.links(node, path, line, settings)

    def apply(self, path: str, text: str, line: int, settings: Settings) -> None:
        problem = markup_problem(path, text)
        if problem:
            self.add(line, problem)
            return
        if path in PLAIN_TEXT:
            setattr(settings, PLAIN_TEXT[path], text)
        elif path in ("branding.primary_colour", "branding.accent_colour"):
            if text and not COLOUR_RE.match(text):
                self.add(line, f"'{path}' should be a colour written as a hex code in quotes, like \"#17565c\", not '{text}'")
                return
            if text:
                problem = colour_problem(path, text)
                if problem:
                    self.add(line, problem)
                    return
            setattr(settings, path.split(".")[1], text.lower())
        elif path == "site_id":
            if not SITE_ID_RE.match(text):
                self.add(line, f"'site_id' should be lower-case letters, digits and hyphens, like 'example-corp-mentoring', not '{text}'")
                return
            settings.site_id = text

    def contacts(self, node: Located, path: str, line: int, settings: Settings) -> list[Contact]:
        if node.value is None:
            return []
        if not isinstance(node.value, list):
            self.add(line, "'contacts' should be a list: each contact starts with '- name: ...' (or [] for none)")
            return []
        out = []
        for index, item in enumerate(node.value):
            where = f"contacts[{index + 1}]"
            if not isinstance(item.value, dict):
                self.add(item.line, f"{where} should be a contact with 'name:' and, for example, 'email:' on lines of their own")
                continue
            values = self.record(item, where, CONTACT_KEYS)
            if values is None:
                continue
            if not (values.get("email") or values.get("phone") or values.get("url")):
                self.add(item.line, f"{where} ({values['name']}) has no way to reach them: add an email, phone or url")
                continue
            settings.lines[f"contacts.{index}"] = item.line
            out.append(Contact(**values))
        return out

    def links(self, node: Located, path: str, line: int, settings: Settings) -> dict[str, Link]:
        out = {k: Link(**v) for k, v in DEFAULT_LINKS.items()}
        if node.value is None:
            return out
        if not isinstance(node.value, dict):
            self.add(line, "'links' should hold named links indented below it, like 'mentoring_programme:' with 'text:' and 'url:' under it")
            return out
        for name, item in node.value.items():
            item_line = node.lines.get(name, item.line)
            where = f"links.{name}"
            if not NAME_RE.match(str(name)):
                self.add(item_line, f"link name '{name}' should be lower-case letters, digits and underscores, like 'learning_portal'")
                continue
            if item.value is None:
                continue
            if not isinstance(item.value, dict):
                self.add(item_line, f"'{where}' should have 'text:' and 'url:' indented below it")
                continue
            values = self.record(item, where, LINK_KEYS)
            if values is None:
                continue
            out[name] = Link(**values)
            settings.lines[where] = item_line
        return out

    def record(self, node: Located, where: str, keys: dict[str, bool]) -> dict[str, str] | None:
        values: dict[str, str] = {}
        ok = True
        for key, child in node.value.items():
            key_line = node.lines.get(key, node.line)
            if key not in keys:
                hint = closest(str(key), list(keys))
                fix = f"did you mean '{hint[0]}'?" if hint else f"use {', '.join(keys)}"
                self.add(key_line, f"unknown setting '{key}' in {where}: {fix}")
                ok = False
                continue
            text = self.text(child, f"{where}.{key}", key_line, required=keys[key])
            if text is None:
                ok = False
                continue
            if key == "url" and text and not URL_RE.match(text):
                self.add(key_line, f"'{where}.url' should be a full web address starting with https:// (or mailto:), like https://intranet.example.com/mentoring, not '{text}'")
                ok = False
                continue
            if key == "email" and text and not EMAIL_RE.match(text):
                self.add(key_line, f"'{where}.email' should be an email address like mentoring@example.com, not '{text}'")
                ok = False
                continue
            values[key] = text
        for key, required in keys.items():
            if required and key not in values and key not in node.value:
                self.add(node.line, f"{where} needs '{key}:'")
                ok = False
        return values if ok else None


def markup_problem(path: str, text: str) -> str | None:
    """Why a name, the home intro or the copyright line can't be shown as written, if it can't
    (the theme prints them as they are, some inside attributes)."""
    pattern = NAME_MARKUP_RE if path in NAMES or path == "home.intro" else TEXT_MARKUP_RE if path == "programme.copyright" else None
    found = pattern.search(text) if pattern else None
    if not found:
        return None
    char = found.group(0)
    fix = {
        "<": "remove it (these settings are plain text, not HTML)",
        ">": "remove it (these settings are plain text, not HTML)",
        '"': "use curly quotes \u201clike this\u201d, or none",
        "&": "put a space after it, as in 'Learning & Development', or write 'and'",
    }[char]
    where = {
        "programme.copyright": "the footer of every page",
        "home.intro": "every page's description for search engines and link previews",
    }.get(path, "the site's header, menu and page titles")
    return f"'{path}' can't contain {char!r}: the theme writes it as it is into {where}, so {fix}"


# ---------------------------------------------------------------- colours


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(colour: str, other: str, amount: float) -> str:
    """`amount` of `other` mixed into `colour` (0 = colour, 1 = other)."""
    a, b = _rgb(colour), _rgb(other)
    return _hex(tuple(x + (y - x) * amount for x, y in zip(a, b)))  # type: ignore[arg-type]


def shade_for_contrast(colour: str, against: str | list[str], towards: str, minimum: float = MIN_CONTRAST) -> str:
    """The nearest mix of `colour` towards `towards` with at least `minimum`
    contrast against `against` (a colour, or every colour in a list)."""
    surfaces = [against] if isinstance(against, str) else against
    for step in range(0, 101):
        candidate = mix(colour, towards, step / 100)
        if min(contrast(candidate, s) for s in surfaces) >= minimum:
            return candidate
    return towards


WHITE = "#ffffff"
BLACK = "#000000"
SLATE_BG = "#1e2029"  # Material's dark ("slate") background, hsl(232, 15%, 14%)
# Dark-scheme surfaces text and links sit on: the page, code (hsl(232, 15%, 18%)),
# and the course's cards (--ca-card-bg in career-allies.css), with some headroom.
SLATE_SURFACES = [SLATE_BG, "#272a35", "#232a33", "#2b3240"]


def colour_problem(path: str, colour: str) -> str | None:
    ratio = contrast(colour, WHITE)
    if ratio >= MIN_CONTRAST:
        return None
    better = shade_for_contrast(colour, WHITE, BLACK)
    use = "white text on it (the header) and it as text on white (links)" if path.endswith("primary_colour") else "it as text on white (links you point at)"
    return (
        f"'{path}' \"{colour}\" is too light to read: {use} has a contrast of {ratio:.2f}:1, "
        f"and WCAG 2.2 AA needs at least {MIN_CONTRAST}:1. Use a darker shade, such as \"{better}\" ({contrast(better, WHITE):.2f}:1)"
    )


def night_primary(primary: str) -> str:
    """The header's colour in the dark scheme, for a brand primary colour."""
    return mix(primary, BLACK, 0.25)


def colours_css(primary: str, accent: str) -> str:
    """CSS custom properties for the brand colours (both already checked)."""
    lines = ["/* Made from organisation.yml (branding) by hooks/organisation.py. Do not edit: change organisation.yml. */"]
    if primary:
        light = mix(primary, WHITE, 0.12)
        if contrast(light, WHITE) < MIN_CONTRAST:
            light = primary
        dark = mix(primary, BLACK, 0.3)
        night = night_primary(primary)
        night_link = shade_for_contrast(primary, SLATE_SURFACES, WHITE)
        lines += [
            ":root {",
            f"  --ca-primary: {primary};",
            f"  --ca-primary-dark: {dark};",
            f"  --ca-current: {mix(primary, WHITE, 0.88)};",
            "}",
            '[data-md-color-scheme="default"] {',
            f"  --md-primary-fg-color--light: {light};",
            "}",
            '[data-md-color-scheme="slate"] {',
            f"  --md-primary-fg-color: {night};",
            f"  --md-primary-fg-color--light: {mix(night, WHITE, 0.1)};",
            f"  --md-primary-fg-color--dark: {mix(night, BLACK, 0.3)};",
            f"  --md-typeset-a-color: {night_link};",
            f"  --ca-current: {mix(primary, SLATE_BG, 0.7)};",
            "}",
        ]
    if accent:
        night_accent = shade_for_contrast(accent, SLATE_SURFACES, WHITE)
        lines += [
            ":root {",
            f"  --ca-accent: {accent};",
            "}",
            '[data-md-color-scheme="default"] {',
            f"  --md-accent-fg-color--transparent: {accent}1a;",
            "}",
            '[data-md-color-scheme="slate"] {',
            f"  --md-accent-fg-color: {night_accent};",
            f"  --md-accent-fg-color--transparent: {night_accent}1a;",
            "}",
        ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- placeholders

PLACEHOLDER_RE = re.compile(r"\{\{(.*?)\}\}")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$")
FENCE_RE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
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
            if opener and opener.group("fence")[0] == fence[0] and len(opener.group("fence")) >= len(fence) and not line.strip()[len(opener.group("fence")):].strip():
                fence = None
            continue
        if opener:
            fence = opener.group("fence")
            inside.add(index)
    return inside


def fill_placeholders(markdown: str, values: dict[str, str], contacts: list[str], file: str, first_line: int = 1, escape: Callable[[str], str] = markdown_text) -> tuple[str, list[Problem]]:
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


def _replace_in_line(line: str, values: dict[str, str], known: list[str], file: str, number: int, problems: list[Problem], escape: Callable[[str], str]) -> str:
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
                problems.append(Problem(file, number, f"'{{{{ {key} }}}}' makes a list, so it must stand on a line of its own"))
                return match.group(0)
            if key in MODULE_PLACEHOLDERS:
                problems.append(Problem(file, number, f"'{{{{ {key} }}}}' only works on a module page (a page under docs/modules/ in a section of the navigation): write the words out here instead"))
                return match.group(0)
            if not KEY_RE.match(key):
                problems.append(Problem(file, number, f"'{match.group(0)}' is not a placeholder: write a setting name like {{{{ organisation.name }}}}, or put it in `backticks` to show it as code"))
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


WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]


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


# ---------------------------------------------------------------- notes

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
    note.body = text[match.end():]
    note.body_line = match.group(0).count("\n") + 1
    try:
        meta = load(match.group(1) or "")
    except YamlSyntaxError as error:
        raise DefinitionError([Problem(file, error.line + 1 if error.line else None, error.message)]) from None
    if meta is None:
        return note
    if not isinstance(meta.value, dict):
        raise DefinitionError([Problem(file, 2, "the part between the --- lines should be 'title:', 'before:' or 'after:' settings")])
    problems = []
    for key, value in meta.value.items():
        line = meta.lines.get(key, 0) + 1
        if key not in NOTE_KEYS:
            hint = closest(str(key), list(NOTE_KEYS))
            problems.append(Problem(file, line, f"unknown note setting '{key}': {'did you mean ' + repr(hint[0]) + '?' if hint else 'use title, before or after'}"))
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
    return "\n".join([
        "",
        '<div class="admonition note ca-org-note" role="note" markdown>',
        f'<p class="admonition-title">{html.escape(title)}</p>',
        "",
        body.strip("\n"),
        "",
        "</div>",
        "",
    ])


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
        return markdown, Problem(note.file, note.line, f"'{key}: {wanted}': docs/{note.page} has no heading '{wanted}': {fix}")
    index, level, _ = match
    if note.before:
        at = index
    else:
        later = [h[0] for h in found if h[0] > index and h[1] <= level]
        at = later[0] if later else len(lines)
    return "\n".join([*lines[:at], block, *lines[at:]]) + "\n", None


__all__ = [
    "Contact",
    "Link",
    "Note",
    "Settings",
    "colour_problem",
    "colours_css",
    "contrast",
    "fill_placeholders",
    "insert_note",
    "load_settings",
    "module_positions",
    "note_block",
    "parse_note",
]
