"""Read worksheet and self-assessment definitions and check them against the schema.

The schema is the data below (`FIELD_TYPES`, `KEYS`): what keys each part of a
definition may have, which are required, and of what kind. The checks collect
every problem with its file and line instead of stopping at the first.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DefinitionError, Problem, closest
from .vocabulary import CHOICE_TYPES, FREE_TEXT_TYPES, ID_PATTERN
from .vocabulary import FIELD_TYPES as VOCABULARY
from .yamlnodes import Located, YamlSyntaxError, load

ID_RE = re.compile(rf"^{ID_PATTERN}$")
# A link in a definition points at a page of this site: the path of a .md
# file inside docs/ (no leading slash, no "..", no host), maybe with #anchor.
_SEGMENT = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
PAGE_RE = re.compile(rf"^(?:{_SEGMENT}/)*{_SEGMENT}\.md(?:#[A-Za-z0-9_-]+)?$")
KINDS = {"worksheet": "worksheets", "checklist": "checklists"}

# field type -> the keys it takes beside the common ones (from vocabulary.py)
FIELD_TYPES = {name: set(t.keys) for name, t in VOCABULARY.items()}
COMMON_FIELD_KEYS = {"id", "type", "label", "help"}

# part of a definition -> (required keys, optional keys)
KEYS: dict[str, tuple[set[str], set[str]]] = {
    "worksheet": ({"title", "fields"}, {"intro", "example"}),
    "checklist": ({"title", "statements", "bands"}, {"intro", "scale", "example"}),
    "example": ({"answers"}, {"note"}),
    "option": ({"id", "label"}, set()),
    "column": ({"id", "label"}, {"placeholder"}),
    "scale": ({"value", "label"}, set()),
    "statement": ({"id", "text"}, {"weight"}),
    "band": ({"min", "max", "name", "text"}, {"links"}),
    "link": ({"title", "page"}, set()),
}

DEFAULT_SCALE = [
    {"value": 0, "label": "Not yet"},
    {"value": 1, "label": "Partly"},
    {"value": 2, "label": "Yes"},
]


@dataclass
class Catalog:
    """Every definition found, by id, plus where each came from."""

    worksheets: dict[str, dict[str, Any]] = field(default_factory=dict)
    checklists: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    # [file, line, page] for every link in a definition, so a host that knows
    # the site's pages can report a missing one against the definition.
    links: list[list[Any]] = field(default_factory=list)

    def get(self, kind: str, ident: str) -> dict[str, Any] | None:
        return (self.worksheets if kind == "worksheet" else self.checklists).get(ident)

    def ids(self) -> list[tuple[str, str]]:
        return [("worksheet", i) for i in self.worksheets] + [("checklist", i) for i in self.checklists]


class _Checker:
    """Walks one parsed file, recording problems with the nearest line."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def mapping(self, node: Located, part: str, where: str) -> dict[str, Located] | None:
        if not isinstance(node.value, dict):
            self.add(node.line, f"{where} should be a mapping of keys (key: value), not {_kind(node.value)}")
            return None
        required, optional = KEYS[part]
        self.keys(node, required, optional, where)
        return node.value

    def keys(self, node: Located, required: set[str], optional: set[str], where: str) -> None:
        allowed = required | optional
        for key in node.value:
            if key not in allowed:
                hint = closest(str(key), sorted(allowed))
                fix = f"did you mean '{hint[0]}'?" if hint else f"allowed keys are {', '.join(sorted(allowed))}"
                if node.value[key].value is None or " " in str(key):
                    fix = "this looks like part of a text value: put text that contains a comma or colon in quotes"
                self.add(node.lines.get(key, node.line), f"unknown key '{key}' in {where}: {fix}")
        for key in sorted(required - set(node.value)):
            self.add(node.line, f"{where} is missing '{key}': add it")

    def text(self, parent: Located, key: str, where: str, required: bool = True) -> str | None:
        node = parent.value.get(key)
        if node is None:
            return None
        if not isinstance(node.value, str) or (required and not node.value.strip()):
            self.add(node.line, f"'{key}' in {where} should be text, not {_kind(node.value)}")
            return None
        return node.value.strip()

    def page(self, parent: Located, where: str) -> str | None:
        page = self.text(parent, "page", where)
        if page is not None and not PAGE_RE.match(page):
            self.add(
                parent.value["page"].line,
                f"'page' in {where} should be a page of this site: the path of a .md file inside docs/, "
                f"like modules/finding-mentors.md (with #a-heading if you like), not {page!r}",
            )
            return None
        return page

    def integer(
        self,
        parent: Located,
        key: str,
        where: str,
        low: int,
        high: int,
        default: int | None = None,
    ) -> int | None:
        node = parent.value.get(key)
        if node is None:
            return default
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.add(node.line, f"'{key}' in {where} should be a whole number from {low} to {high}, not {value!r}")
            return None
        return value

    def ident(self, parent: Located, where: str, seen: dict[str, int]) -> str | None:
        node = parent.value.get("id")
        if node is None:
            return None
        value = node.value
        if not isinstance(value, str) or not ID_RE.match(value):
            self.add(
                node.line, f"id {value!r} in {where} should use lowercase letters, digits and hyphens, like 'long-term'"
            )
            return None
        if value in seen:
            self.add(
                node.line, f"duplicate id '{value}' in {where} (first used on line {seen[value]}): ids must be unique"
            )
            return None
        seen[value] = node.line
        return value

    def items(self, parent: Located, key: str, where: str, minimum: int, maximum: int | None = None) -> list[Located]:
        node = parent.value.get(key)
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.add(
                node.line, f"'{key}' in {where} should be a list (lines starting with '- '), not {_kind(node.value)}"
            )
            return []
        count = len(node.value)
        if count < minimum or (maximum is not None and count > maximum):
            span = f"{minimum} to {maximum}" if maximum is not None else f"at least {minimum}"
            self.add(node.line, f"'{key}' in {where} should have {span} entries, not {count}")
        return node.value

    def labelled(
        self,
        items: list[Located],
        part: str,
        where: str,
        extra: Callable[[Located, dict[str, Any]], None] | None = None,
    ) -> list[dict[str, Any]]:
        """Options or columns: mappings with an id and a label."""
        out: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(items, 1):
            label = f"{part} {index} of {where}"
            if self.mapping(item, part, label) is None:
                continue
            entry = {"id": self.ident(item, label, seen), "label": self.text(item, "label", label)}
            if extra:
                extra(item, entry)
            out.append(entry)
        return out


