"""The schema: every kind of bad definition is refused with file, line and a fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from career_allies import DefinitionError, load_catalog

FIXTURES = Path(__file__).parent / "fixtures" / "defs"

GOOD_SHEET = """\
title: A sheet
fields:
  - id: one
    type: text
    label: One
"""

GOOD_CHECKLIST = """\
title: A check
statements:
  - {id: a, text: First.}
  - {id: b, text: Second.}
  - {id: c, text: Third., weight: 2}
bands:
  - {min: 0, max: 3, name: Low, text: Start here.}
  - {min: 4, max: 8, name: High, text: Go.}
"""


def make(tmp_path: Path, worksheets: dict[str, str] | None = None, checklists: dict[str, str] | None = None) -> Path:
    for folder, files in (("worksheets", worksheets or {}), ("checklists", checklists or {})):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (tmp_path / folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, **kwargs) -> list[str]:
    directory = make(tmp_path, **kwargs)
    with pytest.raises(DefinitionError) as caught:
        load_catalog(directory, relative_to=directory)
    return [str(p) for p in caught.value.problems]


def test_fixture_definitions_load():
    catalog = load_catalog(FIXTURES)
    sheet = catalog.worksheets["every-field"]
    assert [f["type"] for f in sheet["fields"]] == ["text", "long-text", "date", "choice", "choices", "rating", "table"]
    assert catalog.checklists["quick-check"]["max"] == 8
    assert catalog.worksheets["every-field"]["fields"][1]["lines"] == 5


def test_the_real_course_definitions_load():
    catalog = load_catalog(Path(__file__).parent.parent / "docs" / "_data")
    assert len(catalog.worksheets) >= 1 and len(catalog.checklists) >= 1


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    found = problems(tmp_path, worksheets={"broken.yml": "title: A\nfields:\n  - id: x\n   type: text\n"})
    assert len(found) == 1
    assert found[0].startswith("worksheets/broken.yml:4: YAML syntax error")


def test_missing_label(tmp_path):
    sheet = GOOD_SHEET.replace("    label: One\n", "")
    found = problems(tmp_path, worksheets={"s.yml": sheet})
    assert found == ["worksheets/s.yml:3: field 1 (text) is missing 'label': add it"]


def test_unknown_field_type_suggests_the_nearest(tmp_path):
    found = problems(tmp_path, worksheets={"s.yml": GOOD_SHEET.replace("type: text", "type: longtext")})
    assert found == ["worksheets/s.yml:4: unknown field type 'longtext' in field 1: did you mean 'long-text'?"]


def test_misspelt_key_is_named_with_a_suggestion(tmp_path):
    found = problems(tmp_path, worksheets={"s.yml": GOOD_SHEET.replace("label: One", "label: One\n    lables: Two")})
    assert found == ["worksheets/s.yml:6: unknown key 'lables' in field 1 (text): did you mean 'label'?"]


def test_unquoted_comma_in_a_flow_mapping_gets_a_quoting_hint(tmp_path):
    sheet = GOOD_SHEET + "  - id: pick\n    type: choice\n    label: Pick\n    options:\n      - {id: a, label: Friends, family}\n      - {id: b, label: B}\n"
    found = problems(tmp_path, worksheets={"s.yml": sheet})
    assert found == ["worksheets/s.yml:10: unknown key 'family' in option 1 of field 2: this looks like part of a text value: put text that contains a comma or colon in quotes"]


def test_duplicate_field_ids(tmp_path):
    sheet = GOOD_SHEET + "  - id: one\n    type: date\n    label: Again\n"
    found = problems(tmp_path, worksheets={"s.yml": sheet})
    assert found == ["worksheets/s.yml:6: duplicate id 'one' in the worksheet's fields (first used on line 3): ids must be unique"]


def test_duplicate_definition_ids_across_folders(tmp_path):
    found = problems(tmp_path, worksheets={"same.yml": GOOD_SHEET}, checklists={"same.yml": GOOD_CHECKLIST})
    assert found == ["checklists/same.yml: duplicate id 'same': worksheets/same.yml already uses it; rename one file"]


def test_duplicate_key_in_one_mapping(tmp_path):
    found = problems(tmp_path, worksheets={"s.yml": "title: A\ntitle: B\nfields: []\n"})
    assert found == ["worksheets/s.yml:2: key 'title' appears twice; keep one"]


def test_bands_with_a_gap(tmp_path):
    found = problems(tmp_path, checklists={"c.yml": GOOD_CHECKLIST.replace("min: 4", "min: 5")})
    assert found == ["checklists/c.yml:8: bands leave a gap: no band covers scores 4 to 4; start band 'High' at 4"]


def test_bands_that_overlap(tmp_path):
    found = problems(tmp_path, checklists={"c.yml": GOOD_CHECKLIST.replace("min: 4", "min: 3")})
    assert found == ["checklists/c.yml:8: bands overlap: band 'High' starts at 3 but the band before it already covers up to 3; start it at 4"]


def test_bands_that_stop_short_of_the_maximum(tmp_path):
    found = problems(tmp_path, checklists={"c.yml": GOOD_CHECKLIST.replace("max: 8", "max: 7")})
    assert found == ["checklists/c.yml:6: bands should end at the maximum score 8 (the sum of each statement's weight times the top of the scale), but they end at 7"]


def test_every_problem_in_every_file_is_reported_at_once(tmp_path):
    bad_sheet = GOOD_SHEET.replace("type: text", "type: nope").replace("title: A sheet\n", "")
    found = problems(tmp_path, worksheets={"a.yml": bad_sheet, "b.yml": "fields: [\n"})
    assert any(p.startswith("worksheets/a.yml:1: the worksheet is missing 'title'") for p in found)
    assert any(p.startswith("worksheets/a.yml:3: unknown field type 'nope'") for p in found)
    assert any(p.startswith("worksheets/b.yml:2: YAML syntax error") for p in found)


def test_bad_ids_and_values(tmp_path):
    sheet = """\
    title: A
    fields:
      - {id: Bad_Id, type: text, label: X}
      - {id: lines, type: long-text, label: Y, lines: 50}
      - {id: few, type: choice, label: Z, options: [{id: only, label: Only}]}
      - {id: rate, type: rating, label: R, low: Low}
    """
    found = problems(tmp_path, worksheets={"s.yml": sheet})
    assert found == [
        "worksheets/s.yml:3: id 'Bad_Id' in the worksheet's fields should use lowercase letters, digits and hyphens, like 'long-term'",
        "worksheets/s.yml:4: 'lines' in field 2 should be a whole number from 1 to 20, not 50",
        "worksheets/s.yml:5: 'options' in field 3 should have 2 to 20 entries, not 1",
        "worksheets/s.yml:6: field 4 (rating) is missing 'high': add it",
    ]


def test_yes_without_quotes_is_caught(tmp_path):
    checklist = GOOD_CHECKLIST + "scale:\n  - {value: 0, label: No}\n  - {value: 1, label: Yes}\n"
    found = problems(tmp_path, checklists={"c.yml": checklist})
    assert "checklists/c.yml:10: 'label' in scale step 1 should be text, not true/false" in found


def test_empty_file(tmp_path):
    assert problems(tmp_path, worksheets={"s.yml": ""}) == ["worksheets/s.yml: the file is empty: add a title and its fields"]


# --- filled-in examples ----------------------------------------------------

EVERY_TYPE = """\
title: A sheet
fields:
  - {id: one, type: text, label: One}
  - {id: when, type: date, label: When}
  - {id: pick, type: choice, label: Pick, options: [{id: a, label: A}, {id: b, label: B}]}
  - {id: many, type: choices, label: Many, options: [{id: a, label: A}, {id: b, label: B}]}
  - {id: rate, type: rating, label: Rate, low: Low, high: High}
  - {id: grid, type: table, label: Grid, columns: [{id: who, label: Who}, {id: why, label: Why}]}
