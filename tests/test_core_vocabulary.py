"""Names shared by Python, the templates and the browser are defined once
(hooks/career_allies/vocabulary.py) and handed onwards, never restated; and
each organisation setting's type and default live in one table."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from dataclasses import fields
from pathlib import Path

import pytest

from career_allies import vocabulary
from career_allies.organisation import ATTRIBUTE, TABLE, Settings, load_settings
from career_allies.vocabulary import FIELD_TYPES, KEY_PATTERN, KINDS, TYPE_NAMES, progress_key, storage_key

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "hooks" / "career_allies"
TEMPLATES = ROOT / "overrides" / "partials" / "career-allies"
SCRIPTS = ROOT / "docs" / "assets" / "javascripts"
TYPES = set(FIELD_TYPES)


def python_files() -> list[Path]:
    return [p for p in sorted(ROOT.glob("hooks/**/*.py")) if p.name != "vocabulary.py" and ".egg-info" not in str(p)]


def test_python_does_not_restate_the_field_types():
    found = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            items = (
                node.keys
                if isinstance(node, ast.Dict)
                else node.elts
                if isinstance(node, (ast.Tuple, ast.List, ast.Set))
                else []
            )
            names = {i.value for i in items if isinstance(i, ast.Constant) and i.value in TYPES}
            if len(names) >= 2:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {sorted(names)}")
    assert found == [], "field types listed outside vocabulary.py (use FIELD_TYPES, CHOICE_TYPES...)"


def test_python_does_not_restate_the_storage_key_format():
    found = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # f"{site}:{kind}:{id}" and the like
            if isinstance(node, ast.JoinedStr):
                parts = [v.value if isinstance(v, ast.Constant) else None for v in node.values]
                if len(parts) >= 5 and all(v is None if i % 2 == 0 else v == ":" for i, v in enumerate(parts)):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Constant) and node.value in (":progress", ":unreadable"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert found == [], "the storage-key format written outside vocabulary.py (use storage_key)"


def test_templates_take_field_types_as_variables():
    found = []
    for path in sorted(TEMPLATES.glob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in re.finditer(r"\.type\s*(?:==|!=|in)\s*[\"'(\[]", line):
                found.append(f"{path.name}:{number}: {match.group(0)}")
    assert found == [], "templates compare field types with written names: use field_types.<name> or choice_types"
    used = set(re.findall(r"field_types\.(\w+)", (TEMPLATES / "fields.html").read_text(encoding="utf-8")))
    assert used == set(TYPE_NAMES), "fields.html needs one macro per field type in vocabulary.py"


@pytest.mark.parametrize("script", ["career-allies.js", "career-allies-forms.js", "my-plan.js"])
def test_scripts_read_types_and_keys_from_the_page(script):
    source = (SCRIPTS / script).read_text(encoding="utf-8")
    restated = [
        *re.findall(r"\b(?:f|field)\.type\s*[!=]==?\s*[\"'][^\"']*[\"']", source),  # f.type === "table"
        *re.findall(r"[\"']:(?:progress|unreadable)[\"']", source),  # site + ":progress"
        *re.findall(r"split\(\s*[\"']:[\"']\s*\)", source),  # key.split(":")
        *re.findall(r"\+\s*[\"']:[\"']", source),  # id + ":"
        *re.findall(r"(?:worksheet|checklist)\|(?:worksheet|checklist)", source),  # a key pattern
    ]
    assert restated == [], f"{script} restates what vocabulary.py hands it in the course index"


def test_keys_match_the_pattern_here_and_in_javascript():
    keys = [storage_key("example-corp", kind, "career-goals") for kind in KINDS] + [progress_key("example-corp")]
    keys.append(keys[0] + vocabulary.browser("x")["keys"]["unreadable"])
    bad = ["example-corp:notes:x", "Example:worksheet:x", "example-corp:worksheet:", "example-corp"]
    assert [bool(re.match(KEY_PATTERN, k)) for k in keys + bad] == [True] * len(keys) + [False] * len(bad)
    assert re.match(KEY_PATTERN, keys[0]).groups() == ("example-corp", "worksheet:career-goals")
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = "const [p, ks] = JSON.parse(process.argv[1]); console.log(JSON.stringify(ks.map(k => { const m = new RegExp(p).exec(k); return m && [m[1], m[2]]; })))"
    out = subprocess.run(
        [node, "-e", script, json.dumps([KEY_PATTERN, keys + bad])], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == [
        list(re.match(KEY_PATTERN, k).groups()) if re.match(KEY_PATTERN, k) else None for k in keys + bad
    ]


def test_the_browser_gets_the_key_format_for_its_site():
    """What the course index carries as "vocabulary" (the scripts read it)."""
    data = vocabulary.browser("example-corp")
    assert set(data) == {"keys", "scripts"}  # field types: told by a summary's shape, not by name
    assert data["keys"]["prefix"] == "example-corp:"
    assert data["keys"]["progress"] == progress_key("example-corp")
    json.dumps(data)
    # The page scripts by the names the build and the browser share: each is a file of the site.
    assert set(data["scripts"]) == {"forms", "plan"}
    docs = Path(__file__).resolve().parents[1] / "docs"
    for name, path in data["scripts"].items():
        assert (docs / path).is_file(), (name, path)


def test_each_setting_has_one_type_and_default():
    defaults = Settings()
    assert set(ATTRIBUTE) == set(TABLE), "every setting in the table is a Settings field, and no field lacks one"
    for path, (_kind, default) in TABLE.items():
        value = getattr(defaults, ATTRIBUTE[path])
        if path == "links":
            value = {k: vars(v) for k, v in value.items()}
        assert value == default, path
    assert Settings().contacts is not defaults.contacts  # no shared mutable default
    assert {f.name for f in fields(Settings)} - set(ATTRIBUTE.values()) == {"file", "lines"}


def test_the_upstream_settings_file_states_the_defaults():
    """organisation.yml documents every setting at its default: the same values as the table."""
    upstream = load_settings((ROOT / "organisation.yml").read_text(encoding="utf-8"))
    assert upstream == Settings(lines=upstream.lines)


def test_the_schema_guide_documents_every_field_type_and_its_keys():
    """docs/_data/SCHEMA.md's table of types: the same types, each with the keys it takes."""
    guide = (ROOT / "docs" / "_data" / "SCHEMA.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| ([^|]+) \|$", guide, re.M))
    assert set(rows) == set(FIELD_TYPES)
    for name, field_type in FIELD_TYPES.items():
        assert set(re.findall(r"`([a-z]+)`", rows[name])) == set(field_type.keys), name