def _kind(value: Any) -> str:
    kinds = {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "nothing",
    }
    return kinds.get(type(value), type(value).__name__)


def check_worksheet(root: Located, file: str) -> tuple[dict[str, Any], list[Problem]]:
    c = _Checker(file)
    if c.mapping(root, "worksheet", "the worksheet") is None:
        return {}, c.problems
    sheet: dict[str, Any] = {
        "title": c.text(root, "title", "the worksheet"),
        "intro": c.text(root, "intro", "the worksheet"),
        "fields": [],
    }
    seen: dict[str, int] = {}
    for index, node in enumerate(c.items(root, "fields", "the worksheet", 1), 1):
        where = f"field {index}"
        if not isinstance(node.value, dict):
            c.add(node.line, f"{where} should be a mapping with id, type and label")
            continue
        type_node = node.value.get("type")
        ftype = type_node.value if type_node else None
        if ftype not in FIELD_TYPES:
            if type_node is None:
                c.add(node.line, f"{where} is missing 'type': use one of {', '.join(FIELD_TYPES)}")
            else:
                hint = closest(str(ftype), list(FIELD_TYPES))
                fix = f"did you mean '{hint[0]}'?" if hint else f"use one of {', '.join(FIELD_TYPES)}"
                c.add(type_node.line, f"unknown field type {ftype!r} in {where}: {fix}")
            c.keys(node, {"id", "type", "label"}, set().union(*FIELD_TYPES.values()) | {"help"}, where)
            continue
        required = {"id", "type", "label"} | VOCABULARY[ftype].required
        c.keys(node, required, (COMMON_FIELD_KEYS | FIELD_TYPES[ftype]) - required, f"{where} ({ftype})")
        entry: dict[str, Any] = {
            "id": c.ident(node, "the worksheet's fields", seen),
            "type": ftype,
            "label": c.text(node, "label", where),
            "help": c.text(node, "help", where),
            "placeholder": c.text(node, "placeholder", where),
        }
        if ftype == "long-text":
            entry["lines"] = c.integer(node, "lines", where, 1, 20, default=4)
        if ftype in CHOICE_TYPES:
            entry["options"] = c.labelled(c.items(node, "options", where, 2, 20), "option", where)
        if ftype == "rating":
            entry["low"] = c.text(node, "low", where)
            entry["high"] = c.text(node, "high", where)
        if ftype == "table":
            def column_extra(item: Located, col: dict[str, Any], where: str = where) -> None:
                col["placeholder"] = c.text(item, "placeholder", f"a column of {where}")
            entry["columns"] = c.labelled(c.items(node, "columns", where, 2, 6), "column", where, column_extra)
            entry["rows"] = c.integer(node, "rows", where, 1, 12, default=3)
        sheet["fields"].append(entry)
    if "example" in root.value:
        sheet["example"] = _worksheet_example(c, root.value["example"], sheet["fields"])
    return sheet, c.problems


