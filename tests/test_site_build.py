"""The real site: a strict build passes (MkDocs and Zensical: tests taking
`engine_site` run for both), and broken input fails it cleanly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import build_fails, mkdocs_build, search_docs

MODULE2 = Path("docs/modules/know-what-you-want.md")


@pytest.mark.fast
def test_strict_build_renders_module_two_with_its_worksheet_and_self_assessment(engine_site):
    built_site = engine_site.dir
    html = (built_site / "modules" / "know-what-you-want" / "index.html").read_text(encoding="utf-8")
    assert 'data-worksheet="career-goals"' in html
    assert 'data-checklist="mentor-ready"' in html
    assert "reflection aid, not a validated test" in html
    # Band links written as docs paths were turned into working page URLs.
    links = re.findall(r'<p class="ca-band__links">.*?</p>', html, re.S)
    assert links and all(".md" not in block for block in links)
    assert "assets/javascripts/career-allies.js" in html


def test_search_dialog_has_an_accessible_name(engine_site):
    built_site = engine_site.dir
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="md-search"[^>]*role="dialog"[^>]*aria-label="Search"', html)


def test_no_third_party_requests_in_built_pages(engine_site):
    built_site = engine_site.dir
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        # Things the browser fetches by itself: src= anywhere, and <link href=...>.
        fetched = re.findall(r'\ssrc="(https?:[^"]*|//[^"]*)"', html)
        fetched += [u for tag in re.findall(r"<link\b[^>]*>", html) if 'rel="canonical"' not in tag and 'rel="alternate"' not in tag for u in re.findall(r'href="(https?:[^"]*|//[^"]*)"', tag)]
        assert [u for u in fetched if not u.startswith("http://127.0.0.1")] == [], page


def test_broken_yaml_stops_the_build_with_file_and_line(site_copy):
    target = site_copy / "docs/_data/worksheets/career-goals.yml"
    target.write_text(target.read_text(encoding="utf-8").replace("fields:\n", "fields:\n  - id: [oops\n", 1), encoding="utf-8")
    output = build_fails(site_copy)
    assert re.search(r"docs/_data/worksheets/career-goals\.yml:\d+: YAML syntax error", output), output


def test_misspelt_key_stops_the_build_with_a_suggestion(site_copy):
    target = site_copy / "docs/_data/checklists/mentor-ready.yml"
    target.write_text(target.read_text(encoding="utf-8").replace("    text:", "    txet:", 1), encoding="utf-8")
    output = build_fails(site_copy)
    assert re.search(r"docs/_data/checklists/mentor-ready\.yml:\d+: unknown key 'txet' in statement 1: did you mean 'text'\?", output), output


def test_unknown_id_on_a_page_names_the_page_and_line(site_copy):
    page = site_copy / MODULE2
    lines = page.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "<!-- worksheet: career-goals -->" in line)
    lines[number - 1] = "<!-- worksheet: carer-goals -->"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = build_fails(site_copy)
    assert f"docs/modules/know-what-you-want.md:{number}: unknown worksheet id 'carer-goals': did you mean 'career-goals'?" in output, output


def test_line_numbers_count_front_matter_and_the_blank_lines_after_it(site_copy):
    page = site_copy / "docs" / "worksheets.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    page.write_text(text.replace("---\n\n", "---\n\n\n", 1) + "\n<!-- worksheet: carer-goals -->\n", encoding="utf-8")
    number = page.read_text(encoding="utf-8").splitlines().index("<!-- worksheet: carer-goals -->") + 1
    assert f"docs/worksheets.md:{number}: unknown worksheet id 'carer-goals'" in build_fails(site_copy)


def test_malformed_shortcode_is_caught(site_copy):
    page = site_copy / MODULE2
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- worksheet career-goals -->\n", encoding="utf-8")
    output = build_fails(site_copy)
    assert "looks like a shortcode but is not one" in output, output


def test_a_broken_link_fails_the_strict_build(site_copy):
    page = site_copy / MODULE2
    page.write_text(page.read_text(encoding="utf-8") + "\n[Nowhere](no-such-page.md) and [no anchor](finding-mentors.md#no-such-anchor)\n", encoding="utf-8")
    output = build_fails(site_copy)
    assert "no-such-page.md" in output and "no-such-anchor" in output, output


def test_own_script_and_styles_ship_minified_and_sources_stay_readable(engine_site):
    built_site = engine_site.dir
    for name in ("javascripts/career-allies.js", "javascripts/career-allies-forms.js", "javascripts/my-plan.js", "stylesheets/career-allies.css"):
        source = (Path("docs/assets") / name).read_text(encoding="utf-8")
        shipped = (built_site / "assets" / name).read_text(encoding="utf-8")
        assert "/*" in source and "\n  " in source
        assert len(shipped) < 0.85 * len(source), name
        assert "/* " not in shipped and "\n  " not in shipped, name


def test_every_script_waits_for_the_parser_and_the_theme_runs_first(engine_site):
    """No script holds up the first paint (overrides/main.html defers the
    theme's bundle); the theme still runs before ours, which needs document$."""
    built_site = engine_site.dir
    for page in ("index.html", "modules/know-what-you-want/index.html", "my-plan/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        tags = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
        names = [re.search(r'src="([^"]+)"', t).group(1).rsplit("/", 1)[-1] for t in tags]
        assert names[0].startswith("bundle.") and names[1] == "career-allies.js", (page, names)
        assert all(re.search(r"\sdefer[\s>]", t) for t in tags), (page, tags)
        # The forms' script only where the site model finds forms (My plan has none).
        assert ("career-allies-forms.js" in names) == page.startswith("modules/"), (page, names)
        assert ("data-ca-forms" in html) == page.startswith("modules/"), page


def test_every_plain_content_table_has_a_box_of_its_own(engine_site):
    """career_allies/tables.py: the theme's script wraps tables that have no class;
    inside our box that restyles only the box (tests/test_browser_startup.py)."""
    built_site = engine_site.dir
    pages = 0
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        plain = len(re.findall(r"<table(?![^>]*\sclass=)[^>]*>", html))
        boxed = len(re.findall(r'<div class="ca-content-table"><table(?![^>]*\sclass=)[^>]*>', html))
        assert plain == boxed, page
        pages += plain > 0
    assert pages >= 5


def test_table_boxes_match_nested_tables_and_leave_classed_ones_alone():
    from career_allies import tables as hook
    html = '<p>a</p><table>\n<tr><td><table class="x"><tr><td><TABLE border="1"><tr></tr></TABLE></td></tr></table></td></tr></table><p>b</p>'
    assert hook.wrap_tables(html) == (
        '<p>a</p><div class="ca-content-table"><table>\n<tr><td><table class="x"><tr><td>'
        '<div class="ca-content-table"><TABLE border="1"><tr></tr></TABLE></div></td></tr></table></td></tr></table></div><p>b</p>')
    assert hook.wrap_tables("<p>no tables</p>") == "<p>no tables</p>"
    # Written in capitals only (raw HTML), still boxed: the theme wraps those too.
    assert hook.wrap_tables("<TABLE><tr></tr></TABLE>") == '<div class="ca-content-table"><TABLE><tr></tr></TABLE></div>'


def test_theme_templates_are_compiled_once_and_an_edited_template_still_shows(site_copy):
    """hooks/template_cache.py keeps the theme's compiled templates in the
    build cache; Jinja checks each template's source first, and damaged
    cache files are misses, not errors."""
    config, site = site_copy / "mkdocs.yml", site_copy / "site"
    result = mkdocs_build(config, site)
    assert result.returncode == 0, result.stdout + result.stderr
    kept = list((site_copy / ".cache" / "career-allies" / "theme-templates").glob("*/*.cache"))
    assert len(kept) >= 20, kept  # base.html, main.html and the partials they include

    main = site_copy / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("{% block content %}\n  {{ super() }}", "{% block content %}\n  {{ super() }}<!-- edited -->", 1), encoding="utf-8")
    for file in kept:
        if file.name != kept[0].name:
            file.write_bytes(b"not what Jinja wrote")
    result = mkdocs_build(config, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "<!-- edited -->" in (site / "index.html").read_text(encoding="utf-8")


def test_the_theme_files_copied_are_the_same_without_walking_the_icon_folders(site_copy):
    """hooks/theme_icons.py lists the theme's files without going into
    folders whose names start with a dot (Material's 14,500 icons): MkDocs
    must copy exactly the files it copied before, a fork's own overrides,
    hidden ones and all, included."""
    import importlib.util

    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    overrides = site_copy / "overrides"
    for name in ("extra/fork.css", ".hidden/fork.css", "extra/.fork.css", "extra/.deep/fork.css", "fork.js"):
        (overrides / name).parent.mkdir(parents=True, exist_ok=True)
        (overrides / name).write_text("/* a fork's */\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location("theme_icons", site_copy / "hooks" / "theme_icons.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)

    def copied(env) -> list[tuple[str, str]]:
        files = Files([])
        files.add_files_from_theme(env, config)
        return sorted((file.src_uri, file.abs_src_path) for file in files)

    config = load_config(str(site_copy / "mkdocs.yml"))
    stock_env = config.theme.get_env()
    hook.on_config(config)
    env = config.theme.get_env()
    assert type(env.loader) is not type(stock_env.loader)
    listed = env.loader.list_templates()
    assert not any(name.startswith(".") or "/." in name for name in listed)
    assert len(listed) * 10 < len(stock_env.loader.list_templates())  # the icons are most of the theme's files
    ours = copied(env)
    assert ours == copied(stock_env)
    assert ("extra/fork.css", str(overrides / "extra" / "fork.css")) in ours and ("fork.js", str(overrides / "fork.js")) in ours
    assert any(uri.startswith("assets/javascripts/bundle.") for uri, _ in ours)


# Runs `mkdocs build` noting the name of every template Jinja compiles, one a line, in the file argv[1].
_COUNTING = ("import sys, jinja2\n"
             "compile, names = jinja2.Environment.compile, open(sys.argv[1], 'a', encoding='utf-8')\n"
             "def counted(env, source, name=None, *args, **kwargs):\n"
             "    names.write(f'{name}\\n')\n"
             "    return compile(env, source, name, *args, **kwargs)\n"
             "jinja2.Environment.compile = counted\n"
             "from mkdocs.__main__ import cli\n"
             "sys.argv = ['mkdocs', 'build', '--strict', '-f', sys.argv[2], '-d', sys.argv[3]]\n"
             "cli()\n")


def test_a_fresh_build_compiles_each_template_once_and_the_next_none(site_copy, tmp_path):
    """Every Jinja environment of the build keeps its compiled templates in
    the build cache (hooks/template_cache.py, career_allies/render.py), the
    search plugin's three as well: from an empty cache each template is
    compiled once, and the next build compiles nothing."""
    import subprocess
    import sys
    from collections import Counter

    def compiled(log: Path) -> Counter:
        result = subprocess.run([sys.executable, "-c", _COUNTING, str(log), str(site_copy / "mkdocs.yml"),
                                 str(site_copy / "site")], capture_output=True, text=True, cwd=site_copy)
        assert result.returncode == 0, result.stdout + result.stderr
        return Counter(log.read_text(encoding="utf-8").split()) if log.exists() else Counter()

    fresh = compiled(tmp_path / "fresh.log")
    assert {"base.html", "worksheet.html", "fields.html"} <= set(fresh), sorted(fresh)
    again = {name: count for name, count in fresh.items() if count > 1}
    assert not again, f"compiled more than once in one build: {again}"
    warm = compiled(tmp_path / "warm.log")
    assert not warm, f"compiled again with the cache warm: {dict(warm)}"


def test_my_plan_lists_every_worksheet_before_any_script_runs(engine_site):
    built_site = engine_site.dir
    html = (built_site / "my-plan" / "index.html").read_text(encoding="utf-8")
    body = html[html.index("data-ca-plan-body"):]
    assert 'class="ca-plan__none"' in body
    assert '<a href="../modules/know-what-you-want/#ca-career-goals-title">' in body
    assert body.count('class="ca-plan__item ca-plan__item--none"') >= 15


def test_worksheet_pack_is_left_out_of_search_so_results_lead_to_modules(engine_site):
    built_site = engine_site.dir
    locations = {doc["location"].split("#")[0] for doc in search_docs(built_site)}
    assert "worksheets/" not in locations
    assert "modules/know-what-you-want/" in locations


def test_forms_are_whole_on_their_pages_and_out_of_the_search_index(engine_site):
    """hooks/search_skip.py sets forms aside while the search plugin reads a
    page: every form must come back whole, and none of it reach the index."""
    built_site = engine_site.dir
    label = "Where would you like to be in three to five years?"
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<!--ca:held" not in html and "\x02" not in html, page
    module = (built_site / "modules" / "know-what-you-want" / "index.html").read_text(encoding="utf-8")
    assert label in module and 'id="ca-career-goals-long-term"' in module
    assert re.search(r'data-worksheet="career-goals"[^>]*>.*?Print this worksheet.*?</section>', module, re.S)
    index = json.dumps(search_docs(built_site))
    assert "Know what you want" in index
    assert "it can be a little fuzzy" in module  # help text of the first field
    assert "it can be a little fuzzy" not in index and "ca-career-goals" not in index
