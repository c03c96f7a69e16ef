"""Organisation settings (organisation.yml), placeholders, notes and module switches.

Unit tests of the core (`career_allies.organisation`, `career_allies.switches`),
then real strict builds: the example organisation in tests/fixtures/org built
into a copy of the site, and builds broken on purpose.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as etree
from html import unescape
from pathlib import Path

import markdown
import pytest

from career_allies import DefinitionError
from career_allies.organisation import (
    SLATE_SURFACES,
    WHITE,
    Settings,
    colours_css,
    contrast,
    duration_in_words,
    fill_placeholders,
    insert_note,
    load_settings,
    module_minutes,
    module_positions,
    note_block,
    parse_note,
)
from career_allies.shortcodes import FRONT_MATTER_RE, find_shortcodes
from career_allies.switches import SwitchedOffExtension, SwitchedOffTreeprocessor, apply_conditions, mentions, visible_text
from conftest import ENGINES, ROOT, build_fails, copy_project, engine_build, mkdocs_build, search_docs

FIXTURE = Path(__file__).parent / "fixtures" / "org"
TRACK = ["being-a-mentor", "feedback-and-stretch", "being-a-sponsor", "across-difference-and-endings"]
TRACK_FORMS = ['data-worksheet="first-meetings-plan"', 'data-checklist="mentor-self-check"', 'data-worksheet="sponsor-actions"', 'data-worksheet="mentoring-review"']
OFF = ["modules/sponsors-and-advocates.md", "modules/paying-it-forward.md", "make-it-yours.md"]


def course_index(site, html: str) -> dict:
    """The course index the browser gets: the script file the page names."""
    text = (site / re.search(r'data-ca-index-file="([^"]+)"', html).group(1)).read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))


def problems_of(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_settings(text)
    return [str(p) for p in caught.value.problems]


# ---------------------------------------------------------------- settings


def test_the_settings_file_states_the_built_in_defaults():
    """organisation.yml documents the defaults; reading it changes nothing."""
    from_file = load_settings((ROOT / "organisation.yml").read_text(encoding="utf-8"))
    defaults = load_settings(None)
    for name in ("organisation_name", "programme_name", "short_name", "home_intro", "copyright", "contacts", "links", "switched_off",
                 "pages_section", "pages", "logo", "favicon", "primary_colour", "accent_colour", "site_id"):
        assert getattr(from_file, name) == getattr(defaults, name), name
    assert defaults.site_id == "career-allies"


def test_a_partial_file_keeps_the_other_defaults():
    s = load_settings("organisation:\n  name: Example Corp\n")
    assert s.organisation_name == "Example Corp"
    assert s.programme_name == "Career Allies"
    assert s.links["mentoring_programme"].url == ""


def test_unknown_settings_name_the_line_and_suggest_the_fix():
    found = problems_of("organisation:\n  name: Example Corp\nprogramme:\n  nmae: Allies\nbrandng: {}\n")
    assert found == [
        "organisation.yml:4: unknown setting 'programme.nmae': did you mean 'programme.name'?",
        "organisation.yml:5: unknown setting 'brandng': did you mean 'branding'?",
    ]


def test_wrong_types_say_what_to_write():
    found = problems_of("organisation:\n  name: yes\nswitched_off: modules/start-here.md\nsite_id: Example Corp\n")
    assert found[0].startswith("organisation.yml:2: 'organisation.name' should be text, but YAML read True as a yes/no value: put it in quotes")
    assert found[1].startswith("organisation.yml:3: 'switched_off' should be a list")
    assert found[2].startswith("organisation.yml:4: 'site_id' should be lower-case letters, digits and hyphens")


def test_an_unquoted_colour_is_explained():
    found = problems_of("branding:\n  primary_colour: #0b5394\n")
    assert found == ["organisation.yml:2: 'branding.primary_colour' looks like a colour, but YAML reads '#' as the start of a comment: put it in quotes, like \"#17565c\""]


def test_contacts_and_links_are_checked():
    found = problems_of(
        "contacts:\n  - name: Priya\n  - role: Lead\n    email: lead@example.com\n  - name: Sam\n    emial: sam@example.com\n"
        "links:\n  intranet:\n    text: Intranet\n    url: intranet/home\n"
    )
    assert "organisation.yml:2: contacts[1] (Priya) has no way to reach them: add an email, phone or url" in found
    assert "organisation.yml:3: contacts[2] needs 'name:'" in found
    assert "organisation.yml:6: unknown setting 'emial' in contacts[3]: did you mean 'email'?" in found
    assert any(p.startswith("organisation.yml:10: 'links.intranet.url' should be a full web address") for p in found)


def test_yaml_syntax_errors_have_a_line():
    found = problems_of("organisation:\n  name: Example\n    bad: indent\n")
    assert found[0].startswith("organisation.yml:3: this line is indented more than the one above it")
    found = problems_of("organisation:\n  name: Example\n  site_id: [oops\n")
    assert found[0].startswith("organisation.yml:4: YAML syntax error")


@pytest.mark.parametrize("text, line, advice", [
    ("organisation:\n  name: Team: Mentoring\n", 2,
     'text with a colon in it goes in double quotes, like name: "Team: Mentoring". Write this line as name: "Team: Mentoring"'),
    ("programme:\n\tname: Mentoring\n", 2, "this line is indented with a tab: YAML needs spaces"),
    ('organisation:\n  name: "Team Mentoring\nsite_id: example\n', 2, "a quote opens on this line and never closes"),
    ('organisation:\n  name: "Team" Mentoring\n', 2, "quotes go round the whole text"),
])
def test_common_yaml_mistakes_say_what_to_do_with_the_line(text, line, advice):
    found = problems_of(text)
    assert found[0].startswith(f"organisation.yml:{line}: {advice}"), found


# ---------------------------------------------------------------- colours


def test_contrast_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_a_primary_colour_too_light_for_white_text_is_refused_with_a_darker_suggestion():
    found = problems_of('branding:\n  primary_colour: "#4a90e2"\n')
    assert len(found) == 1
    message = found[0]
    assert message.startswith("organisation.yml:2: 'branding.primary_colour' \"#4a90e2\" is too light to read")
    assert "3.2" in message and "4.5:1" in message
    suggestion = re.search(r'such as "(#[0-9a-f]{6})"', message).group(1)
    assert contrast(suggestion, WHITE) >= 4.5
    assert load_settings(f'branding:\n  primary_colour: "{suggestion}"\n').primary_colour == suggestion


@pytest.mark.parametrize("primary", ["#0b5394", "#17565c", "#6a1b9a", "#b00020", "#000000"])
def test_generated_colours_keep_text_readable_in_both_schemes(primary):
    css = colours_css(primary, "#8a2be2")
    values = dict(re.findall(r"(--[\w-]+): (#[0-9a-f]{6});", css.split('[data-md-color-scheme="slate"]')[1]))
    for surface in SLATE_SURFACES:  # links on the dark page, code and cards
        assert contrast(values["--md-typeset-a-color"], surface) >= 4.5
    assert contrast(values["--md-primary-fg-color"], WHITE) >= 4.5  # white header text, dark scheme
    light = re.search(r"--md-primary-fg-color--light: (#[0-9a-f]{6})", css).group(1)
    assert contrast(light, WHITE) >= 4.5


# ---------------------------------------------------------------- placeholders


VALUES = Settings(organisation_name="Example Corp").values(8)


def test_placeholders_are_filled_outside_code_only():
    text = "\n".join([
        "At {{ organisation.name }}, see {{links.mentoring_programme}}.",
        "Write `{{ organisation.name }}` to show the name.",
        "```text",
        "{{ organisation.name }} and {{ anything.at.all }}",
        "```",
        "There are {{ modules.count }} modules.",
    ])
    out, problems = fill_placeholders(text, VALUES, [], "docs/x.md")
    assert problems == []
    lines = out.split("\n")
    assert lines[0] == "At Example Corp, see any mentoring programme your workplace runs."
    assert lines[1] == "Write `{{ organisation.name }}` to show the name."
    assert lines[3] == "{{ organisation.name }} and {{ anything.at.all }}"
    assert lines[5] == "There are eight modules."


def test_a_link_placeholder_is_a_link_when_it_has_an_address():
    s = load_settings("links:\n  mentoring_programme:\n    text: the Circle\n    url: https://intranet.example.com/circle\n")
    out, _ = fill_placeholders("Join {{ links.mentoring_programme }} ({{ links.mentoring_programme.url }}).", s.values(), [], "x")
    assert out == "Join [the Circle](https://intranet.example.com/circle) (https://intranet.example.com/circle)."


def test_unknown_placeholders_give_file_line_and_suggestion():
    text = "Intro\n\nAt {{ organisation.nmae }} and {{ programme.title }}.\n{{ Not a key }}"
    _, problems = fill_placeholders(text, VALUES, [], "docs/modules/start-here.md", first_line=5)
    assert [str(p) for p in problems] == [
        "docs/modules/start-here.md:7: unknown placeholder '{{ organisation.nmae }}': did you mean '{{ organisation.name }}'?",
        "docs/modules/start-here.md:7: unknown placeholder '{{ programme.title }}': did you mean '{{ programme.name }}'?",
        "docs/modules/start-here.md:8: '{{ Not a key }}' is not a placeholder: write a setting name like {{ organisation.name }}, or put it in `backticks` to show it as code",
    ]


def test_module_number_and_total_count_within_the_pages_own_section():
    positions = module_positions([["modules/a.md", "modules/b.md", "modules/c.md"], ["modules/for-mentors/x.md", "modules/for-mentors/y.md"]])
    assert positions["modules/b.md"] == (2, 3) and positions["modules/for-mentors/y.md"] == (2, 2)
    values = Settings().values(3, positions["modules/for-mentors/y.md"])
    out, problems = fill_placeholders("**Module {{ module.number }} of {{ module.total }}** of {{ modules.count }}", values, [], "x")
    assert problems == [] and out == "**Module 2 of 2** of three"


def test_module_placeholders_off_a_module_page_give_file_and_line():
    _, problems = fill_placeholders("Intro\n\nThis is module {{ module.number }}.", VALUES, [], "docs/glossary.md")
    assert [str(p) for p in problems] == [
        "docs/glossary.md:3: '{{ module.number }}' only works on a module page (a page under docs/modules/ in a section of the navigation): write the words out here instead",
    ]


def test_contacts_is_a_block_placeholder():
    contacts = ["- **Priya Shah**, Lead · [p@example.com](mailto:p@example.com)", "- **People Team** · [x](https://x)"]
    out, problems = fill_placeholders("Ask:\n\n    {{ contacts }}\n", VALUES, contacts, "x")
    assert problems == []
    assert out.split("\n")[2:4] == ["    " + contacts[0], "    " + contacts[1]]
    _, problems = fill_placeholders("Ask {{ contacts }} today", VALUES, contacts, "x")
    assert "must stand on a line of its own" in str(problems[0])


# ---------------------------------------------------------------- notes

PAGE = "# Finding mentors\n\nIntro.\n\n## Where to look\n\nPlaces.\n\n### Remote\n\nMore.\n\n## What to look for\n\nFit.\n"


def test_a_note_goes_at_the_end_of_the_named_section():
    note = parse_note("---\nafter: Where to look\n---\n\nOur programme.\n", "docs/org/notes/m.md", "m.md")
    out, problem = insert_note(PAGE, note, note_block("At Example Corp", note.body))
    assert problem is None
    assert out.index("More.") < out.index("Our programme.") < out.index("## What to look for")
    assert '<p class="admonition-title">At Example Corp</p>' in out


def test_a_note_can_go_before_a_heading_or_at_the_end():
    note = parse_note("---\nbefore: what to look for\ntitle: Here\n---\nBody\n", "n.md", "m.md")
    out, _ = insert_note(PAGE, note, note_block(note.title, note.body))
    assert out.index("More.") < out.index("Body") < out.index("## What to look for")
    plain = parse_note("Body\n", "n.md", "m.md")
    out, _ = insert_note(PAGE, plain, note_block("T", plain.body))
    assert out.rstrip().endswith("</div>") and out.index("Fit.") < out.index("Body")


def test_a_note_for_a_missing_heading_or_with_unknown_settings_fails_clearly():
    note = parse_note("---\nafter: Where to lok\n---\nBody\n", "docs/org/notes/m.md", "modules/finding-mentors.md")
    _, problem = insert_note(PAGE, note, "x")
    assert str(problem) == "docs/org/notes/m.md:2: 'after: Where to lok': docs/modules/finding-mentors.md has no heading 'Where to lok': did you mean 'where to look'?"
    with pytest.raises(DefinitionError) as caught:
        parse_note("---\nplace: top\n---\nBody\n", "docs/org/notes/m.md", "m.md")
    assert str(caught.value.problems[0]) == "docs/org/notes/m.md:2: unknown note setting 'place': use title, before or after"


def test_note_body_line_numbers_count_the_front_matter():
    note = parse_note("---\ntitle: T\n---\n\nLine five {{ nope }}\n", "n.md", "m.md")
    _, problems = fill_placeholders(note.body, VALUES, [], "n.md", note.body_line)
    assert problems[0].line == 5


# ---------------------------------------------------------------- switched-off links


def test_links_to_switched_off_pages_become_text_cards_go_and_numbers_close_up():
    ext = SwitchedOffExtension(off={"modules/b.md"}, modules=["modules/a.md", "modules/c.md"])
    ext.current = "index.md"
    text = "\n".join([
        "See [module B](modules/b.md#part) and [module C](modules/c.md), [web](https://example.com/b.md).",
        "",
        "[Go to B](modules/b.md){ .md-button } and more.",
        "",
        '<div class="grid cards" markdown>',
        "",
        "-   **1 · [A](modules/a.md)**",
        "",
        "    About A.",
        "",
        "-   **2 · [B](modules/b.md)**",
        "",
        "    About B.",
        "",
        "-   **3 · [C](modules/c.md)**",
        "",
        "    About C.",
        "",
        "</div>",
    ])
    html = markdown.markdown(text, extensions=["attr_list", "md_in_html", ext])
    assert 'href="modules/b.md' not in html
    assert "<span>module B</span>" in html and 'href="modules/c.md"' in html and "https://example.com/b.md" in html
    assert "Go to B" not in html and "and more." in html
    assert "About B" not in html
    assert "<strong>1 · <a" in html and "<strong>2 · <a href=\"modules/c.md\">C" in html

    ext.current = "modules/c.md"
    html = markdown.markdown('<p class="ca-module-meta" markdown>**Module 3 of 3** · about</p>\n\n[B](b.md)', extensions=["md_in_html", ext])
    assert "<strong>Module 2 of 2</strong>" in html and "<span>B</span>" in html


def test_a_track_in_its_own_folder_is_numbered_apart_and_its_map_group_goes_when_empty():
    course = ["modules/a.md", "modules/b.md"]
    track = ["modules/for-mentors/x.md", "modules/for-mentors/y.md", "modules/for-mentors/z.md"]
    ext = SwitchedOffExtension(off={"modules/for-mentors/x.md"}, modules=course + track[1:])
    ext.current = "modules/for-mentors/z.md"
    html = markdown.markdown('<p class="ca-module-meta" markdown>**Module 3 of 3** · about</p>', extensions=["md_in_html", ext])
    assert "<strong>Module 2 of 2</strong>" in html
    ext.current = "modules/b.md"
    html = markdown.markdown('<p class="ca-module-meta" markdown>**Module 2 of 2** · about</p>', extensions=["md_in_html", ext])
    assert "<strong>Module 2 of 2</strong>" in html

    def course_map(off: set[str]) -> str:
        on = [m for m in course + track if m not in off]
        ext = SwitchedOffExtension(off=off, modules=on)
        ext.current = "index.md"
        text = "\n".join([
            '<div class="grid cards" markdown>', "", "-   **1 · [A](modules/a.md)**", "", "</div>", "",
            '<div class="ca-map-group" markdown>', "", "## For mentors", "", "Four short modules.", "",
            '<div class="grid cards" markdown>', "",
            *[f"-   **{n} · [{p[-4].upper()}]({p})**\n" for n, p in enumerate(track, start=1)],
            "</div>", "", "</div>", "", "After the map.",
        ])
        return markdown.markdown(text, extensions=["attr_list", "md_in_html", ext])

    html = course_map({"modules/for-mentors/x.md"})
    assert "For mentors" in html and "<strong>1 · <a href=\"modules/for-mentors/y.md\">Y" in html
    assert "<strong>2 · <a href=\"modules/for-mentors/z.md\">Z" in html
    html = course_map(set(track))
    assert "For mentors" not in html and "Four short modules" not in html and "ca-map-group" not in html
    assert "<strong>1 · <a href=\"modules/a.md\">A" in html and "After the map." in html


# ---------------------------------------------------------------- if-blocks and traces of switched-off modules


def conditions(text: str, off: set[str]) -> tuple[str, list[int], list[str]]:
    known = {"modules/a.md", "modules/b.md", "modules/track/c.md"}

    def is_on(path: str) -> bool | None:
        if path.endswith("/"):
            inside = [k for k in known if k.startswith(path)]
            return any(k not in off for k in inside) if inside else None
        return path not in off if path in known else None

    out, kept, problems = apply_conditions(text, is_on, "docs/x.md", 3)
    return out, kept, [str(p) for p in problems]


def test_if_blocks_keep_or_drop_their_lines_nest_and_turn_round_with_else():
    text = "\n".join([
        "Intro.",
        "<!-- if on: modules/a.md -->",
        "See A.",
        "  <!-- if off: modules/b.md, modules/track/ -->",
        "  B or the track is off.",
        "  <!-- else -->",
        "  B and the track are on.",
        "  <!-- end if -->",
        "<!-- else -->",
        "A is off.",
        "<!-- end if -->",
        "```",
        "<!-- if on: modules/nowhere.md -->",
        "```",
        "End.",
    ])
    out, kept, problems = conditions(text, set())
    assert out.split("\n") == ["Intro.", "See A.", "  B and the track are on.", "```", "<!-- if on: modules/nowhere.md -->", "```", "End."]
    assert kept == [3, 5, 9, 14, 15, 16, 17] and not problems
    assert conditions(text, {"modules/track/c.md"})[0].split("\n")[1:3] == ["See A.", "  B or the track is off."]
    assert conditions(text, {"modules/a.md"})[0].split("\n")[:2] == ["Intro.", "A is off."]


@pytest.mark.parametrize("address", [False, True])
def test_where_to_go_next_links_to_switched_off_modules_leave_the_list(address):
    ext = SwitchedOffExtension(off={"modules/b.md", "modules/d.md"}, modules=["modules/a.md", "modules/c.md"])
    ext.current = "modules/x.md"

    def entry(page: str, title: str) -> str:
        where = f'<span class="ca-band__address"> (example.org/{page})</span>' if address else ""
        return f'<a href="/{page}">{title}</a>{where}'

    def band(*pages: str) -> str:
        """The band's links as the self-assessment template writes them, through the extension."""
        links = ", ".join(entry(p, p[8].upper()) for p in pages)
        root = etree.fromstring(f'<div><div class="ca-band"><p class="ca-band__links">Where to go next:\n{links}\n</p></div></div>')
        SwitchedOffTreeprocessor(markdown.Markdown(), ext).run(root)
        return " ".join(text_of(etree.tostring(root, encoding="unicode")).split()).replace(" ,", ",")

    assert band("modules/a.md", "modules/b.md", "modules/c.md").startswith("Where to go next: A")
    kept = band("modules/a.md", "modules/b.md", "modules/c.md")
    assert "B" not in kept and "b.md" not in kept and kept.replace(" (example.org/modules/a.md)", "").replace(" (example.org/modules/c.md)", "") == "Where to go next: A, C"
    assert band("modules/a.md", "modules/d.md").replace(" (example.org/modules/a.md)", "") == "Where to go next: A"
    assert band("modules/b.md", "modules/d.md") == ""


