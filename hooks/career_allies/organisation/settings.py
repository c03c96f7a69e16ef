"""Organisation settings: read and check `organisation.yml`.

`TABLE` below is the schema: each setting's dotted name, its type and its
default, in one place. The defaults describe the open course, so a missing
file or a missing setting means "as upstream". `Settings` holds the checked
values; each of its fields names the setting it comes from, and takes its
default from the table. Every problem is reported with its file and line and
what to do about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any

from ..errors import DefinitionError, Problem, closest
from ..markup import Built, markdown_text, markdown_url
from ..vocabulary import DEFAULT_SITE_ID, ID_PATTERN
from ..yamlnodes import Located, YamlSyntaxError, load
from .colours import COLOUR_RE, colour_problem, night_primary
from .placeholders import contact_markdown, duration_in_words, number_in_words

SETTINGS_FILE = "organisation.yml"

DEFAULT_COPYRIGHT = "Course content CC BY 4.0 · Code MIT · Your answers stay in your browser"
DEFAULT_INTRO = (
    "A free, self-paced course on finding mentors, earning sponsors and making both relationships work for your career."
)
DEFAULT_LINKS = {
    "mentoring_programme": {"text": "any mentoring programme your workplace runs", "url": ""},
    "hr_policies": {"text": "your workplace's policies on learning and development", "url": ""},
    "employee_groups": {"text": "employee networks and resource groups", "url": ""},
}

# Every setting: dotted name -> (type, default). Types: "text" (optional text:
# a string, or empty), "required text", "list of text", "contacts", "links"
# (named links; the table's default holds the upstream ones). "colour" and
# "site id" are text with a format of their own.
TABLE: dict[str, tuple[str, Any]] = {
    "organisation.name": ("required text", "your organisation"),
    "programme.name": ("required text", "Career Allies"),
    "programme.short_name": ("text", ""),
    "programme.copyright": ("text", DEFAULT_COPYRIGHT),
    "home.intro": ("text", DEFAULT_INTRO),
    "contacts": ("contacts", []),
    "links": ("links", DEFAULT_LINKS),
    "switched_off": ("list of text", []),
    "pages.section": ("text", ""),
    "pages.files": ("list of text", []),
    "branding.logo": ("text", ""),
    "branding.favicon": ("text", ""),
    "branding.primary_colour": ("colour", ""),
    "branding.accent_colour": ("colour", ""),
    "site_id": ("site id", DEFAULT_SITE_ID),
}
TEXT_KINDS = {"text", "required text", "colour", "site id"}


def _nest(table: dict[str, tuple[str, Any]]) -> dict[str, Any]:
    """The table as nested groups, as organisation.yml writes it."""
    out: dict[str, Any] = {}
    for path, spec in table.items():
        *groups, last = path.split(".")
        node = out
        for group in groups:
            node = node.setdefault(group, {})
        node[last] = spec
    return out


SCHEMA: dict[str, Any] = _nest(TABLE)
CONTACT_KEYS = {"name": True, "role": False, "email": False, "phone": False, "url": False}  # key -> required
LINK_KEYS = {"text": True, "url": False}

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
SITE_ID_RE = re.compile(rf"^{ID_PATTERN}$")
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


def setting(path: str) -> Any:
    """A Settings field holding the setting `path`, with the table's default."""
    kind, default = TABLE[path]
    meta = {"setting": path}
    if kind == "links":
        return field(default_factory=lambda: {k: Link(**v) for k, v in default.items()}, metadata=meta)
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class Settings:
    """Every organisation setting, with defaults filled in (from TABLE)."""

    organisation_name: str = setting("organisation.name")
    programme_name: str = setting("programme.name")
    short_name: str = setting("programme.short_name")
    copyright: str = setting("programme.copyright")
    home_intro: str = setting("home.intro")
    contacts: list[Contact] = setting("contacts")
    links: dict[str, Link] = setting("links")
    switched_off: list[str] = setting("switched_off")
    pages_section: str = setting("pages.section")
    pages: list[str] = setting("pages.files")
    logo: str = setting("branding.logo")
    favicon: str = setting("branding.favicon")
    primary_colour: str = setting("branding.primary_colour")
    accent_colour: str = setting("branding.accent_colour")
    site_id: str = setting("site_id")
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

    def values(
        self, module_count: int | None = None, module: tuple[int, int] | None = None, course_minutes: int | None = None
    ) -> dict[str, str]:
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
            "theme_colours": {"light": self.primary_colour, "dark": night_primary(self.primary_colour)}
            if self.primary_colour
            else {},
        }


