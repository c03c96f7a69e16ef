"""The site model (`career_allies.site.load_site`), from small trees on disk.

No site build here: each test writes a tiny project (config, organisation.yml,
a few pages and definitions) into a temp folder and reads it back as a Site.
"""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest

from career_allies import DefinitionError
from career_allies.site import COLOURS_CSS, load_site, page_url
from conftest import ROOT

SHEET = """\
title: {title}
fields:
  - id: one
    type: text
    label: One thing
"""

CHECKLIST = """\
title: Check
statements:
  - {id: a, text: A}
  - {id: b, text: B}
  - {id: c, text: C}
bands:
  - min: 0
    max: 6
    name: All
    text: Done
    links:
      - {title: Next, page: modules/fourht.md}
      - {title: Later, page: modules/third.md#top}
      - {title: Now, page: modules/first.md#top}
"""

CONFIG = """\
site_name: Tiny course
site_url: !ENV [TINY_SITE_URL, "http://127.0.0.1:8000/"]
copyright: Course content CC BY 4.0 · Code MIT
nav:
  - Home: index.md
  - Course:
      - modules/first.md
      - modules/second.md
      - modules/third.md
  - Track:
      - modules/track/alpha.md
      - modules/track/beta.md
  - my-plan.md
extra_css:
  - assets/site.css
markdown_extensions:
  - toc:
      permalink: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
  - career_allies:
      definitions: docs/_data
      templates: [templates]
      cache_dir: .cache/tiny
"""

PAGES = {
    "index.md": "# Welcome\n\nHello.\n",
    "my-plan.md": "# My plan\n",
    "modules/first.md": "---\ntitle: ignored\n---\n\n# The first module\n\n**Time:** about 30 minutes\n\n"
    "<!-- worksheet: goals -->\n\n<!-- checklist: nowhere -->\n",
    "modules/second.md": "# Second steps\n\n**Time:** about 45 minutes\n\n```\n<!-- worksheet: fenced -->\n```\n",
    "modules/third.md": "# Third\n\n**Time:** about 20 minutes\n",
    "modules/track/alpha.md": "# Alpha\n\n<!-- worksheet: goals -->\n",
    "modules/track/beta.md": "# Beta\n",
}


MODULE_ORDER = [src for src in PAGES if src.startswith("modules/")]  # as the nav lists them


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            textwrap.dedent(text) if name.endswith(".yml") and not name.startswith("docs/") else text, encoding="utf-8"
        )


@pytest.fixture(autouse=True)
def no_build_in_progress(monkeypatch):
    """As a host that never says when builds start: every call looks at the files."""
    from career_allies import cache

    monkeypatch.setattr(cache, "_build", None)


@pytest.fixture()
def project(tmp_path) -> Path:
    root = tmp_path / "tiny"
    write(root, {"mkdocs.yml": CONFIG, "templates/worksheet.html": "<div></div>\n"})
    write(root / "docs", PAGES)
    write(root / "docs" / "_data", {"worksheets/goals.yml": SHEET.format(title="Your goals")})
    return root


def problems(root: Path, config: str = "mkdocs.yml") -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_site(root / config)
    assert "Traceback" not in caught.value.report()
    return [str(p) for p in caught.value.problems]


# ---------------------------------------------------------------- reading the config


def test_the_config_is_read_from_files_with_env_tags_and_python_tags(project, monkeypatch):
    monkeypatch.delenv("TINY_SITE_URL", raising=False)
    site = load_site(project / "mkdocs.yml")
    assert site.root == project.resolve() and site.docs == (project / "docs").resolve()
    assert site.paper.address == "http://127.0.0.1:8000/"
    assert site.options.definitions == (project / "docs" / "_data").resolve()
    assert site.options.templates == ((project / "templates").resolve(),)
    assert site.options.cache_dir == (project / ".cache" / "tiny").resolve()
    assert site.options.site_id == "career-allies"
    assert site.offline is False

    monkeypatch.setenv("TINY_SITE_URL", "https://learn.example.com")
    site = load_site(project / "mkdocs.yml")
    assert site.paper.address == "https://learn.example.com/", "a changed environment is a changed input"