def check_checklist(root: Located, file: str) -> tuple[dict[str, Any], list[Problem]]:
    c = _Checker(file)
    if c.mapping(root, "checklist", "the self-assessment") is None:
        return {}, c.problems
    out: dict[str, Any] = {
        "title": c.text(root, "title", "the self-assessment"),
        "intro": c.text(root, "intro", "the self-assessment"),
    }
    scale: list[dict[str, Any]] = []
    if "scale" in root.value:
        values: set[int] = set()
        for index, node in enumerate(c.items(root, "scale", "the self-assessment", 2, 6), 1):
            where = f"scale step {index}"
            if c.mapping(node, "scale", where) is None:
                continue
            value = c.integer(node, "value", where, 0, 10)
            if value is not None and value in values:
                c.add(node.line, f"{where} repeats the value {value}: each step needs its own value")
            values.add(value if value is not None else -1)
            scale.append({"value": value, "label": c.text(node, "label", where)})
    else:
        scale = [dict(s) for s in DEFAULT_SCALE]
    out["scale"] = scale
    top = max((s["value"] for s in scale if isinstance(s.get("value"), int)), default=0)

    out["page_links"] = []  # taken out by load_catalog into Catalog.links
    statements: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    maximum = 0
    for index, node in enumerate(c.items(root, "statements", "the self-assessment", 3, 30), 1):
        where = f"statement {index}"
        if c.mapping(node, "statement", where) is None:
            continue
        weight = c.integer(node, "weight", where, 1, 5, default=1) or 1
        maximum += weight * top
        statements.append(
            {"id": c.ident(node, "the statements", seen), "text": c.text(node, "text", where), "weight": weight}
        )
    out["statements"] = statements
    out["max"] = maximum

    bands = []
    for index, node in enumerate(c.items(root, "bands", "the self-assessment", 1, 8), 1):
        where = f"band {index}"
        if c.mapping(node, "band", where) is None:
            continue
        band: dict[str, Any] = {
            "min": c.integer(node, "min", where, 0, 1000),
            "max": c.integer(node, "max", where, 0, 1000),
            "name": c.text(node, "name", where),
            "text": c.text(node, "text", where),
            "links": [],
            "line": node.line,
        }
        for link in c.items(node, "links", where, 0, 6):
            if c.mapping(link, "link", f"a link in {where}") is not None:
                page = c.page(link, f"a link in {where}")
                band["links"].append({"title": c.text(link, "title", f"a link in {where}"), "page": page})
                if page:
                    out["page_links"].append([c.file, link.value["page"].line, page])
        bands.append(band)
    _check_bands(c, bands, maximum, root.lines.get("bands", root.line))
    for band in bands:
        band.pop("line", None)
    out["bands"] = bands
    if "example" in root.value:
        out["example"] = _checklist_example(c, root.value["example"], out)
    return out, c.problems


def _check_bands(c: _Checker, bands: list[dict[str, Any]], maximum: int, line: int) -> None:
    """Bands must cover every whole score from 0 to the maximum exactly once."""
    usable = [b for b in bands if isinstance(b["min"], int) and isinstance(b["max"], int)]
    if len(usable) != len(bands) or not bands:
        return
    for band in usable:
        if band["min"] > band["max"]:
            c.add(
                band["line"],
                f"band '{band['name']}' starts at {band['min']} but ends lower, at {band['max']}: swap them",
            )
            return
    ordered = sorted(usable, key=lambda b: b["min"])
    expected = 0
    for band in ordered:
        if band["min"] > expected:
            c.add(
                band["line"],
                f"bands leave a gap: no band covers scores {expected} to {band['min'] - 1}; "
                f"start band '{band['name']}' at {expected}",
            )
        elif band["min"] < expected:
            c.add(
                band["line"],
                f"bands overlap: band '{band['name']}' starts at {band['min']} "
                f"but the band before it already covers up to {expected - 1}; start it at {expected}",
            )
        expected = max(expected, band["max"] + 1)
    if expected - 1 != maximum:
        c.add(
            line,
            f"bands should end at the maximum score {maximum} "
            f"(the sum of each statement's weight times the top of the scale), but they end at {expected - 1}",
        )


