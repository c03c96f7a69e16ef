"""Hostile and unlucky input to the core (issue 15): YAML that would expand
or nest without end, links out of the site, data that looks like markup,
cache files of another shape. Each is refused with file and line, shown as
text, or treated as a miss; never a hang or a traceback."""

from __future__ import annotations

import json
import time

import markdown
import pytest

from career_allies import DefinitionError, load_catalog
from career_allies.cache import DiskCache
from career_allies.markup import markdown_text
from career_allies.organisation import Contact, Settings, contact_markdown, fill_placeholders, load_settings
from test_core_definitions import GOOD_CHECKLIST, GOOD_SHEET, make, problems
from test_core_render import HERE, SOURCE, cached_convert, fresh_process  # noqa: F401 (a fixture)

# Nine times nine ... six levels: 531,441 strings once expanded. Small enough
# that a loader which expands it only takes seconds, big enough to tell.
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]\n" for prev, name in zip("abcde", "bcdef", strict=True)
)


def settings_problems(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_settings(text)
    return [str(p) for p in caught.value.problems]


# ---------------------------------------------------------------- YAML


def test_yaml_aliases_are_refused_where_they_are_used(tmp_path):
    sheet = GOOD_SHEET + "intro: &words Some words\nx: *words\n"
    found = problems(tmp_path, worksheets={"s.yml": sheet})
    assert found == ["worksheets/s.yml:7: YAML aliases (*name, and '<<: *name' merges) are not supported here: write the value out in full"]


def test_a_billion_laughs_fails_at_once_with_a_line(tmp_path):
    started = time.monotonic()
    found = problems(tmp_path, worksheets={"s.yml": GOOD_SHEET + LAUGHS})
    assert time.monotonic() - started < 10  # a hang guard, not a speed goal: refusing takes milliseconds
    assert found[0].startswith("worksheets/s.yml:7: YAML aliases")
    started = time.monotonic()
    assert settings_problems(LAUGHS)[0].startswith("organisation.yml:2: YAML aliases")
    assert time.monotonic() - started < 10  # a hang guard, not a speed goal: refusing takes milliseconds


def test_deep_nesting_fails_with_a_line_not_a_recursion_error(tmp_path):
    deep = "fields: " + "[" * 700 + "]" * 700 + "\n"
    found = problems(tmp_path, worksheets={"s.yml": "title: Deep\n" + deep})
    assert found == ["worksheets/s.yml:2: values are nested more than 32 levels deep: no definition or setting needs that many; check the indentation and brackets"]
    assert settings_problems("links:\n  x: " + "[" * 700 + "]" * 700 + "\n")[0].startswith("organisation.yml:2: values are nested")


# ---------------------------------------------------------------- links


@pytest.mark.parametrize("page", ["/evil.example/login", "//evil.example/login", "https://evil.example/", "javascript:alert(1)", "../outside.md", "modules/../../x.md", "modules/a.html", "modules/a.md?x=1"])
def test_a_band_link_must_be_a_page_of_the_site(tmp_path, page):
    checklist = GOOD_CHECKLIST.replace("text: Go.}", f"text: Go., links: [{{title: Next, page: {json.dumps(page)}}}]}}")
    found = problems(tmp_path, checklists={"c.yml": checklist})
    assert found == [f"checklists/c.yml:8: 'page' in a link in band 2 should be a page of this site: the path of a .md file inside docs/, like modules/finding-mentors.md (with #a-heading if you like), not {page!r}"]


def test_band_links_are_listed_with_their_file_and_line(tmp_path):
    checklist = GOOD_CHECKLIST.replace("text: Go.}", "text: Go., links: [{title: Next, page: modules/next.md#step-2}]}")
    catalog = load_catalog(make(tmp_path, checklists={"c.yml": checklist}), relative_to=tmp_path)
    assert catalog.links == [["checklists/c.yml", 8, "modules/next.md#step-2"]]
    assert catalog.checklists["c"]["bands"][1]["links"] == [{"title": "Next", "page": "modules/next.md#step-2"}]


# ---------------------------------------------------------------- text into Markdown


HOSTILE = '<script>alert(1)</script> *em* _u_ `code` [link](https://evil.example) {: .x} :smile: & "q" | cell'


def test_text_put_into_markdown_shows_as_written():
    for where in ("{}", "# {}", "1. [{}](#x) · after", "| {} |"):
        html = markdown.markdown(where.format(markdown_text(HOSTILE)), extensions=["attr_list", "tables", "pymdownx.emoji"])
        for tag in ("<script", "<em", "<code", "<a href=\"https://evil", "<img", 'class="x"'):
            assert tag not in html, (where, html)
    assert markdown.markdown(markdown_text("# Not a heading")) == "<p>&#35; Not a heading</p>"
    assert markdown.markdown(markdown_text("1. Not a list")) == "<p>1&#46; Not a list</p>"


def test_placeholders_escape_their_values_but_not_the_links_the_code_builds():
    settings = load_settings(
        "organisation:\n  name: Smith & *Sons*\n"
        "links:\n  portal:\n    text: \"<b>Portal</b> [x](y)\"\n    url: https://intranet.example.com/wiki/Mentoring_(staff)\n"
    )
    out, found = fill_placeholders("At {{ organisation.name }}: {{ links.portal }}, {{ links.portal.text }} {{ links.portal.url }}", settings.values(), [], "x.md")
    assert found == []
    html = markdown.markdown(out)
    assert "Smith &#38; &#42;Sons&#42;" in html and "<em>" not in html and "<b>" not in html
    assert html.count('<a href="https://intranet.example.com/wiki/Mentoring_%28staff%29">') == 1
    assert "&#60;b&#62;Portal&#60;/b&#62; &#91;x&#93;(y)</a>" in html


def test_contacts_show_as_written():
    line = contact_markdown(Contact(name="<img src=x onerror=alert(1)>", role="*Lead*", email="a_b@example.com", phone="+44 20 7946 0000"))
    html = markdown.markdown(line)
    assert "<img" not in html and "<em>" not in html and '<a href="mailto:a_b@example.com">' in html


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", 'The "Allies"', "Allies &amp; Co", "A&B"])
def test_names_the_theme_prints_as_they_are_refuse_markup(name):
    for setting in ("programme", "organisation"):
        found = settings_problems(f"# a comment\n{setting}:\n  name: {json.dumps(name)}\n")
        assert len(found) == 1 and found[0].startswith(f"organisation.yml:3: '{setting}.name' can't contain "), found
        assert "header, menu and page titles" in found[0]


def test_the_home_intro_refuses_markup():
    """home.intro also becomes every page's <meta name="description">, which
    the theme writes as it is, inside an attribute."""
    for text in ('Hi "><script>window.x=1</script>', "Mentoring <b>for all</b>"):
        found = settings_problems(f"home:\n  intro: {json.dumps(text)}\n")
        assert len(found) == 1 and found[0].startswith("organisation.yml:2: 'home.intro' can't contain "), found
        assert "description" in found[0]
    assert load_settings("home:\n  intro: Mentoring & sponsorship, at your pace.\n").home_intro == "Mentoring & sponsorship, at your pace."


def test_names_with_a_spaced_ampersand_and_markdown_are_fine():
    settings = load_settings("programme:\n  name: Learning & Development *Allies* [1]\n")
    assert settings.programme_name == "Learning & Development *Allies* [1]"
    assert settings_problems("programme:\n  copyright: <b>(c)</b>\n")[0].startswith("organisation.yml:2: 'programme.copyright' can't contain '<'")


def test_web_addresses_with_markup_characters_are_refused():
    found = settings_problems('links:\n  portal:\n    text: Portal\n    url: "https://x.example/<script>"\n')
    assert found[0].startswith("organisation.yml:4: 'links.portal.url' should be a full web address")
    found = settings_problems('contacts:\n  - name: Ann\n    email: "a<b>@example.com"\n')
    assert found[0].startswith("organisation.yml:3: 'contacts[1].email' should be an email address")


def test_a_note_title_default_is_filled_from_the_settings():
    values = Settings(organisation_name="Smith & Sons").values()
    title, found = fill_placeholders("At {{ organisation.name }}", values, [], "n.md", escape=str)
    assert (title, found) == ("At Smith & Sons", [])


# ---------------------------------------------------------------- cache


SHAPES = {
    "catalog": [
        {"worksheets": [], "checklists": 1, "sources": "x", "links": None},
        {"worksheets": {"every-field": []}, "checklists": {}, "sources": {}, "links": []},
        [],
        "text",
    ],
    "form": [
        {"tag": "div", "attrib": {}, "text": "", "children": [[]]},
        {"tag": "div", "attrib": [], "text": 1, "children": 7},
        {"tag": "div", "attrib": {}, "text": "", "children": [["tree", 1, 2]]},
        {"tag": "div", "attrib": {}, "text": "", "children": [["tree", "<p>unclosed"]]},
        [1, 2],
    ],
}


@pytest.mark.parametrize("number", range(5))
def test_cache_files_of_another_shape_are_a_miss(tmp_path, fresh_process, monkeypatch, number):
    """Well-formed JSON, with the right key, that is not what we wrote."""
    from career_allies import extension

    cache = tmp_path / "cache"
    first = cached_convert(SOURCE, HERE / "fixtures" / "defs", cache)
    for path in cache.glob("*.json"):
        kind, key = path.stem.split("-", 1)
        shapes = SHAPES[kind]
        path.write_text(json.dumps({"key": key, "value": shapes[number % len(shapes)]}), encoding="utf-8")
        assert DiskCache(cache).get(kind, key) is None
    for name in ("_catalogs", "_renderers", "_parts"):
        monkeypatch.setattr(extension, name, {})
    assert cached_convert(SOURCE, HERE / "fixtures" / "defs", cache) == first


def test_a_cache_file_nested_too_deep_to_read_is_a_miss(tmp_path):
    (tmp_path / "form-k.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert DiskCache(tmp_path).get("form", "k") is None
    DiskCache(tmp_path).put("form", "k", {"a": (1, 2)})
    assert DiskCache(tmp_path).get("form", "k") == {"a": [1, 2]}