def test_unbalanced_misspelt_or_unknown_if_blocks_give_file_and_line():
    assert conditions("<!-- if on: modules/a.md -->\nText.", set())[2] == [
        "docs/x.md:3: this if-block has no '<!-- end if -->': add one on a line of its own after the text it covers"]
    assert conditions("Text.\n<!-- end if -->", set())[2][0].startswith("docs/x.md:4: '<!-- end if -->' without an if-block before it")
    assert conditions("<!-- else -->", set())[2][0].startswith("docs/x.md:3: '<!-- else -->' without an if-block")
    assert conditions("Text <!-- if on: modules/a.md --> inline", set())[2][0].startswith("docs/x.md:3: 'Text <!-- if on: modules/a.md --> inline' looks like part of an if-block")
    assert conditions("<!-- if on: modules/a.mdx -->\n<!-- end if -->", set())[2][0].startswith("docs/x.md:3: there is no page docs/modules/a.mdx")


def test_traces_are_titles_or_paths_as_written_outside_code():
    titles = {"modules/finding-mentors.md": "Finding mentors", "modules/start-here.md": "Start here"}
    assert mentions("Read Finding mentors next.", titles) == [("modules/finding-mentors.md", "Finding mentors")]
    assert mentions("See modules/start-here.md.", titles) == [("modules/start-here.md", "modules/start-here.md")]
    assert mentions("You are finding mentors; start here.", titles) == []
    assert visible_text("<p>A <code>Finding mentors</code> &amp; B</p>") .split() == ["A", "&", "B"]