def test_an_inheriting_config_is_deep_merged_and_says_offline(project):
    write(
        project,
        {
            "offline.yml": "INHERIT: mkdocs.yml\nuse_directory_urls: false\nsite_url: ''\n"
            "plugins:\n  - search\n  - offline\n"
        },
    )
    (project / "mkdocs.yml").write_text(
        CONFIG
        + "theme:\n  name: material\n  features: [navigation.instant, navigation.instant.progress, toc.follow]\n",
        encoding="utf-8",
    )
    site = load_site(project / "offline.yml")
    assert site.offline and site.paper.address == ""
    assert [m.url for m in site.modules][:2] == ["modules/first.html", "modules/second.html"]
    assert site.plan_url == "my-plan.html"
    assert site.config_changes()["theme"]["features"] == ["toc.follow"]
    assert site.options.cache_dir == (project / ".cache" / "tiny").resolve(), "the parent's extension options are kept"


@pytest.mark.parametrize(
    ("src", "directory", "file"),
    [
        ("index.md", "", "index.html"),
        ("modules/index.md", "modules/", "modules/index.html"),
        ("modules/first.md", "modules/first/", "modules/first.html"),
        ("README.md", "", "index.html"),
    ],
)
def test_urls_follow_the_source_path_and_use_directory_urls(src, directory, file):
    assert page_url(src, True) == directory
    assert page_url(src, False) == file


# ---------------------------------------------------------------- the course index


def test_the_course_index_lists_modules_in_reading_order_with_their_forms(project):
    site = load_site(project / "mkdocs.yml")
    assert [m.src for m in site.modules] == MODULE_ORDER
    first = site.modules[0]
    assert (first.id, first.title, first.url) == ("first", "The first module", "modules/first/")
    # Only known definitions are items; a shortcode inside a code fence is an example.
    assert [(i.kind, i.id, i.key, i.title) for i in first.items] == [
        ("worksheet", "goals", "career-allies:worksheet:goals", "Your goals")
    ]
    assert site.modules[1].items == ()
    assert site.plan_url == "my-plan/"
    assert dict(site.positions) == {
        "modules/first.md": (1, 3),
        "modules/second.md": (2, 3),
        "modules/third.md": (3, 3),
        "modules/track/alpha.md": (1, 2),
        "modules/track/beta.md": (2, 2),
    }
    assert site.module_count == 3 and site.course_minutes == 95
    assert site.index()["modules"][0]["items"][0] == {
        "kind": "worksheet",
        "id": "goals",
        "key": "career-allies:worksheet:goals",
        "title": "Your goals",
    }


def test_without_a_nav_modules_follow_the_file_order(project):
    (project / "mkdocs.yml").write_text(re.sub(r"^nav:\n(?:  .*\n)+", "", CONFIG, flags=re.M), encoding="utf-8")
    site = load_site(project / "mkdocs.yml")
    assert site.nav is None and "nav" not in site.config_changes()
    assert [m.src for m in site.modules] == MODULE_ORDER
    assert site.positions["modules/track/beta.md"] == (2, 2)


def test_two_modules_with_one_file_name_are_refused_with_both_files(project):
    write(project / "docs", {"modules/track/first.md": "# Again\n"})
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      - modules/track/beta.md\n", "      - modules/track/beta.md\n      - modules/track/first.md\n"
        ),
        encoding="utf-8",
    )
    assert problems(project) == [
        "docs/modules/track/first.md: a module's file name is its id (for progress and My plan), "
        "and docs/modules/first.md has the same one: rename one of them"
    ]


# ---------------------------------------------------------------- organisation.yml


ORG = """\
organisation:
  name: Example Corp
programme:
  name: Allies at Example
  copyright: "© {{ organisation.name }} · Adapted from Career Allies (CC BY 4.0) · Your answers stay in your browser"
switched_off:
  - modules/second.md
  - modules/track/
pages:
  files:
    - org/ours.md
branding:
  primary_colour: "#0b5394"
site_id: example-corp
"""


