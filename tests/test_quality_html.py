"""HTML validity gate: the Nu HTML checker (vnu-jar, on the machine's Java)
finds no error on any built page.

One filter, for markup Material for MkDocs writes in its base template that
we cannot change without copying the whole template:

- `autocomplete="off"` on its two hidden checkbox toggles (`input.md-toggle`,
  ids `__drawer` and `__search`). HTML allows `autocomplete` only on text-like
  inputs, but Material sets it on purpose: without it Firefox restores the
  checkboxes on reload and the page opens with the drawer or search already
  open. Browsers ignore it otherwise, so it harms no one.

Everything else, in Material's markup or ours, is an error here.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from quality import VNU_JAR, need_node_tools

THEME_MARKUP = [
    (
        "autocomplete",
        'class="md-toggle"',
        "Material's drawer and search toggles: autocomplete=off stops Firefox restoring them open",
    ),
]


def allowed(message: dict) -> bool:
    return any(word in message.get("message", "") and extract in message.get("extract", "") for word, extract, _ in THEME_MARKUP)


def vnu(target) -> list[dict]:
    need_node_tools()
    java = shutil.which("java")
    if not java:
        pytest.fail("Java is missing: run `make test` (it installs a headless JRE when you are root) or `apt-get install default-jre-headless`")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", str(target)],
        capture_output=True,
        text=True,
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    try:
        return json.loads(result.stderr)["messages"]
    except ValueError:
        pytest.fail(f"vnu did not produce a report (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")


def test_every_built_page_is_valid_html(built_site):
    messages = vnu(built_site)
    errors = [m for m in messages if m["type"] in ("error", "non-document-error") and not allowed(m)]
    report = "\n".join(
        f"{m.get('url', '').split(str(built_site))[-1]}:{m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()[:160]}" for m in errors[:40]
    )
    assert not errors, f"{len(errors)} HTML errors:\n{report}"


def test_the_checker_catches_an_error(tmp_path):
    """The gate can fail: a stray end tag and a duplicate id are reported."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        '<body><p id="a">one</p><div id="a">two</div></p></body></html>',
        encoding="utf-8",
    )
    errors = [m for m in vnu(tmp_path) if m["type"] == "error"]
    text = " ".join(m["message"] for m in errors)
    assert "Duplicate ID" in text and "No “p” element in scope" in text, errors


def test_the_theme_filter_is_narrow(tmp_path):
    """The filter lets Material's toggles through and nothing else with autocomplete."""
    (tmp_path / "page.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
        '<input type="checkbox" id="mine" autocomplete="off" aria-label="mine">'
        "</body></html>",
        encoding="utf-8",
    )
    errors = [m for m in vnu(tmp_path) if m["type"] == "error"]
    assert len(errors) == 2, errors
    assert [allowed(m) for m in errors] == [True, False]