def test_the_course_time_is_added_up_from_meta_lines_and_said_in_words():
    assert module_minutes("<p>**Module 1 of 10** · **Time:** about 45 minutes</p>") == 45
    assert module_minutes("No meta line") == 0
    assert [duration_in_words(m) for m in (40, 420, 375, 340, 60, 75)] == [
        "40 minutes", "seven hours", "six and a half hours", "five and a half hours", "one hour", "one and a half hours"]
    assert Settings().values(10, course_minutes=420)["course.time"] == "seven hours"


def _site_pages(docs: Path) -> list[str]:
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if not p.relative_to(docs).as_posix().startswith(("_", "org/")))


def test_any_one_module_or_the_track_switched_off_leaves_no_trace_on_any_page(monkeypatch):
    """What the build checks, over every page, for each module switched off
    in turn and for the track: the shipped pages must pass all of them. Only
    pages that could name the module (in their text or their forms) are
    rendered, to keep this quick; the real builds above cover the rest."""
    from mkdocs.config import load_config

    monkeypatch.chdir(ROOT)
    config = load_config(str(ROOT / "mkdocs.yml"))
    extensions = [e for e in config.markdown_extensions if e != "toc"]
    docs = ROOT / "docs"
    pages = _site_pages(docs)
    modules = [p for p in pages if p.startswith("modules/")]
    titles = {p: re.search(r"^# (.+)$", (docs / p).read_text(encoding="utf-8"), re.M).group(1).strip() for p in modules}
    sources = {}
    for page in pages:
        text = (docs / page).read_text(encoding="utf-8")
        forms = "".join((docs / "_data" / f"{s.kind}s" / f"{s.id}.yml").read_text(encoding="utf-8") for s in find_shortcodes(text))
        sources[page] = text + forms
    cases = [[m] for m in modules] + [[m for m in modules if m.startswith("modules/for-mentors/")]]
    traces = []
    for off in cases:
        gone = set(off)
        ext = SwitchedOffExtension(off=gone, modules=[m for m in modules if m not in gone])

        def is_on(path: str, gone: set[str] = gone) -> bool | None:
            inside = [p for p in pages if p.startswith(path)] if path.endswith("/") else [path] if path in pages else []
            return any(p not in gone for p in inside) if inside else None

        for page in pages:
            if page in gone or not any(needle in sources[page] for m in off for needle in (titles[m], m.split("/")[-1][:-3])):
                continue
            text = (docs / page).read_text(encoding="utf-8")
            body = text[FRONT_MATTER_RE.match(text).end():] if FRONT_MATTER_RE.match(text) else text
            body, _, problems = apply_conditions(body, is_on, f"docs/{page}")
            assert not problems, problems
            ext.current = page
            html = markdown.Markdown(extensions=[*extensions, ext], extension_configs=config.mdx_configs).convert(re.sub(r"\{\{[^}]*\}\}", "x", body))
            traces += [f"{page} with {'+'.join(off)} off: {what}" for _, what in mentions(visible_text(html), {m: titles[m] for m in off})]
    assert not traces, "\n".join(traces)