def test_switches_settings_and_the_organisations_pages_shape_the_site(project):
    write(project, {"organisation.yml": ORG})
    write(project / "docs", {"org/ours.md": "# Ours\n"})
    site = load_site(project / "mkdocs.yml")
    assert site.off == {"modules/second.md", "modules/track/alpha.md", "modules/track/beta.md"}
    assert [m.src for m in site.modules] == ["modules/first.md", "modules/third.md"]
    assert dict(site.positions) == {"modules/first.md": (1, 2), "modules/third.md": (2, 2)}
    assert dict(site.off_titles) == {
        "modules/second.md": "Second steps",
        "modules/track/alpha.md": "Alpha",
        "modules/track/beta.md": "Beta",
    }
    assert site.nav == [
        {"Home": "index.md"},
        {"At Example Corp": ["org/ours.md"]},
        {"Course": ["modules/first.md", "modules/third.md"]},
        "my-plan.md",
    ]
    assert site.options.site_id == "example-corp" and site.modules[0].items[0].key == "example-corp:worksheet:goals"
    assert site.values("modules/third.md")["module.number"] == "2" and "module.number" not in site.values("index.md")
    assert (
        site.is_on("modules/second.md") is False
        and site.is_on("modules/track/") is False
        and site.is_on("nowhere.md") is None
    )

    changes = site.config_changes()
    assert changes["site_name"] == "Allies at Example"
    assert (
        changes["copyright"]
        == "© Example Corp · Adapted from Career Allies (CC BY 4.0) · Your answers stay in your browser"
    )
    assert changes["extra_css"] == ["assets/site.css", COLOURS_CSS]
    assert changes["extra"]["organisation"]["name"] == "Example Corp"
    assert changes["extra"]["career_allies"]["site"] == "example-corp"
    assert "site_description" not in changes, "home.intro is not set, so mkdocs.yml's description stays"
    assert site.paper.programme == "Allies at Example"
    assert site.paper.credit == "© Example Corp · Adapted from Career Allies (CC BY 4.0)"
    assert "--ca-primary: #0b5394;" in site.generated_files()[COLOURS_CSS]
    assert site.unpublished() == site.off

    changes["nav"].clear()
    changes["extra_css"].append("x.css")
    assert site.config_changes()["nav"] and "x.css" not in site.config_changes()["extra_css"], (
        "changes are a fresh copy"
    )


def test_notes_are_read_and_the_notes_folder_is_unpublished(project):
    write(project, {"organisation.yml": "switched_off:\n  - modules/third.md\n"})
    write(
        project / "docs",
        {
            "org/notes/modules/first.md": "---\ntitle: Here\nafter: The first module\n---\nAsk Sam.\n",
            "org/notes/modules/third.md": "Its page is off, so this is left out.\n",
        },
    )
    site = load_site(project / "mkdocs.yml")
    assert list(site.notes) == ["modules/first.md"]
    note = site.notes["modules/first.md"]
    assert (note.title, note.after, note.body_line, note.body) == ("Here", "The first module", 5, "Ask Sam.\n")
    assert site.unpublished() == {"modules/third.md", "org/notes/modules/first.md", "org/notes/modules/third.md"}


def test_the_pages_with_forms_are_known_from_their_markdown_and_notes(project):
    """They load the forms' script (overrides/main.html): a shortcode outside
    code blocks, the worksheet pack, or a note holding a shortcode, whether
    the page is in the nav or not; My plan and a fenced example have none."""
    write(
        project / "docs",
        {
            "worksheets.md": "# Every worksheet\n\n<!-- career-allies: worksheet-pack -->\n",
            "org/notes/modules/third.md": "Try this one too.\n\n<!-- worksheet: goals -->\n",
        },
    )
    site = load_site(project / "mkdocs.yml")
    assert site.form_pages == {"modules/first/", "modules/third/", "modules/track/alpha/", "worksheets/"}
    assert site.index()["forms"] == sorted(site.form_pages)
    assert "forms" not in site.index()["page"], "the browser is not sent the list"


def test_the_organisation_stylesheet_comes_only_with_what_it_styles(project):
    """Notes' and contacts' styles are not in career-allies.css: an
    organisation without colours, notes or contacts gets no stylesheet of
    its own; one with a note gets the notes' styles and no colours."""
    site = load_site(project / "mkdocs.yml")
    assert COLOURS_CSS not in site.generated_files() and COLOURS_CSS not in site.config_changes()["extra_css"]
    assert ".ca-org-note" not in (ROOT / "docs/assets/stylesheets/career-allies.css").read_text(encoding="utf-8")
    write(project / "docs", {"org/notes/modules/first.md": "Ask Sam.\n"})
    site = load_site(project / "mkdocs.yml")
    css = site.generated_files()[COLOURS_CSS]
    assert ".ca-org-note" in css and ".ca-footer-contacts" in css and "--ca-primary" not in css
    assert site.config_changes()["extra_css"] == ["assets/site.css", COLOURS_CSS]