# ---------------------------------------------------------------- examples
#
# A filled-in example ("See how Leah filled it in"): answers keyed by field or
# statement id, checked against the definition and made ready to show as text.
# Worksheet answers become {"text": [lines]}, {"choices": [labels]},
# {"rating": n} or {"rows": [{column id: text}]}; self-assessment answers
# become {"value": n, "label": scale label}, plus the example's score and band.

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


def _example_answers(c: _Checker, node: Located, where: str) -> dict[str, Located] | None:
    """The example's `answers` mapping, or None (with a problem) if it has none."""
    if c.mapping(node, "example", where) is None:
        return None
    answers = node.value.get("answers")
    if answers is None:
        return None
    if not isinstance(answers.value, dict) or not answers.value:
        c.add(
            answers.line,
            f"'answers' in {where} should be a mapping of ids to answers (id: answer), not {_kind(answers.value)}",
        )
        return None
    return answers.value


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.strip().splitlines() if line.strip()]


def _example_text(c: _Checker, node: Located, where: str) -> str | None:
    if not isinstance(node.value, str) or not node.value.strip():
        if isinstance(node.value, (int, float, bool)):
            fix = "put it in quotes"
        else:
            fix = "leave a field out of the example to show it blank"
        got = "empty text" if isinstance(node.value, str) else _kind(node.value)
        c.add(node.line, f"{where} should be text, not {got}: {fix}")
        return None
    return node.value


def _example_field(c: _Checker, f: dict[str, Any], node: Located, where: str) -> dict[str, Any] | None:
    ftype, value = f["type"], node.value
    if ftype in FREE_TEXT_TYPES:
        text = _example_text(c, node, where)
        return None if text is None else {"text": _lines(text)}
    if ftype == "date":
        day = value if isinstance(value, datetime.date) else None
        if isinstance(value, str):
            try:
                day = datetime.date.fromisoformat(value.strip())
            except ValueError:
                day = None
        if day is None:
            c.add(node.line, f"{where} should be a date written year-month-day, like \"2027-03-31\", not {value!r}")
            return None
        return {"text": [f"{day.day} {MONTHS[day.month - 1]} {day.year}"]}
    if ftype in CHOICE_TYPES:
        options = {o["id"]: o["label"] for o in f["options"]}
        if ftype == "choice" and not isinstance(value, str):
            c.add(node.line, f"{where} should be one option id, like {next(iter(options))}, not {_kind(value)}")
            return None
        if ftype == "choices" and not isinstance(value, list):
            c.add(
                node.line,
                f"{where} should be a list of option ids in square brackets, like [{', '.join(list(options)[:2])}]",
            )
            return None
        picked = [value] if ftype == "choice" else [item.value for item in value]
        labels = []
        for item in picked:
            if not isinstance(item, str) or item not in options:
                hint = closest(str(item), list(options))
                fix = f"did you mean '{hint[0]}'?" if hint else f"use one of {', '.join(options)}"
                c.add(node.line, f"{where}: {item!r} is not one of its options: {fix}")
                return None
            labels.append(options[item])
        return {"choices": labels}
    if ftype == "rating":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            c.add(node.line, f"{where} should be a whole number from 1 to 5, not {value!r}")
            return None
        return {"rating": value}
    # table: a list of rows, each a mapping of column id to text
    columns = [col["id"] for col in f["columns"]]
    if not isinstance(value, list) or not 1 <= len(value) <= 12:
        c.add(
            node.line,
            f"{where} should be a list of 1 to 12 rows, each like {{{columns[0]}: \"...\", {columns[1]}: \"...\"}}",
        )
        return None
    rows = []
    for number, row in enumerate(value, 1):
        if not isinstance(row.value, dict):
            c.add(
                row.line,
                f"row {number} of {where} should be a mapping of column ids to text, like {{{columns[0]}: \"...\"}}",
            )
            return None
        cells = {col: "" for col in columns}
        for key, cell in row.value.items():
            if key not in cells:
                hint = closest(str(key), columns)
                fix = f"did you mean '{hint[0]}'?" if hint else f"its columns are {', '.join(columns)}"
                c.add(row.lines.get(key, row.line), f"row {number} of {where} has an unknown column '{key}': {fix}")
                return None
            text = _example_text(c, cell, f"column '{key}' in row {number} of {where}")
            if text is None:
                return None
            cells[key] = " ".join(_lines(text))
        rows.append(cells)
    return {"rows": rows}