# The Settings attribute each setting sets.
ATTRIBUTE = {f.metadata["setting"]: f.name for f in fields(Settings) if "setting" in f.metadata}


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
        raise DefinitionError(
            [
                Problem(
                    file,
                    root.line,
                    "the settings must be a list of 'name: value' lines, like the upstream organisation.yml",
                )
            ]
        )
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
        return (
            "this line is indented with a tab: YAML needs spaces, so replace the tab with spaces (two for each "
            "level), lined up with the settings around it"
        )
    if problem.startswith("mapping values are not allowed") and ":" not in rest:
        return (
            "this line is indented more than the one above it: line it up with the settings around it (two spaces per "
            "level)"
        )
    if problem.startswith("mapping values are not allowed"):
        example = f'{key.strip()}: "{rest.strip()}"' if rest.strip() and '"' not in rest else 'name: "Team: Mentoring"'
        return (
            f'text with a colon in it goes in double quotes, like name: "Team: Mentoring". Write this line as {example}'
        )
    if problem == "unclosed quote":
        return (
            'a quote opens on this line and never closes: end the text with the same quote mark, like name: "Team '
            'Mentoring" (for quotes inside the text, use curly ones \u201clike this\u201d)'
        )
    if "did not find expected key" in problem or "expected <block end>" in problem:
        if rest.strip()[:1] in ("'", '"'):
            return (
                'quotes go round the whole text, from just after the colon to the end of the line, like name: "Team '
                'Mentoring" (for quotes inside the text, use curly ones \u201clike this\u201d)'
            )
        return (
            "YAML could not read this line: check that it is indented like the settings around it (two spaces per "
            "level) and that each setting is written name: value"
        )
    if "cannot start any token" in problem:
        return 'text that starts with @, ` or % goes in double quotes, like email: "@example"'
    return None


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
                    self.add(
                        line, f"'{path}' should hold settings indented below it ({', '.join(spec)}), not a single value"
                    )
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
                self.add(
                    line,
                    f"'{path}' looks like a colour, but YAML reads '#' as the start of a comment: put it in quotes, "
                    f'like "#17565c"',
                )
                return None
            if required:
                self.add(line, f"'{path}' is empty: give it a value, or delete the line to use the default")
                return None
            return ""
        if isinstance(value, (dict, list)):
            self.add(
                line,
                f"'{path}' should be a single piece of text, not a "
                f"{'list' if isinstance(value, list) else 'group of settings'}",
            )
            return None
        if not isinstance(value, str):
            read = (
                "yes/no value"
                if isinstance(value, bool)
                else "number"
                if isinstance(value, (int, float))
                else type(value).__name__
            )
            self.add(line, f"'{path}' should be text, but YAML read {value!r} as a {read}: put it in quotes")
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
        result: Any = None
        if kind in TEXT_KINDS:
            text = self.text(node, path, line, required=kind in ("required text", "site id"))
            result = None if text is None else self.checked(path, kind, text, line)
        elif kind == "list of text":
            items = self.text_list(node, path, line)
            if items is not None:
                for index, (_text, item_line) in enumerate(items):
                    settings.lines[f"{path}.{index}"] = item_line
                result = [text for text, _line in items]
        elif kind == "contacts":
            result = self.contacts(node, path, line, settings)
        elif kind == "links":
            result = self.links(node, path, line, settings)
        if result is not None:
            setattr(settings, ATTRIBUTE[path], result)

    def checked(self, path: str, kind: str, text: str, line: int) -> str | None:
        """The text as the setting keeps it, or None (and a problem) if it won't do."""
        problem = markup_problem(path, text)
        if problem:
            self.add(line, problem)
            return None
        if kind == "colour" and text:
            if not COLOUR_RE.match(text):
                self.add(
                    line, f"'{path}' should be a colour written as a hex code in quotes, like \"#17565c\", not '{text}'"
                )
                return None
            problem = colour_problem(path, text)
            if problem:
                self.add(line, problem)
                return None
            return text.lower()
        if kind == "site id" and not SITE_ID_RE.match(text):
            self.add(
                line,
                f"'{path}' should be lower-case letters, digits and hyphens, like 'example-corp-mentoring', not "
                f"'{text}'",
            )
            return None
        return text

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
                self.add(
                    item.line,
                    f"{where} should be a contact with 'name:' and, for example, 'email:' on lines of their own",
                )
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
            self.add(
                line,
                "'links' should hold named links indented below it, like 'mentoring_programme:' with 'text:' and "
                "'url:' under it",
            )
            return out
        for name, item in node.value.items():
            item_line = node.lines.get(name, item.line)
            where = f"links.{name}"
            if not NAME_RE.match(str(name)):
                self.add(
                    item_line,
                    f"link name '{name}' should be lower-case letters, digits and underscores, like 'learning_portal'",
                )
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
                self.add(
                    key_line,
                    f"'{where}.url' should be a full web address starting with https:// (or mailto:), like "
                    f"https://intranet.example.com/mentoring, not '{text}'",
                )
                ok = False
                continue
            if key == "email" and text and not EMAIL_RE.match(text):
                self.add(
                    key_line, f"'{where}.email' should be an email address like mentoring@example.com, not '{text}'"
                )
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
    pattern = (
        NAME_MARKUP_RE
        if path in NAMES or path == "home.intro"
        else TEXT_MARKUP_RE
        if path == "programme.copyright"
        else None
    )
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