def test_every_problem_is_collected_with_its_file_and_line(project):
    write(
        project,
        {
            "organisation.yml": "switched_off:\n  - modules/secnd.md\npages:\n  files:\n    - org/missing.md\n"
            "branding:\n  logo: org/logo.bmp\n"
        },
    )
    write(
        project / "docs",
        {"org/notes/modules/fourth.md": "A note for no page.\n", "org/notes/modules/first.txt": "Not Markdown.\n"},
    )
    write(
        project / "docs" / "_data",
        {
            "worksheets/broken.yml": "title: [unclosed\n",
        },
    )
    found = problems(project)
    assert (
        "organisation.yml:2: there is no page docs/modules/secnd.md to switch off: did you mean modules/second.md?"
        in found
    )
    assert (
        "organisation.yml:5: there is no page docs/org/missing.md: create it, or fix the path (it is relative to docs/)"
        in found
    )
    assert any(p.startswith("organisation.yml:7: 'branding.logo' should be one of") for p in found)
    assert any(p.startswith("docs/org/notes/modules/first.txt: notes are Markdown files") for p in found)
    assert any(
        p.startswith("docs/org/notes/modules/fourth.md: there is no page docs/modules/fourth.md to add this note to")
        for p in found
    )
    assert any(p.startswith("docs/_data/worksheets/broken.yml:2: YAML syntax error") for p in found)
    assert len(found) == 6, found


def test_a_definition_linking_to_a_missing_page_names_the_definition_line(project):
    """A link to a switched-off page is no mistake: it leaves the form as the page renders."""
    write(project, {"organisation.yml": "switched_off:\n  - modules/third.md\n"})
    write(
        project / "docs" / "_data",
        {
            "checklists/links.yml": CHECKLIST,
        },
    )
    found = problems(project)
    assert (
        found[0]
        == "docs/_data/checklists/links.yml:12: link to 'modules/fourht.md': "
        "there is no page docs/modules/fourht.md: did you mean modules/first.md?"
    )
    assert len(found) == 1, found


def test_a_settings_mistake_stops_with_its_line(project):
    write(project, {"organisation.yml": "programme:\n  nmae: Oops\n"})
    assert problems(project) == ["organisation.yml:2: unknown setting 'programme.nmae': did you mean 'programme.name'?"]


def test_a_broken_config_file_is_reported_not_raised(project):
    (project / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    found = problems(project)
    assert len(found) == 1 and found[0].startswith("mkdocs.yml:")


# ---------------------------------------------------------------- the memo


def test_same_inputs_give_the_same_site_and_any_edit_a_new_one(project):
    config = project / "mkdocs.yml"
    first = load_site(config)
    assert load_site(config) is first
    assert load_site(str(config)) is first

    def touch(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        stamp = os.stat(path).st_mtime_ns + 10**9
        os.utime(path, ns=(stamp, stamp))

    touch(project / "docs" / "modules" / "third.md", "# Third, renamed\n")
    second = load_site(config)
    assert second is not first and second.modules[2].title == "Third, renamed"

    touch(project / "organisation.yml", "programme:\n  name: Edited\n")
    third = load_site(config)
    assert third.settings.programme_name == "Edited"

    touch(project / "docs" / "_data" / "worksheets" / "goals.yml", SHEET.format(title="New goals"))
    fourth = load_site(config)
    assert fourth.modules[0].items[0].title == "New goals"

    touch(project / "templates" / "checklist.html", "<div></div>\n")
    assert load_site(config) is not fourth, "a form template is an input too"


def test_a_failing_site_fails_the_same_way_each_time_until_fixed(project):
    settings = project / "organisation.yml"
    settings.write_text("site_id: Not Valid\n", encoding="utf-8")
    assert problems(project) == problems(project)
    settings.write_text("site_id: fixed-id\n", encoding="utf-8")
    stamp = os.stat(settings).st_mtime_ns + 10**9
    os.utime(settings, ns=(stamp, stamp))
    assert load_site(project / "mkdocs.yml").options.site_id == "fixed-id"


def test_within_a_build_the_files_are_looked_at_once(project):
    """Where the host says when each build starts (hooks/site.py does), the
    pages of one build share one look at the files; the next build sees edits."""
    from career_allies import cache

    config = project / "mkdocs.yml"
    cache.begin_build()
    first = load_site(config)
    page = project / "docs" / "modules" / "third.md"
    page.write_text("# Third, renamed\n", encoding="utf-8")
    stamp = os.stat(page).st_mtime_ns + 10**9
    os.utime(page, ns=(stamp, stamp))
    assert load_site(config) is first
    cache.begin_build()
    assert load_site(config).modules[2].title == "Third, renamed"