def _worksheet_example(c: _Checker, node: Located, fields: list[dict[str, Any]]) -> dict[str, Any]:
    where = "the example"
    answers = _example_answers(c, node, where)
    by_id = {f["id"]: f for f in fields if f.get("id")}
    out: dict[str, Any] = {"note": c.text(node, "note", where) if isinstance(node.value, dict) else None, "answers": {}}
    for key, answer in (answers or {}).items():
        line = node.value["answers"].lines.get(key, answer.line)
        f = by_id.get(key)
        if f is None:
            hint = closest(str(key), list(by_id))
            fix = f"did you mean '{hint[0]}'?" if hint else f"the worksheet's field ids are {', '.join(by_id)}"
            c.add(line, f"the example answers an unknown field '{key}': {fix}")
            continue
        shown = _example_field(
            c, f, Located(answer.value, line, answer.lines), f"the example's answer to '{key}' ({f['type']})"
        )
        if shown is not None:
            out["answers"][key] = shown
    return out


def _checklist_example(c: _Checker, node: Located, checklist: dict[str, Any]) -> dict[str, Any]:
    where = "the example"
    answers = _example_answers(c, node, where)
    steps = {s["value"]: s["label"] for s in checklist["scale"]}
    weights = {s["id"]: s["weight"] for s in checklist["statements"] if s.get("id")}
    out: dict[str, Any] = {
        "note": c.text(node, "note", where) if isinstance(node.value, dict) else None,
        "answers": {},
        "score": 0,
        "band": "",
    }
    for key, answer in (answers or {}).items():
        line = node.value["answers"].lines.get(key, answer.line)
        if key not in weights:
            hint = closest(str(key), list(weights))
            fix = f"did you mean '{hint[0]}'?" if hint else f"the statement ids are {', '.join(weights)}"
            c.add(line, f"the example answers an unknown statement '{key}': {fix}")
            continue
        value = answer.value
        if isinstance(value, bool) or value not in steps:
            values = ", ".join(f"{v} = {label}" for v, label in steps.items())
            c.add(
                line, f"the example's answer to '{key}' should be one of the scale's values ({values}), not {value!r}"
            )
            continue
        out["answers"][key] = {"value": value, "label": steps[value]}
        out["score"] += weights[key] * value
    out["band"] = next(
        (
            b["name"]
            for b in checklist["bands"]
            if isinstance(b["min"], int) and isinstance(b["max"], int) and b["min"] <= out["score"] <= b["max"]
        ),
        "",
    )
    return out


CHECKERS = {"worksheet": check_worksheet, "checklist": check_checklist}


def load_definition(path: Path, kind: str, label: str | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """Read and check one definition file."""
    name = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Problem(name, None, f"could not be read ({exc}); save it as UTF-8 text")]
    try:
        root = load(text)
    except YamlSyntaxError as exc:
        return {}, [Problem(name, exc.line, exc.message)]
    if root is None:
        return {}, [Problem(name, None, "the file is empty: add a title and its fields")]
    return CHECKERS[kind](root, name)


def load_catalog(directory: str | Path, relative_to: str | Path | None = None) -> Catalog:
    """Load every definition under `directory`/worksheets and /checklists.

    Raises DefinitionError listing every problem in every file.
    """
    base = Path(directory)
    shown_from = Path(relative_to).resolve() if relative_to else None
    catalog, problems = Catalog(), []
    for kind, folder in KINDS.items():
        for path in sorted((base / folder).glob("*")):
            if path.suffix not in (".yml", ".yaml") or path.name.startswith("."):
                continue
            label = _display(path, shown_from)
            ident = path.stem
            if not ID_RE.match(ident):
                message = f"the file name '{ident}' is the id and should use lowercase letters, digits and hyphens"
                problems.append(Problem(label, None, message))
                continue
            if ident in catalog.sources:
                message = f"duplicate id '{ident}': {catalog.sources[ident]} already uses it; rename one file"
                problems.append(Problem(label, None, message))
                continue
            definition, found = load_definition(path, kind, label)
            problems.extend(found)
            catalog.sources[ident] = label
            links = definition.pop("page_links", [])
            if not found:
                catalog.links.extend(links)
                definition["id"] = ident
                definition["kind"] = kind
                (catalog.worksheets if kind == "worksheet" else catalog.checklists)[ident] = definition
    if problems:
        raise DefinitionError(problems)
    return catalog


def _display(path: Path, base: Path | None) -> str:
    """`path` relative to `base` (already resolved), if it is inside it."""
    if base is not None:
        try:
            return str(path.resolve().relative_to(base))
        except ValueError:
            pass
    return str(path)