# ---------------------------------------------------------------- real builds


def example_org(project: Path) -> Path:
    """Lay the example organisation's files over a copy of the site."""
    shutil.copy(FIXTURE / "organisation.yml", project / "organisation.yml")
    shutil.copytree(FIXTURE / "docs", project / "docs", dirs_exist_ok=True)
    return project


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module", params=ENGINES)
def org_site(request, tmp_path_factory) -> Path:
    """The example organisation built by each engine (tests using it run for both)."""
    project = copy_project(tmp_path_factory.mktemp(f"org-{request.param}") / "project")
    example_org(project)
    result = engine_build(request.param, project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    return project / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_example_org_name_logo_colours_and_footer_contacts(org_site):
    home = (org_site / "index.html").read_text(encoding="utf-8")
    assert "<title>Career Allies at Example Corp</title>" in home
    assert '<h1 id="career-allies-at-example-corp">Career Allies at Example Corp' in home
    # ("./" before a path: Zensical writes it so, MkDocs does not.)
    assert re.search(r'src="(\./)?org/logo\.svg"', home) and re.search(r'rel="icon" href="(\./)?org/favicon\.svg"', home)
    assert re.search(r'href="(\./)?assets/stylesheets/organisation-colours\.css"', home)
    css = (org_site / "assets" / "stylesheets" / "organisation-colours.css").read_text(encoding="utf-8").replace(" ", "")
    assert re.search(r"--ca-primary:#0b5394[;}]", css) and re.search(r"--ca-accent:#8a2be2[;}]", css)
    for page in pages(org_site):
        html = page.read_text(encoding="utf-8")
        footer = text_of(html.split('<div class="md-copyright">', 1)[1].split("</footer>", 1)[0])
        assert "© Example Corp · Adapted from Career Allies (CC BY 4.0)" in footer, page
        assert "Ask Priya Shah (Mentoring programme lead), mentoring@example.com or People Team, intranet.example.com/people" in " ".join(footer.split()), page


def test_example_org_notes_appear_where_placed(org_site):
    home = (org_site / "index.html").read_text(encoding="utf-8")
    note = " ".join(home.split('<div class="admonition note ca-org-note" role="note">', 1)[1].split("</div>", 1)[0].split())
    assert '<p class="admonition-title">At Example Corp</p>' in note
    assert "next cohort starts in March" in note
    assert '<a href="mailto:mentoring@example.com">mentoring@example.com</a>' in note
    assert home.index("ca-org-note") < home.index('id="the-course-map"')
    module = (org_site / "modules" / "finding-mentors" / "index.html").read_text(encoding="utf-8")
    at = module.index('<p class="admonition-title">Where to look at Example Corp</p>')
    assert module.index('id="where-to-look"') < at < module.index('id="what-to-look-for"')
    assert '<a href="https://intranet.example.com/mentoring-circle">the Example Corp Mentoring Circle</a>' in module
    # Only pages with a note get one; the note for a switched-off page is left out.
    assert sum("ca-org-note" in p.read_text(encoding="utf-8") for p in pages(org_site)) == 2


def test_example_org_own_page_is_in_the_nav_with_placeholders_filled(org_site):
    page = (org_site / "org" / "our-programme" / "index.html").read_text(encoding="utf-8")
    assert "<h1 id=\"the-career-allies-at-example-corp-programme\">" in page
    assert '<a href="https://learn.example.com/">the learning portal</a> (https://learn.example.com/)' in page
    assert "Module count:\neight. Time: about five and a half hours." in page
    assert "ask about our mentor training." in page and "Paying it forward" not in page
    assert "<li><strong>Priya Shah</strong>, Mentoring programme lead" in page
    assert "<code>{{ organisation.name }}</code>" in page and "{{ not.a.setting }}" in page
    home = (org_site / "index.html").read_text(encoding="utf-8")
    nav = home.split('<nav class="md-nav md-nav--primary"', 1)[1]
    assert nav.index("Home") < nav.index("How it works here") < nav.index("Course")
    assert re.search(r'href="(\./)?org/our-programme/"', nav)


def test_switched_off_pages_are_gone_everywhere(org_site):
    gone = ["modules/sponsors-and-advocates", "modules/paying-it-forward", "make-it-yours"]
    for path in gone:
        assert not (org_site / path).exists(), f"{path} was built"
    index = search_docs(org_site)
    locations = {d["location"].split("#")[0] for d in index}
    assert not [loc for loc in locations if any(loc.startswith(g) for g in gone)]
    assert "Sponsorship readiness" not in json.dumps(index)
    sitemap = (org_site / "sitemap.xml").read_text(encoding="utf-8")
    for path in gone:
        assert path not in sitemap
        for page in pages(org_site):
            assert f"{path.split('/')[-1]}/" not in page.read_text(encoding="utf-8").replace("org/", ""), f"a link to {path} is left in {page}"
    # Pages that named them say it another way (their if-blocks).
    guide = text_of((org_site / "facilitator-guide" / "index.html").read_text(encoding="utf-8"))
    assert "Sponsors and advocates" not in guide and "Paying it forward" not in guide
    assert "The course's modules on this theme" in guide and "Start here" in guide


def test_switched_off_modules_leave_the_course_map_pack_and_plan_and_numbers_close_up(org_site):
    home = (org_site / "index.html").read_text(encoding="utf-8")
    course_map = home.split("ca-course-map", 1)[1].split("</ul>", 1)[0]
    numbers = re.findall(r"<strong>(\d+) · <a", course_map)
    assert numbers == [str(n) for n in range(1, 9)]
    assert "Sponsors and advocates" not in course_map and "Paying it forward" not in course_map
    metas = {p.parent.name: re.search(r"Module (\d+) of (\d+)", p.read_text(encoding="utf-8")).groups()
             for p in (org_site / "modules").glob("*/index.html")}
    assert metas["start-here"] == ("1", "8") and metas["building-the-relationship"] == ("6", "8") and metas["when-it-gets-hard"] == ("8", "8")
    pack = (org_site / "worksheets" / "index.html").read_text(encoding="utf-8")
    assert "data-worksheet=\"visibility-plan\"" not in pack and "data-checklist=\"ready-to-mentor\"" not in pack
    assert "data-worksheet=\"career-goals\"" in pack
    # The course index the browser gets (My plan, progress) lists only the modules left on.
    data = course_index(org_site, home)
    assert data["site"] == "example-corp"
    assert [m["id"] for m in data["modules"]] == ["start-here", "know-what-you-want", "mentors-sponsors-coaches", "finding-mentors",
                                                  "making-the-approach", "building-the-relationship", "guidance-into-progress", "when-it-gets-hard",
                                                  *TRACK]
    # The track for mentors and sponsors, left on, keeps its own numbers.
    for number, name in enumerate(TRACK, start=1):
        track_page = (org_site / "modules" / "for-mentors" / name / "index.html").read_text(encoding="utf-8")
        assert f"Module {number} of 4" in track_page, name


def test_no_built_page_names_the_switched_off_modules(org_site):
    for page in pages(org_site):
        html = page.read_text(encoding="utf-8")
        text = text_of(re.sub(r"<code>.*?</code>|<pre.*?</pre>", "", html, flags=re.S))
        for gone in ("Sponsors and advocates", "Paying it forward", "sponsors-and-advocates", "paying-it-forward"):
            assert gone not in text and gone not in html.replace("org/notes", ""), f"{gone} is still on {page}"


def test_example_org_home_intro_short_name_and_course_time(org_site):
    home = (org_site / "index.html").read_text(encoding="utf-8")
    assert '<p class="ca-lede">Mentoring at Example Corp: six weeks, with a group.</p>' in home
    assert "A free, self-paced course" not in home and "copy the whole" not in home
    assert "About five and a half hours in all" in home
    topic = home.split('<div class="md-header__topic">', 1)[1].split("</div>", 1)[0]
    assert "Example Allies" in topic and "<title>Career Allies at Example Corp</title>" in home


def test_example_org_site_id_prefixes_every_storage_key(org_site):
    module = (org_site / "modules" / "know-what-you-want" / "index.html").read_text(encoding="utf-8")
    keys = re.findall(r'data-ca-key="([^"]+)"', module)
    assert keys and all(k.startswith("example-corp:") for k in keys)


def test_the_open_course_has_the_guides_and_no_unfilled_placeholders(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="career-allies">Career Allies' in home
    assert 'href="facilitator-guide/"' in home and 'href="make-it-yours/"' in home
    assert "ca-org-note" not in home and "ca-footer-contacts" not in home
    for page in pages(built_site):
        html = page.read_text(encoding="utf-8")
        outside_code = re.sub(r"<code>.*?</code>|<pre.*?</pre>", "", html, flags=re.S)
        assert "{{" not in text_of(outside_code), f"an unfilled placeholder in {page}"
    guide = text_of((built_site / "facilitator-guide" / "index.html").read_text(encoding="utf-8"))
    assert "Learn the basics of any mentoring programme your workplace runs" in " ".join(guide.split())


def test_the_track_for_mentors_and_sponsors_is_built_with_its_forms_and_listed_everywhere(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    glossary = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    nav = glossary.split('<nav class="md-nav md-nav--primary"', 1)[1]
    assert nav.index("Course") < nav.index("For mentors and sponsors") < nav.index("Your work")
    data = course_index(built_site, home)
    assert [m["id"] for m in data["modules"]][-4:] == TRACK
    pack = (built_site / "worksheets" / "index.html").read_text(encoding="utf-8")
    plan = (built_site / "my-plan" / "index.html").read_text(encoding="utf-8")
    locations = {d["location"] for d in json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]}
    for number, (name, form) in enumerate(zip(TRACK, TRACK_FORMS, strict=True), start=1):
        page = (built_site / "modules" / "for-mentors" / name / "index.html").read_text(encoding="utf-8")
        assert form in page and f"Module {number} of 4" in page and "Talk about this with your mentee" in page, name
        assert f'<strong>{number} · <a href="modules/for-mentors/{name}/">' in home, name
        assert form in pack and f"modules/for-mentors/{name}/" in plan, name
        assert f"modules/for-mentors/{name}/" in locations, name
    assert "Module 10 of 10" in (built_site / "modules" / "paying-it-forward" / "index.html").read_text(encoding="utf-8")


def test_switching_off_the_track_folder_removes_its_four_modules_everywhere(tmp_path_factory):
    project = tmp_path_factory.mktemp("track-off") / "project"
    project.mkdir()
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "organisation.yml").write_text("switched_off:\n  - modules/for-mentors/\n", encoding="utf-8")
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    assert not (site / "modules" / "for-mentors").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "For mentors and sponsors" not in nav and "for-mentors/" not in nav
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if "for-mentors" in d["location"]]
    assert "Mentor self-check" not in json.dumps(index)
    # The course map loses the whole group, heading and all; the course keeps its numbers.
    main = home.split('<article class="md-content__inner', 1)[1]
    assert "for-mentors/" not in main and "For mentors and sponsors" not in main
    assert re.findall(r"<strong>(\d+) · <a", main) == [str(n) for n in range(1, 11)]
    data = course_index(site, home)
    assert len(data["modules"]) == 10 and not set(TRACK) & {m["id"] for m in data["modules"]}
    plan = (site / "my-plan" / "index.html").read_text(encoding="utf-8")
    assert "Plan your first three meetings" not in plan and "Sponsor actions" not in plan
    pack = (site / "worksheets" / "index.html").read_text(encoding="utf-8")
    assert not [form for form in TRACK_FORMS if form in pack] and 'data-worksheet="career-goals"' in pack
    start = (site / "modules" / "start-here" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Module 1 of 10", start)
    # The learner's hand-out stays; its pointer into the track goes.
    sheet = text_of((site / "for-your-mentor" / "index.html").read_text(encoding="utf-8"))
    assert "Being a mentor" not in sheet and "To read more" not in sheet and "For your mentor" in sheet


# ---------------------------------------------------------------- builds that must fail


def test_two_modules_with_one_file_name_fail_clearly(site_copy):
    shutil.copy(site_copy / "docs" / "modules" / "start-here.md", site_copy / "docs" / "modules" / "for-mentors" / "start-here.md")
    config = site_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      - modules/for-mentors/being-a-mentor.md\n", "      - modules/for-mentors/being-a-mentor.md\n      - modules/for-mentors/start-here.md\n"), encoding="utf-8")
    output = build_fails(site_copy)
    assert "docs/modules/for-mentors/start-here.md: a module's file name is its id (for progress and My plan), and docs/modules/start-here.md has the same one: rename one of them" in output


def test_switching_off_a_folder_that_does_not_exist_fails_with_file_and_line(site_copy):
    (site_copy / "organisation.yml").write_text(
        "organisation:\n  name: Example Corp\nswitched_off:\n  - modules/for-mentor/\n  - ./\n", encoding="utf-8"
    )
    output = build_fails(site_copy)
    assert "organisation.yml:4: there is no folder of pages docs/modules/for-mentor/ to switch off: did you mean modules/for-mentors/?" in output
    assert "organisation.yml:5: './' holds the home page, which can't be switched off" in output


def test_an_unknown_placeholder_fails_with_file_and_line(site_copy):
    page = site_copy / "docs" / "modules" / "start-here.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\nAsk {{ organisation.nmae }} about it.\n"
    page.write_text(text, encoding="utf-8")
    line = len(text.rstrip("\n").split("\n"))
    output = build_fails(site_copy)
    assert f"docs/modules/start-here.md:{line}: unknown placeholder '{{{{ organisation.nmae }}}}': did you mean '{{{{ organisation.name }}}}'?" in output


def test_module_numbers_follow_each_nav_section_and_fail_off_a_module_page(site_copy):
    """A second nav section of module pages counts from 1; {{ modules.count }}
    stays the learner course; {{ module.number }} elsewhere stops the build."""
    track = site_copy / "docs" / "modules" / "second-track"
    track.mkdir()
    for name in ("first-page", "second-page"):
        (track / f"{name}.md").write_text(f"# {name}\n\n**Module {{{{ module.number }}}} of {{{{ module.total }}}}** of {{{{ modules.count }}}}\n", encoding="utf-8")
    config = site_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - Your work:\n", "  - A second track:\n      - modules/second-track/first-page.md\n      - modules/second-track/second-page.md\n  - Your work:\n", 1), encoding="utf-8")
    result = mkdocs_build(config, site_copy / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    second = (site_copy / "site" / "modules" / "second-track" / "second-page" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Module 2 of 2</strong> of ten" in second
    course = (site_copy / "site" / "modules" / "know-what-you-want" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Module 2 of 10</strong>" in course

    glossary = site_copy / "docs" / "glossary.md"
    lines = glossary.read_text(encoding="utf-8").rstrip("\n").split("\n") + ["", "Module {{ module.total }}."]
    glossary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert f"docs/glossary.md:{len(lines)}: '{{{{ module.total }}}}' only works on a module page" in build_fails(site_copy)


def test_a_placeholder_line_counts_front_matter(site_copy):
    page = site_copy / "docs" / "index.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    page.write_text(text.replace("# {{ programme.name }}", "# {{ programme.nam }}"), encoding="utf-8")
    line = text.split("\n").index("# {{ programme.name }}") + 1
    assert f"docs/index.md:{line}: unknown placeholder '{{{{ programme.nam }}}}'" in build_fails(site_copy)


def test_a_note_for_a_missing_page_fails_with_the_note_file(site_copy):
    notes = site_copy / "docs" / "org" / "notes" / "modules"
    notes.mkdir(parents=True)
    (notes / "finding-mentor.md").write_text("At our place, ask HR.\n", encoding="utf-8")
    output = build_fails(site_copy)
    assert "docs/org/notes/modules/finding-mentor.md: there is no page docs/modules/finding-mentor.md to add this note to: did you mean modules/finding-mentors.md?" in output


def test_a_note_with_an_unknown_placeholder_or_worksheet_fails_with_its_own_line(site_copy):
    notes = site_copy / "docs" / "org" / "notes"
    notes.mkdir(parents=True)
    (notes / "glossary.md").write_text("---\ntitle: Here\n---\n\nAsk {{ contact }}.\n\n<!-- worksheet: carer-goals -->\n", encoding="utf-8")
    output = build_fails(site_copy)
    assert "docs/org/notes/glossary.md:5: unknown placeholder '{{ contact }}': did you mean '{{ contacts }}'?" in output
    assert "docs/org/notes/glossary.md:7: unknown worksheet id 'carer-goals': did you mean 'career-goals'?" in output


def test_a_page_still_naming_a_switched_off_module_fails_with_its_file_and_line(site_copy):
    (site_copy / "organisation.yml").write_text("switched_off:\n  - modules/finding-mentors.md\n", encoding="utf-8")
    plan = site_copy / "docs" / "my-plan.md"
    lines = plan.read_text(encoding="utf-8").split("\n")
    plan.write_text("\n".join([*lines, "", "Next, read Finding mentors.", ""]), encoding="utf-8")
    output = build_fails(site_copy)
    assert (f"docs/my-plan.md:{len(lines) + 2}: names 'Finding mentors', the title of docs/modules/finding-mentors.md, "
            "which is switched off in organisation.yml: reword it, or put it between '<!-- if on: modules/finding-mentors.md -->' "
            "and '<!-- end if -->' lines") in output


def test_a_form_naming_a_switched_off_module_fails_with_its_definition_line(site_copy):
    (site_copy / "organisation.yml").write_text("switched_off:\n  - modules/finding-mentors.md\n", encoding="utf-8")
    definition = site_copy / "docs" / "_data" / "worksheets" / "career-goals.yml"
    text = definition.read_text(encoding="utf-8")
    definition.write_text(text.replace("    help: Tick all that apply.", "    help: Tick all that apply, then read Finding mentors."), encoding="utf-8")
    line = text.split("\n").index("    help: Tick all that apply.") + 1
    output = build_fails(site_copy)
    assert f"docs/_data/worksheets/career-goals.yml:{line}: names 'Finding mentors', the title of docs/modules/finding-mentors.md" in output
    assert "a worksheet or self-assessment can't hold if-blocks, so reword it to name no module" in output


def test_an_unbalanced_if_block_fails_with_file_and_line(site_copy):
    glossary = site_copy / "docs" / "glossary.md"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("<!-- end if -->\n", "\n", 1), encoding="utf-8")
    line = text.split("\n").index(next(x for x in text.split("\n") if "<!-- if on:" in x)) + 1
    output = build_fails(site_copy)
    assert f"docs/glossary.md:{line}: this if-block has no '<!-- end if -->'" in output


def test_bad_settings_fail_with_organisation_yml_and_line(site_copy):
    (site_copy / "organisation.yml").write_text(
        "organisation:\n  name: Example Corp\nswitched_off:\n  - modules/paying-it-forwards.md\n  - index.md\n"
        "branding:\n  primary_colour: \"#ffcc00\"\n  logo: org/missing.svg\n",
        encoding="utf-8",
    )
    output = build_fails(site_copy)
    assert "organisation.yml:7: 'branding.primary_colour' \"#ffcc00\" is too light to read" in output
    (site_copy / "organisation.yml").write_text(
        "organisation:\n  name: Example Corp\nswitched_off:\n  - modules/paying-it-forwards.md\n  - index.md\n"
        "branding:\n  logo: org/missing.svg\n",
        encoding="utf-8",
    )
    output = build_fails(site_copy)
    assert "organisation.yml:4: there is no page docs/modules/paying-it-forwards.md to switch off: did you mean modules/paying-it-forward.md?" in output
    assert "organisation.yml:5: the home page 'index.md' can't be switched off" in output
    assert "organisation.yml:7: there is no file docs/org/missing.svg" in output


# ---------------------------------------------------------------- accessibility of what an organisation adds


@pytest.fixture(scope="module")
def org_server(org_site):
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(org_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_notes_contacts_and_brand_colours_pass_axe(browser, org_server, scheme):
    """axe-core (WCAG 2.2 AA, as the quality gate runs it) on the example
    organisation's pages: note boxes, footer contacts, logo, brand colours."""
    from quality import format_violations, need_node_tools, run_axe

    need_node_tools()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    problems = []
    for path in ("/", "/modules/finding-mentors/", "/org/our-programme/", "/facilitator-guide/"):
        page.goto(org_server + path)
        assert page.locator("body").get_attribute("data-md-color-scheme") == {"light": "default", "dark": "slate"}[scheme]
        violations = run_axe(page)
        if violations:
            problems.append(format_violations(f"{path} ({scheme})", violations))
    context.close()
    assert not problems, "\n".join(problems)
