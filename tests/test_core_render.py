"""Markdown in, HTML out: the `career_allies` extension without any site build.

Golden files live in tests/fixtures/render/*.html. After an intended template
change, regenerate them with `UPDATE_GOLDEN=1 make test` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import markdown
import pytest

from career_allies import DefinitionError

HERE = Path(__file__).parent
ROOT = HERE.parent
CONFIG = {
    "career_allies": {
        "definitions": str(HERE / "fixtures" / "defs"),
        "templates": [str(ROOT / "overrides" / "partials" / "career-allies")],
        "site_id": "test-site",
    }
}
EXTENSIONS = ["career_allies", "admonition", "toc", "pymdownx.superfences"]


def convert(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=CONFIG)


@pytest.mark.parametrize("name", ["every-field", "quick-check"])
def test_golden(name):
    source = HERE / "fixtures" / "render" / f"{name}.md"
    expected_file = source.with_suffix(".html")
    html = convert(source.read_text(encoding="utf-8"))
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(html, encoding="utf-8")
    assert html == expected_file.read_text(encoding="utf-8")


def test_root_attributes_and_storage_key():
    html = convert("<!-- worksheet: every-field -->\n\n<!-- checklist: quick-check -->")
    assert 'data-worksheet="every-field"' in html
    assert 'data-ca-key="test-site:worksheet:every-field"' in html
    assert 'data-checklist="quick-check"' in html
    assert 'data-ca-key="test-site:checklist:quick-check"' in html
    assert "data-score" in html and "data-band" in html


def test_every_control_has_a_real_label():
    html = convert("<!-- worksheet: every-field -->\n\n<!-- checklist: quick-check -->")
    ids = re.findall(r'<(?:input|textarea|select)[^>]*\sid="([^"]+)"', html)
    assert len(ids) > 20
    labels = set(re.findall(r'<label[^>]*\sfor="([^"]+)"', html))
    assert [i for i in ids if i not in labels] == []


def test_an_option_is_one_label_around_its_box():
    """Each radio button and check box sits inside its own label, the
    option itself: no wrapper element and no overlay to make the whole
    option the tap area (fewer elements for the page to style and lay out,
    issue 19)."""
    html = convert("<!-- worksheet: every-field -->\n\n<!-- checklist: quick-check -->")
    boxes = re.findall(r'<input type="(?:radio|checkbox)" id="([^"]+)"', html)
    assert len(boxes) > 10
    wrapped = re.findall(r'<label class="ca-option" for="([^"]+)"><input type="(?:radio|checkbox)" id="([^"]+)"', html)
    assert sorted(i for i, j in wrapped if i == j) == sorted(boxes)
    assert 'class="ca-option"' not in html.replace('<label class="ca-option"', "")


def test_a_form_writes_only_the_markup_something_reads():
    """Every data- attribute on a form is one the scripts or the stylesheet
    read (or Material's search, data-search-exclude), and `name` only groups
    radio buttons: the rest was bytes on every module page for nobody."""
    html = convert("<!-- worksheet: every-field -->\n\n<!-- checklist: quick-check -->")
    assets = ROOT / "docs" / "assets"
    readers = "".join(p.read_text(encoding="utf-8") for p in [*assets.glob("javascripts/*.js"), *assets.glob("stylesheets/*.css")])
    written = set(re.findall(r"\s(data-[a-z-]+)=", html)) - {"data-search-exclude"}
    assert len(written) > 10

    def read(attribute: str) -> bool:  # as written, or as the scripts' el.dataset.caInput
        name = re.sub(r"-([a-z])", lambda m: m.group(1).upper(), attribute.removeprefix("data-"))
        return attribute in readers or re.search(rf"\bdataset\.{name}\b|[\"']{name}[\"'] in\b", readers) is not None

    assert sorted(a for a in written if not read(a)) == []
    named = re.findall(r"<(?:input|textarea|select)\b[^>]*\sname=[^>]*>", html)
    assert named and [tag for tag in named if 'type="radio"' not in tag] == []
    checkboxes = re.findall(r'<input type="checkbox"[^>]*>', html)
    assert len(checkboxes) == 3 and all('data-ca-input="pick-many"' in tag for tag in checkboxes)


def test_a_field_type_the_templates_do_not_know_is_a_clear_error_not_a_missing_field():
    """The schema refuses unknown types first; should a type get past it
    (vocabulary.py and fields.html out of step), the form is not rendered
    without that field: the build stops, naming the type."""
    from career_allies.render import Renderer

    renderer = Renderer([ROOT / "overrides" / "partials" / "career-allies"])
    sheet = {"kind": "worksheet", "id": "odd", "title": "Odd", "intro": "", "fields": [
        {"id": "level", "type": "slider", "label": "How loud?", "help": ""}]}
    with pytest.raises(DefinitionError) as caught:
        renderer.html(sheet)
    message = str(caught.value)
    assert "worksheet.html" in message and "'odd'" in message and "slider" in message, message


def test_html_in_definitions_is_escaped_not_injected():
    html = convert("<!-- worksheet: every-field -->")
    assert "Every field &lt;b&gt;type&lt;/b&gt;" in html
    assert "<b>" not in html


def test_markdown_syntax_in_labels_is_not_interpreted():
    html = convert("<!-- worksheet: every-field -->")
    # The placeholder contains a colon and the intro a full stop; no inline
    # Markdown is applied inside worksheets, so text arrives exactly as written.
    assert 'placeholder="For example: Sam"' in html


def test_shortcode_inside_a_fence_is_left_alone():
    html = convert("```\n<!-- worksheet: every-field -->\n```")
    assert "data-worksheet" not in html
    assert "&lt;!-- worksheet: every-field --&gt;" in html


def test_shortcode_inside_an_admonition_renders_there():
    html = convert('!!! note\n\n    <!-- checklist: quick-check -->\n')
    assert re.search(r'<div class="admonition note">.*data-checklist="quick-check"', html, re.S)


def test_band_links_point_at_docs_relative_pages():
    html = convert("<!-- checklist: quick-check -->")
    assert '<a href="/goals.md">Goals</a>' in html


def test_unknown_id_raises_a_clear_error():
    with pytest.raises(DefinitionError) as caught:
        convert("<!-- worksheet: every-feild -->")
    assert "unknown worksheet id 'every-feild': did you mean 'every-field'?" in str(caught.value)


def _example(html: str, kind: str) -> str:
    form = re.search(rf'<section[^>]*data-{kind}=[\s\S]*?</section>', html).group(0)
    return re.search(r'<details class="ca-example">[\s\S]*?</details>', form).group(0)


def test_a_filled_in_example_shows_its_answers_as_text_in_a_closed_details():
    example = _example(convert("<!-- worksheet: every-field -->"), "worksheet")
    assert "<details class=\"ca-example\">" in example and " open" not in example
    assert "<summary class=\"ca-example__summary\">See how Leah filled it in</summary>" in example
    assert "<p>First line of the story.</p><p>Second line, after a blank one.</p>" in example
    assert "<p>31 March 2027</p>" in example and "<p>Tea, Water</p>" in example
    assert "4 out of 5" in example and "<strong>Why them:</strong> Knows the field" in example
    assert "&lt;em&gt;after&lt;/em&gt;" in example  # the note is text, escaped


def test_an_example_has_nothing_the_script_reads_as_an_answer():
    html = convert("<!-- worksheet: every-field -->\n\n<!-- checklist: quick-check -->")
    for kind in ("worksheet", "checklist"):
        example = _example(html, kind)
        assert not re.search(r"<(?:input|textarea|select|button)\b|\sname=|\sdata-|\sid=", example), example


def test_a_self_assessment_example_shows_each_chosen_label_its_score_and_band():
    example = _example(convert("<!-- checklist: quick-check -->"), "checklist")
    assert "<dt>I know what I want.</dt>\n<dd><p>Yes</p></dd>" in example
    assert "<dt>I have time.</dt>\n<dd><p>Partly</p></dd>" in example
    assert "I can take feedback." not in example  # left blank in the example
    assert "Score: <strong>5</strong> out of 8 · <strong>Getting there</strong>" in example


def test_a_definition_without_an_example_renders_no_details(tmp_path):
    for folder in ("worksheets", "checklists"):
        (tmp_path / folder).mkdir()
    (tmp_path / "worksheets" / "plain.yml").write_text("title: Plain\nfields:\n  - {id: one, type: text, label: One}\n", encoding="utf-8")
    config = {"career_allies": {**CONFIG["career_allies"], "definitions": str(tmp_path)}}
    html = markdown.markdown("<!-- worksheet: plain -->", extensions=EXTENSIONS, extension_configs=config)
    assert 'data-worksheet="plain"' in html and "ca-example" not in html


def test_other_html_comments_are_untouched():
    html = convert("<!-- a note for editors -->\n\nText.")
    assert "<!-- a note for editors -->" in html


# --- the build cache (cache_dir) ------------------------------------------


@pytest.fixture()
def fresh_process(monkeypatch):
    """Forget what this process has loaded and rendered, as a new build would."""
    from career_allies import extension

    for name in ("_catalogs", "_renderers", "_parts"):
        monkeypatch.setattr(extension, name, {})


def cached_convert(text: str, defs: Path, cache: Path) -> str:
    config = {"career_allies": {**CONFIG["career_allies"], "definitions": str(defs), "cache_dir": str(cache)}}
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=config)


SOURCE = "<!-- worksheet: every-field -->\n\n<!-- checklist: quick-check -->"


def test_a_second_build_reads_checked_definitions_and_forms_from_the_cache(tmp_path, fresh_process, monkeypatch):
    from career_allies import extension
    from career_allies.render import Renderer

    cache = tmp_path / "cache"
    first = cached_convert(SOURCE, HERE / "fixtures" / "defs", cache)
    assert first == convert(SOURCE)  # the cache changes nothing in the output
    assert len(list(cache.glob("form-*.json"))) == 2 and len(list(cache.glob("catalog-*.json"))) == 1

    for name in ("_catalogs", "_renderers", "_parts"):
        monkeypatch.setattr(extension, name, {})
    monkeypatch.setattr(extension, "load_catalog", lambda *a, **k: pytest.fail("definitions read again"))
    monkeypatch.setattr(Renderer, "html", lambda *a, **k: pytest.fail("form rendered again"))
    assert cached_convert(SOURCE, HERE / "fixtures" / "defs", cache) == first


def test_a_corrupt_or_foreign_cache_file_is_a_miss_not_an_error(tmp_path, fresh_process, monkeypatch):
    from career_allies import extension

    cache = tmp_path / "cache"
    first = cached_convert(SOURCE, HERE / "fixtures" / "defs", cache)
    files = sorted(cache.glob("*.json"))
    files[0].write_text("{not json", encoding="utf-8")
    files[1].write_text(f'{{"key": "{files[1].stem.split("-", 1)[1]}", "value": {{"tag": 1}}}}', encoding="utf-8")
    files[2].write_text('["a list"]', encoding="utf-8")
    for name in ("_catalogs", "_renderers", "_parts"):
        monkeypatch.setattr(extension, name, {})
    assert cached_convert(SOURCE, HERE / "fixtures" / "defs", cache) == first


def test_an_edited_definition_is_never_served_from_the_cache(tmp_path, fresh_process, monkeypatch):
    import shutil

    from career_allies import extension

    defs = tmp_path / "defs"
    shutil.copytree(HERE / "fixtures" / "defs", defs)
    cache = tmp_path / "cache"
    assert "Your name" in cached_convert(SOURCE, defs, cache)
    sheet = defs / "worksheets" / "every-field.yml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("label: Your name", "label: Your full name"), encoding="utf-8")
    for name in ("_catalogs", "_renderers", "_parts"):
        monkeypatch.setattr(extension, name, {})
    html = cached_convert(SOURCE, defs, cache)
    assert "Your full name" in html and "Your name<" not in html

    sheet.write_text("title: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(extension, "_catalogs", {})
    with pytest.raises(DefinitionError, match="every-field.yml"):
        cached_convert(SOURCE, defs, cache)


def test_files_are_looked_at_once_per_build_only_where_the_host_says_when_builds_start(tmp_path, fresh_process, monkeypatch):
    """Live reload: with no word from the host, every page sees an edited
    definition at once; after cache.begin_build() (the MkDocs hook calls it
    as each build starts) the files are looked at once per build, and the
    next build sees the edit."""
    import os
    import shutil

    from career_allies import cache

    defs = tmp_path / "defs"
    shutil.copytree(HERE / "fixtures" / "defs", defs)
    sheet = defs / "worksheets" / "every-field.yml"
    text = sheet.read_text(encoding="utf-8")

    def edit(label: str, when: int) -> None:
        sheet.write_text(text.replace("label: Your name", f"label: {label}"), encoding="utf-8")
        os.utime(sheet, ns=(when, when))  # a change time no file system can round away

    def page() -> str:
        config = {"career_allies": {**CONFIG["career_allies"], "definitions": str(defs)}}
        return markdown.markdown(SOURCE, extensions=EXTENSIONS, extension_configs=config)

    monkeypatch.setattr(cache, "_build", None)
    assert "Your name" in page()
    edit("Your full name", 10**18)
    assert "Your full name" in page()

    cache.begin_build()
    assert "Your full name" in page()
    edit("Your given name", 2 * 10**18)
    assert "Your full name" in page(), "within one build the files are looked at once"
    cache.begin_build()
    assert "Your given name" in page()


def test_the_collector_runs_less_often_during_a_build_and_as_before_after_it(monkeypatch):
    """A build makes millions of objects that reference counting frees; the
    cyclic collector's default (after every 700) cost 35-50 ms of a build
    freeing almost nothing. From the MkDocs hooks' on_startup (before any
    plugin's on_config), or cache.begin_build() for other hosts, it runs
    after every 20,000 or more, through the builds that follow (serve), and
    cache.end_build() puts back what the process had."""
    import gc
    import importlib.util

    from career_allies import cache

    spec = importlib.util.spec_from_file_location("site_hook_under_test", ROOT / "hooks" / "site.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    monkeypatch.setattr(cache, "_build", None)
    monkeypatch.setattr(cache, "_gc_before", None, raising=False)
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        hook.on_startup(command="build", dirty=False)
        assert gc.get_threshold()[0] >= 20_000, "from startup"
        cache.end_build()
        assert gc.get_threshold() == (700, 10, 10)
        cache.begin_build()
        assert gc.get_threshold()[0] >= 20_000, "from the start of a build"
        cache.begin_build()  # the next build under `mkdocs serve`
        assert gc.get_threshold()[0] >= 20_000
        cache.end_build()
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_a_key_named_like_a_dict_method_reads_as_its_value_as_under_minijinja(tmp_path):
    """`x.items` in a template is the definition's `items`, not dict.items
    (MiniJinja reads it so too); a missing key is still undefined, and a
    template may still call a dict's methods."""
    from career_allies.render import Renderer

    (tmp_path / "t.html").write_text("{{ d.items }}|{{ d.title }}|{{ d.missing is defined }}|{{ e.keys() | list }}", encoding="utf-8")
    out = Renderer([tmp_path]).page_part("t.html", d={"items": "three things", "title": "T"}, e={"a": 1})
    assert out == "three things|T|False|[&#39;a&#39;]"


@pytest.mark.parametrize("markup, kinds", [
    ('<section class="s" data-x="a &amp; b">\n  <p id="ca-x-title">Title</p>\n  <div>\n    <p>One\u00a0 two\n three</p>\n'
     '    <input type="text" />\n  </div>  <br/>\n  <p>Read <a href="/a/">this</a> first</p>\ntail\n</section>',
     ["tree", "html", "html", "tree"]),
    # The parser's way: a comment, and a '>' in a value
    ('<section title="a > b">\n  <!-- note -->\n  <div>\n    <p> x </p>\n  </div>\n</section>', ["html"]),
])
def test_a_form_is_cut_into_the_same_children_with_or_without_the_parsers_callbacks(monkeypatch, markup, kinds):
    """_split finds a form's children by splitting its markup at each '<' (no
    Python call per element) unless only the XML parser can tell; both ways
    give the same parts."""
    from career_allies import extension

    fast = extension._split(markup, lambda: None)
    monkeypatch.setattr(extension, "_children", lambda markup: None)
    assert extension._split(markup, lambda: None) == fast
    assert [part[0] for part in fast["children"]] == kinds
    assert len(kinds) < 3 or fast["children"][2] == ["html", "<br/>\n"]  # an empty element is its own child
