"""The site's per-page work inside the career_allies Markdown extension.

Plain Python-Markdown with a rendering context (career_allies.context, as
Zensical's own or the MkDocs hook gives it) over a small project on disk: no
engine, no site build. What the extension does on each page of a real site
is checked by the site builds (test_site_build.py, test_organisation.py).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest

from career_allies import DefinitionError
from career_allies.context import Page, PageContextExtension
from test_site_model import CONFIG, PAGES, SHEET, no_build_in_progress, write  # noqa: F401 (an autouse fixture)

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "career_allies"]

HOME = """\
# Welcome to {{ programme.name }}

<!-- career-allies: overview -->

<!-- if on: modules/second.md -->
Read [Second steps](modules/second.md) next.
<!-- else -->
Go straight to [the third](modules/third.md).
<!-- end if -->

<div class="ca-map-group" markdown>

## The track

<div class="grid cards" markdown>

-   **1 · [Alpha](modules/track/alpha.md)**
-   **2 · [Beta](modules/track/beta.md)**

</div>

</div>

## After the map

| a | b |
|---|---|
| 1 | 2 |
"""


@pytest.fixture()
def project(tmp_path) -> Path:
    root = tmp_path / "tiny"
    write(
        root,
        {
            "mkdocs.yml": CONFIG.replace(
                "templates: [templates]", f"templates: [{ROOT / 'overrides/partials/career-allies'}]"
            )
        },
    )
    write(
        root / "docs",
        {
            **PAGES,
            "index.md": HOME,
            "my-plan.md": "# My plan\n\n<!-- career-allies: my-plan -->\n",
            "worksheets.md": "# All of them\n\n<!-- career-allies: worksheet-pack -->\n",
        },
    )
    write(root / "docs" / "_data", {"worksheets/goals.yml": SHEET.format(title="Your goals")})
    return root


def convert(
    project: Path, src: str, url: str | None = None, text: str | None = None, **context
) -> tuple[str, markdown.Markdown]:
    ext = PageContextExtension(config_file=project / "mkdocs.yml", **context)
    ext.page = Page(
        src,
        url
        if url is not None
        else src.removesuffix(".md").removesuffix("index") + ("/" if not src.endswith("index.md") else ""),
    )
    if text is None:
        text = (project / "docs" / src).read_text(encoding="utf-8")
        text = re.sub(r"\A---\n.*?\n---\n+", "", text, flags=re.S)
    md = markdown.Markdown(extensions=[*EXTENSIONS, ext])
    return md.convert(text), md


def test_placeholders_if_blocks_and_tables_on_a_page_of_the_site(project):
    html, md = convert(project, "index.md", "")
    assert '<h1 id="welcome-to-career-allies">Welcome to Career Allies</h1>' in html
    assert "Second steps" in html and "the third" not in html
    assert '<div class="ca-content-table"><table>' in html, "content tables get a box of their own"
    assert "<!-- career-allies: overview -->" not in html and "ca-overview" in html


def test_a_module_page_knows_its_place_and_switched_off_links_leave(project):
    write(project, {"organisation.yml": "switched_off:\n  - modules/second.md\n  - modules/track/\n"})
    html, md = convert(project, "index.md", "")
    assert "Second steps" not in html and '<a href="modules/third.md">the third</a>' in html
    assert "The track" not in html and "Alpha" not in html, "a map group with no cards left goes, heading and all"
    assert [t["name"] for t in md.toc_tokens] == ["Welcome to Career Allies"]
    assert [t["name"] for t in md.toc_tokens[0]["children"]] == ["After the map"], "its contents entry goes too"

    html, _ = convert(
        project, "modules/third.md", text="# Third\n\nModule {{ module.number }} of {{ module.total }}.\n"
    )
    assert "Module 2 of 2." in html


def test_the_pack_lists_every_worksheet_in_course_order(project):
    html, _ = convert(project, "worksheets.md")
    assert html.count('class="ca-sheet') >= 2, "goals is on the first module and on the track"
    assert "1. " not in html and '<a href="#ca-goals-title">Your goals</a> · The first module' in html
    assert 'id="pack-first"' in html and 'id="pack-alpha"' in html and 'id="pack-second"' not in html


def test_my_plan_links_are_relative_to_the_page(project):
    html, _ = convert(project, "my-plan.md", "my-plan/")
    assert "<!-- career-allies: my-plan -->" not in html
    assert 'href="../modules/first/#ca-goals-title"' in html

    write(project, {"offline.yml": "INHERIT: mkdocs.yml\nuse_directory_urls: false\n"})
    ext = PageContextExtension(config_file=project / "offline.yml")
    ext.page = Page("my-plan.md", "my-plan.html")
    html = markdown.markdown("<!-- career-allies: my-plan -->\n", extensions=[*EXTENSIONS, ext])
    assert 'href="modules/first.html#ca-goals-title"' in html


def test_the_organisations_note_goes_in_with_its_placeholders(project):
    write(project, {"organisation.yml": "organisation:\n  name: Example Corp\n"})
    write(
        project / "docs",
        {"org/notes/modules/third.md": "---\nafter: Third\n---\nAsk {{ organisation.name }} about it.\n"},
    )
    html, _ = convert(project, "modules/third.md")
    assert (
        'class="admonition note ca-org-note"' in html
        and "At Example Corp" in html
        and "Ask Example Corp about it." in html
    )


def test_problems_name_the_file_and_line_counting_front_matter(project):
    write(
        project / "docs",
        {
            "modules/third.md": "---\ntitle: x\n---\n\n# Third\n\n{{ programme.nmae }}\n\n"
            "<!-- worksheet: goasl -->\n<!-- worksheet goals -->\n"
        },
    )
    with pytest.raises(DefinitionError) as caught:
        convert(project, "modules/third.md")
    assert [str(p) for p in caught.value.problems] == [
        "docs/modules/third.md:9: unknown worksheet id 'goasl': did you mean 'goals'?",
        "docs/modules/third.md:10: '<!-- worksheet goals -->' looks like a shortcode but is not one: "
        "write <!-- worksheet: some-id --> or <!-- checklist: some-id -->",
        "docs/modules/third.md:7: unknown placeholder '{{ programme.nmae }}': did you mean '{{ programme.name }}'?",
    ]


def test_a_page_still_naming_a_switched_off_module_names_its_line(project):
    write(project, {"organisation.yml": "switched_off:\n  - modules/second.md\n"})
    with pytest.raises(DefinitionError) as caught:
        convert(project, "modules/third.md", text="# Third\n\nUnlike Second steps, this one is short.\n")
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("docs/modules/third.md", 3)
    assert problem.message.startswith(
        "names 'Second steps', the title of docs/modules/second.md, which is switched off"
    )


def test_the_host_says_how_a_problem_stops_it(project):
    class HostError(Exception):
        pass

    def stop(error: DefinitionError) -> None:
        raise HostError(error.report())

    with pytest.raises(HostError, match="docs/modules/third.md:1: unknown placeholder"):
        convert(project, "modules/third.md", text="{{ nope }}\n", raise_error=stop)


def test_without_a_context_only_forms_are_rendered(project):
    text = "# {{ programme.name }}\n\n| a |\n|---|\n| 1 |\n\n<!-- worksheet: goals -->\n"
    config = {
        "career_allies": {
            "definitions": str(project / "docs" / "_data"),
            "templates": [str(ROOT / "overrides/partials/career-allies")],
        }
    }
    html = markdown.markdown(text, extensions=EXTENSIONS, extension_configs=config)
    assert "{{ programme.name }}" in html and "ca-content-table" not in html and "ca-sheet" in html


def test_a_site_is_shared_by_every_page_until_a_file_changes(project, monkeypatch):
    from career_allies import site as site_module

    convert(project, "index.md", "")
    calls = []
    real = site_module._build
    monkeypatch.setattr(site_module, "_build", lambda *a: calls.append(a) or real(*a))
    for src in ("modules/second.md", "modules/third.md", "my-plan.md"):
        convert(project, src)
    assert calls == [], "the Site is read once, then shared"
    shutil.rmtree(project / "docs" / "modules" / "track")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - Track:\n      - modules/track/alpha.md\n      - modules/track/beta.md\n", ""
        ),
        encoding="utf-8",
    )
    convert(project, "modules/second.md")
    assert len(calls) == 1