example:
  answers:
"""


def test_the_fixture_examples_are_ready_to_show():
    catalog = load_catalog(FIXTURES)
    answers = catalog.worksheets["every-field"]["example"]["answers"]
    assert answers["story"] == {"text": ["First line of the story.", "Second line, after a blank one."]}
    assert answers["when"] == {"text": ["31 March 2027"]}
    assert answers["pick-many"] == {"choices": ["Tea", "Water"]}
    assert answers["people"]["rows"][1] == {"who": "Bo", "why": ""}
    example = catalog.checklists["quick-check"]["example"]
    assert (example["score"], example["band"]) == (5, "Getting there")
    assert example["answers"]["two"] == {"value": 1, "label": "Partly"}


def test_a_definition_without_an_example_has_none(tmp_path):
    catalog = load_catalog(make(tmp_path, worksheets={"s.yml": GOOD_SHEET}, checklists={"c.yml": GOOD_CHECKLIST}))
    assert "example" not in catalog.worksheets["s"] and "example" not in catalog.checklists["c"]


def test_example_answers_with_unknown_ids_or_wrong_types_name_file_and_line(tmp_path):
    sheet = EVERY_TYPE + (
        "    onee: Text\n"              # 11: unknown field
        "    when: 31/03/2027\n"        # 12: not a date
        "    pick: c\n"                 # 13: unknown option
        "    many: a\n"                 # 14: not a list
        "    rate: 6\n"                 # 15: out of range
        "    grid:\n"                   # 16
        "      - {who: Ana, wy: x}\n"   # 17: unknown column
    )
    found = problems(tmp_path, worksheets={"s.yml": sheet})
    assert found == [
        "worksheets/s.yml:11: the example answers an unknown field 'onee': did you mean 'one'?",
        "worksheets/s.yml:12: the example's answer to 'when' (date) should be a date written year-month-day, like \"2027-03-31\", not '31/03/2027'",
        "worksheets/s.yml:13: the example's answer to 'pick' (choice): 'c' is not one of its options: use one of a, b",
        "worksheets/s.yml:14: the example's answer to 'many' (choices) should be a list of option ids in square brackets, like [a, b]",
        "worksheets/s.yml:15: the example's answer to 'rate' (rating) should be a whole number from 1 to 5, not 6",
        "worksheets/s.yml:17: row 1 of the example's answer to 'grid' (table) has an unknown column 'wy': did you mean 'why'?",
    ]


def test_example_text_that_yaml_read_as_a_number_asks_for_quotes(tmp_path):
    found = problems(tmp_path, worksheets={"s.yml": EVERY_TYPE + "    one: 2027\n"})
    assert found == ["worksheets/s.yml:11: the example's answer to 'one' (text) should be text, not a number: put it in quotes"]


def test_an_example_needs_answers_and_no_other_keys(tmp_path):
    found = problems(tmp_path, worksheets={"s.yml": GOOD_SHEET + "example:\n  notes: Leah's.\n"})
    assert found == [
        "worksheets/s.yml:7: unknown key 'notes' in the example: did you mean 'note'?",
        "worksheets/s.yml:7: the example is missing 'answers': add it",
    ]


def test_self_assessment_example_answers_are_scale_values_of_known_statements(tmp_path):
    checklist = GOOD_CHECKLIST + "example:\n  answers:\n    a: 2\n    d: 1\n    c: 3\n"
    found = problems(tmp_path, checklists={"c.yml": checklist})
    assert found == [
        "checklists/c.yml:12: the example answers an unknown statement 'd': the statement ids are a, b, c",
        "checklists/c.yml:13: the example's answer to 'c' should be one of the scale's values (0 = Not yet, 1 = Partly, 2 = Yes), not 3",
    ]


def test_reading_yaml_keeps_nothing_behind_and_every_scalar_kind_as_before():
    """Every value read is built directly, not through the shared loader's
    construct_object, which remembered every value it ever built (a build,
    or a long `mkdocs serve`, kept all of them); dates, numbers, yes/no,
    nulls and tagged text come out as the safe loader makes them."""
    import datetime

    from career_allies import yamlnodes

    text = textwrap.dedent("""\
        a: text
        b: 3
        c: 2.5
        d: true
        e: ~
        f: 2027-03-31
        g: !!str 12
        h: [1, "2", no]
        i: 0x1F
        """)
    before = len(yamlnodes._LOADER.constructed_objects)
    got = yamlnodes.plain(yamlnodes.load(text))
    assert len(yamlnodes._LOADER.constructed_objects) == before
    assert got == {"a": "text", "b": 3, "c": 2.5, "d": True, "e": None, "f": datetime.date(2027, 3, 31), "g": "12", "h": [1, "2", False], "i": 31}
    with pytest.raises(yamlnodes.YamlSyntaxError):
        yamlnodes.load("a: !!python/name:os.system x\n")
