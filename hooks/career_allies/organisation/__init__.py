"""Organisation settings, by subject: `settings` (read and check
organisation.yml; each setting's type and default in one table), `colours`
(brand colours that stay readable), `placeholders` (`{{ name }}` filled in)
and `notes` (docs/org/notes placed into pages).

Plain Python, no MkDocs objects. Every name is importable from here.
"""

from .colours import (
    BLACK,
    COLOUR_RE,
    MIN_CONTRAST,
    SLATE_BG,
    SLATE_SURFACES,
    WHITE,
    colour_problem,
    colours_css,
    contrast,
    luminance,
    mix,
    night_primary,
    shade_for_contrast,
)
from .notes import ATTR_RE, HEADING_RE, NOTE_KEYS, NOTES_DIR, Note, headings, insert_note, note_block, parse_note
from .placeholders import (
    BLOCK_PLACEHOLDERS,
    CODE_SPAN_RE,
    FENCE_RE,
    KEY_RE,
    MODULE_PLACEHOLDERS,
    MODULE_TIME_RE,
    PLACEHOLDER_RE,
    WORDS,
    _code_lines,
    contact_markdown,
    duration_in_words,
    fill_placeholders,
    module_minutes,
    module_positions,
    number_in_words,
)
from .settings import (
    ATTRIBUTE,
    CONTACT_KEYS,
    DEFAULT_COPYRIGHT,
    DEFAULT_INTRO,
    DEFAULT_LINKS,
    EMAIL_RE,
    LINK_KEYS,
    NAME_MARKUP_RE,
    NAME_RE,
    NAMES,
    SCHEMA,
    SETTINGS_FILE,
    SITE_ID_RE,
    TABLE,
    TEXT_MARKUP_RE,
    URL_RE,
    Contact,
    Link,
    Settings,
    load_settings,
    markup_problem,
    yaml_advice,
)

__all__ = [
    "ATTRIBUTE", "ATTR_RE", "BLACK", "BLOCK_PLACEHOLDERS", "CODE_SPAN_RE", "COLOUR_RE", "CONTACT_KEYS",
    "DEFAULT_COPYRIGHT", "DEFAULT_INTRO", "DEFAULT_LINKS", "EMAIL_RE", "FENCE_RE", "HEADING_RE", "KEY_RE",
    "LINK_KEYS", "MIN_CONTRAST", "MODULE_PLACEHOLDERS", "MODULE_TIME_RE", "NAMES", "NAME_MARKUP_RE", "NAME_RE",
    "NOTES_DIR", "NOTE_KEYS", "PLACEHOLDER_RE", "SCHEMA", "SETTINGS_FILE", "SITE_ID_RE", "SLATE_BG",
    "SLATE_SURFACES", "TABLE", "TEXT_MARKUP_RE", "URL_RE", "WHITE", "WORDS", "Contact", "Link", "Note", "Settings",
    "_code_lines", "colour_problem", "colours_css", "contact_markdown", "contrast", "duration_in_words",
    "fill_placeholders", "headings", "insert_note", "load_settings", "luminance", "markup_problem", "mix",
    "module_minutes", "module_positions", "night_primary", "note_block", "number_in_words", "parse_note",
    "shade_for_contrast", "yaml_advice",
]
