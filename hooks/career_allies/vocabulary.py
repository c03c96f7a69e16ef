"""Names the Python code, the templates and the browser share, defined once.

- The field types a worksheet may use, and the keys each one takes: the
  schema check (definitions.py) and manifest.py read them, the templates get
  them as the variable `field_types` (`f.type == field_types.long_text`).
- The storage-key format: how a saved answer is keyed in the browser's
  storage (`career-allies:worksheet:career-goals`). Python builds the keys
  written into the pages; the browser gets the rest (the site's prefix, the
  progress key, the pattern a backup's keys must match) from the course
  index, a data attribute written at build time (`browser(site_id)`).
  The scripts need no field-type names: My plan tells a field's kind by the
  shape of its summary (manifest.summary: columns, options, low and high).

Plain Python, no MkDocs objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldType:
    name: str  # as a definition writes it: `type: long-text`
    required: frozenset[str] = frozenset()  # keys this type needs, beside id, type and label
    optional: frozenset[str] = frozenset()  # keys it may have, beside help

    @property
    def keys(self) -> frozenset[str]:
        return self.required | self.optional

    @property
    def variable(self) -> str:
        """The name templates and the browser use: long-text -> long_text."""
        return self.name.replace("-", "_")


def _type(name: str, required: set[str] | None = None, optional: set[str] | None = None) -> FieldType:
    return FieldType(name, frozenset(required or ()), frozenset(optional or ()))


FIELD_TYPES: dict[str, FieldType] = {
    t.name: t
    for t in (
        _type("text", optional={"placeholder"}),
        _type("long-text", optional={"placeholder", "lines"}),
        _type("date"),
        _type("choice", required={"options"}),
        _type("choices", required={"options"}),
        _type("rating", required={"low", "high"}),
        _type("table", required={"columns"}, optional={"rows"}),
    )
}
# The types whose answer is picked from `options`.
CHOICE_TYPES = frozenset(name for name, t in FIELD_TYPES.items() if "options" in t.required)
# The types answered in words of one's own.
FREE_TEXT_TYPES = frozenset(name for name, t in FIELD_TYPES.items() if "placeholder" in t.optional)
# variable -> name, for templates and the browser: {"long_text": "long-text", ...}
TYPE_NAMES: dict[str, str] = {t.variable: t.name for t in FIELD_TYPES.values()}

# ---------------------------------------------------------------- storage keys

DEFAULT_SITE_ID = "career-allies"
# An id: of a definition, or of a site (the prefix of its storage keys).
ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
KINDS = ("worksheet", "checklist")  # what a shortcode places, and a key's middle part
SEPARATOR = ":"
PROGRESS = "progress"  # the modules marked done: "<site>:progress"
UNREADABLE = "unreadable"  # an entry the browser could not read, kept aside: "<key>:unreadable"


def storage_key(site_id: str, kind: str, ident: str) -> str:
    """Where the browser keeps the answers to one worksheet or self-assessment."""
    return SEPARATOR.join((site_id, kind, ident))


def progress_key(site_id: str) -> str:
    return SEPARATOR.join((site_id, PROGRESS))


# Every key a site stores, in JavaScript's regular-expression syntax too:
# group 1 is the site id, group 2 the rest.
KEY_PATTERN = (
    rf"^({ID_PATTERN}){SEPARATOR}((?:{'|'.join(KINDS)}){SEPARATOR}{ID_PATTERN}(?:{SEPARATOR}{UNREADABLE})?|{PROGRESS})$"
)


# The scripts only some pages load, by the name the browser knows them by:
# overrides/main.html writes each into the pages that use it, career-allies.js
# fetches it when instant navigation arrives at such a page, and the
# after-build step counts it among the site's own files.
PAGE_SCRIPTS = {"forms": "assets/javascripts/career-allies-forms.js", "plan": "assets/javascripts/my-plan.js"}


def browser(site_id: str) -> dict[str, Any]:
    """What the browser scripts need, as JSON-ready data for the course index.
    (Not the field types: a field's summary shows its kind by its shape, see
    manifest.summary, so every page need not carry their names.)"""
    return {
        "keys": {
            "prefix": site_id + SEPARATOR,
            "progress": progress_key(site_id),
            "unreadable": SEPARATOR + UNREADABLE,
            "pattern": KEY_PATTERN,
        },
        "scripts": dict(PAGE_SCRIPTS),
    }


# A table's rows shown on screen before "Add a row" (the rest wait as spare
# rows: on paper, and without JavaScript, every row shows).
SCREEN_ROWS = 3


def template_globals() -> dict[str, Any]:
    """Variables every form template gets."""
    return {"field_types": TYPE_NAMES, "choice_types": sorted(CHOICE_TYPES), "screen_rows": SCREEN_ROWS}
