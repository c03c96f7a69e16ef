"""One site, two engines: MkDocs and Zensical build the same course.

The Zensical path (`python -m career_allies.zensical build`) writes a flat,
generated config from the same site model the MkDocs hooks use, runs
Zensical, then the same after-build step. These tests compare what the two
engines published, and check the generated config and the command's errors.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
import yaml

from career_allies.zensical import generated_config, read_config
from conftest import ROOT, copy_project, search_docs, search_results, zensical_build

FORM = re.compile(r'data-(worksheet|checklist)="([^"]+)"')


def published(site: Path) -> dict[str, dict]:
    """Each page's URL path -> its title, forms (ids, in order) and field ids."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        html = page.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        found[rel] = {
            "title": unescape(title.group(1)).strip() if title else None,
            "forms": FORM.findall(html),
            "fields": re.findall(r'\bid="(ca-[^"]+)"', html),
        }
    return found


def outside_code(html: str) -> str:
    return re.sub(r"<code\b[^>]*>.*?</code>|<pre\b.*?</pre>", "", html, flags=re.S)


def test_both_engines_publish_the_same_pages_with_the_same_forms(built_site, zensical_site):
    mkdocs, zensical = published(built_site), published(zensical_site.dir)
    assert sorted(mkdocs) == sorted(zensical), set(mkdocs) ^ set(zensical)
    for path, page in mkdocs.items():
        assert zensical[path]["forms"] == page["forms"], path
        assert zensical[path]["fields"] == page["fields"], path
        assert zensical[path]["title"] == page["title"], path
    assert sum(len(p["forms"]) for p in mkdocs.values()) >= 30


def test_no_raw_template_or_placeholder_braces_in_either_site(built_site, zensical_site):
    for site in (built_site, zensical_site.dir):
        for page in site.rglob("*.html"):
            text = outside_code(page.read_text(encoding="utf-8"))
            assert not re.search(r"\{\{.*?\}\}|\{%.*?%\}", text, re.S), page
        for doc in search_docs(site):
            assert "{{" not in doc["title"] and "{{" not in outside_code(doc["text"]), (site, doc["location"])


def test_the_comparison_sees_a_missing_form():
    """The page comparison above is not blind: a page that lost a form differs."""
    html = '<section data-worksheet="career-goals"><input id="ca-career-goals-x" /></section><section data-checklist="mentor-ready"></section>'
    forms = FORM.findall(html)
    assert forms == [("worksheet", "career-goals"), ("checklist", "mentor-ready")]
    assert FORM.findall(html.replace('<section data-checklist="mentor-ready"></section>', "")) != forms


# ---------------------------------------------------------------- the generated config


class FakeSite(SimpleNamespace):
    def config_changes(self):
        return self.changes

    def unpublished(self):
        return frozenset(self.hidden)


def test_the_generated_config_is_flat_hookless_and_watches_the_definitions(tmp_path):
    (tmp_path / "docs" / "_data").mkdir(parents=True)
    (tmp_path / "overrides" / "partials" / "career-allies").mkdir(parents=True)
    (tmp_path / "organisation.yml").write_text("{}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Course\nsite_url: !ENV [NO_SUCH_VARIABLE_HERE, 'http://x/']\nhooks: [hooks/a.py]\n"
        "theme: {name: material, features: [navigation.instant, toc.follow]}\n"
        "extra: {keep: 1}\nexclude_docs: |\n  _data/\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "  - career_allies:\n      definitions: docs/_data\n      cache_dir: .cache/x\n", encoding="utf-8")
    (tmp_path / "offline.yml").write_text("INHERIT: mkdocs.yml\nplugins: [search, offline]\nextra: {more: 2}\n", encoding="utf-8")
    data, templates = tmp_path / "docs" / "_data", tmp_path / "overrides" / "partials" / "career-allies"
    options = SimpleNamespace(definitions=data, templates=(templates,), markdown_config=lambda paper: {
        "definitions": str(data), "templates": [str(templates)], "site_id": "example", "cache_dir": str(tmp_path / ".cache" / "x"),
        "paper": paper})
    site = FakeSite(changes={"site_name": "Course at Example", "extra": {"career_allies": {"modules": []}},
                             "theme": {"features": ["toc.follow"]}},
                    hidden={"org/notes/home.md", "modules/off.md"}, off={"modules/off.md"}, options=options, paper={"programme": "P"})

    config = generated_config(site, tmp_path / "offline.yml")
    assert "INHERIT" not in config and "hooks" not in config
    assert config["site_name"] == "Course at Example" and config["site_url"] == "http://x/"
    assert config["extra"] == {"keep": 1, "more": 2, "career_allies": {"modules": []}}
    assert config["exclude_docs"].splitlines() == ["_data/", "/modules/off.md", "/org/notes/home.md"]
    assert config["markdown_extensions"][0]["pymdownx.emoji"]["emoji_index"] == "material.extensions.emoji.twemoji"
    given = config["markdown_extensions"][1]["career_allies"]
    assert given["definitions"] == str(data) and given["site_id"] == "example" and given["paper"] == {"programme": "P"}
    assert given["config_file"] == str(tmp_path / "offline.yml")  # the extension loads the same Site from it
    assert {"docs/_data", "overrides/partials/career-allies", "organisation.yml"} <= set(config["watch"])
    # Theme merged key by key; Material's look (Zensical's classic variant) unless the config names one.
    assert config["theme"] == {"name": "material", "features": ["toc.follow"], "variant": "classic"}
    # Zensical checks links in the source, where links to switched-off pages still are.
    assert config["validation"]["invalid_links"] is False
    assert yaml.safe_load(yaml.safe_dump(config)) == config  # plain data only


def test_read_config_merges_inherit_as_mkdocs_does(tmp_path):
    (tmp_path / "base.yml").write_text("a: {b: 1, c: [1, 2]}\nd: 1\n", encoding="utf-8")
    (tmp_path / "child.yml").write_text("INHERIT: base.yml\na: {c: [3]}\n", encoding="utf-8")
    assert read_config(tmp_path / "child.yml") == {"a": {"b": 1, "c": [3]}, "d": 1}


def test_a_broken_definition_stops_the_zensical_build_with_file_and_line(site_copy):
    target = site_copy / "docs/_data/worksheets/career-goals.yml"
    target.write_text(target.read_text(encoding="utf-8").replace("fields:\n", "fields:\n  - id: [oops\n", 1), encoding="utf-8")
    result = zensical_build(site_copy / "mkdocs.yml", site_copy / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    assert re.search(r"docs/_data/worksheets/career-goals\.yml:\d+: YAML syntax error", output), output


def test_with_pages_switched_off_zensical_builds_still_check_links(site_copy):
    """Zensical's own link check is off while pages are switched off (it reads
    the source, where links to them still are); the built pages are checked
    instead: a link to no page stops a strict build, naming the page and the
    link. Links to the switched-off page itself are text by then, not errors."""
    settings = site_copy / "organisation.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "switched_off: []", "switched_off:\n  - modules/paying-it-forward.md"), encoding="utf-8")
    page = site_copy / "docs/modules/start-here.md"
    text = page.read_text(encoding="utf-8")
    assert "paying-it-forward.md" in text  # a link the switch turns into text
    result = zensical_build(site_copy / "mkdocs.yml", site_copy / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page.write_text(text + "\nSee [the old guide](old-guide.md).\n", encoding="utf-8")
    result = zensical_build(site_copy / "mkdocs.yml", site_copy / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert "1 link(s) lead to no page" in output and "docs/modules/start-here.md: ../old-guide/" in output, output


def test_the_link_check_finds_only_links_that_lead_nowhere(tmp_path):
    from career_allies.links import dead_links

    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "file.pdf").write_bytes(b"%PDF")
    (site / "index.html").write_text(
        '<a href="a/">ok</a> <a href="./a/#part">ok</a> <a href="file.pdf">ok</a> <a href="#top">here</a>'
        ' <a href="https://example.org/gone/">elsewhere</a> <a href="mailto:x@example.org">mail</a> <a href="/root/">root</a>'
        ' <a class="x" href="gone/">broken</a> <a href="../outside/">outside</a> <a href="a/?q=1&amp;r=2">ok</a>'
        ' <a data-href="nowhere/" href="a/">ok</a> <!-- <a href="commented/">not a link</a> -->'
        ' <script>var s = \'<a href="scripted/">\';</script> <a title="a > b" href=unquoted/>broken</a>'
        ' <a href="../a/what\'s-next/">broken, whole</a>',
        encoding="utf-8")
    (site / "a" / "index.html").write_text('<a href="..">home</a> <a href="../">home</a> <a href="../a/">here</a>', encoding="utf-8")
    assert dead_links(site) == ["index.html: ../a/what's-next/", "index.html: ../outside/", "index.html: gone/",
                                "index.html: unquoted/"]


def rename_programme(project: Path, name: str) -> None:
    settings = project / "organisation.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  name: Career Allies\n", f"  name: {name}\n", 1),
                        encoding="utf-8")


def test_the_live_server_config_follows_the_settings_and_keeps_the_last_good_one(site_copy, capsys):
    from career_allies.zensical import generated_path, refresh_generated

    config = site_copy / "mkdocs.yml"
    generated = refresh_generated(config)
    assert generated == generated_path(config) and "site_name: Career Allies\n" in generated.read_text(encoding="utf-8")
    rename_programme(site_copy, "Allies at Northshire")
    stamp = generated.stat().st_mtime_ns
    assert refresh_generated(config) == generated
    assert "site_name: Allies at Northshire\n" in generated.read_text(encoding="utf-8")
    written = generated.stat().st_mtime_ns
    assert written != stamp
    assert refresh_generated(config) == generated and generated.stat().st_mtime_ns == written  # unchanged: not rewritten
    settings = site_copy / "organisation.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "switched_off: [oops\n", encoding="utf-8")
    assert refresh_generated(config) is None
    assert "organisation.yml:" in capsys.readouterr().err
    assert "site_name: Allies at Northshire\n" in generated.read_text(encoding="utf-8")  # the last good one, still served


def test_the_zensical_live_server_shows_a_renamed_programme_without_a_restart(site_copy):
    """`make serve ENGINE=zensical`: an edit to organisation.yml reaches the
    served pages, as under `mkdocs serve`."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = site_copy / "serve.log"  # a file, not a pipe nobody reads while it serves
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen([sys.executable, "-m", "career_allies.zensical", "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=site_copy, stdout=output, stderr=subprocess.STDOUT, text=True)

    def title_within(seconds: float, wanted: str) -> str:
        seen, end = "", time.monotonic() + seconds
        while time.monotonic() < end and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    seen = re.search(r"<title>([^<]*)", response.read().decode("utf-8")).group(1)
            except (OSError, AttributeError):
                pass
            if seen == wanted:
                break
            time.sleep(0.5)
        return seen

    try:
        assert title_within(90, "Career Allies") == "Career Allies", log.read_text(encoding="utf-8")[-3000:]
        rename_programme(site_copy, "Allies at Northshire")
        assert title_within(90, "Allies at Northshire") == "Allies at Northshire", log.read_text(encoding="utf-8")[-3000:]
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def test_the_zensical_command_explains_a_missing_config(tmp_path):
    result = subprocess.run([sys.executable, "-m", "career_allies.zensical", "build", "-f", str(tmp_path / "nope.yml")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and "no config file at" in result.stderr and "Traceback" not in result.stderr


def test_search_finds_a_module_and_leads_to_it(page, engine_site):
    """Each engine's own search, on its served site: results lead to module pages."""
    page.goto(engine_site.url + "/")
    found = search_results(page, "sponsor")
    assert any("modules/" in href for href in found), found
    page.goto(urljoin(page.url, next(href for href in found if "modules/" in href)))
    assert "/modules/" in page.url and page.locator("h1").count() == 1


# ---------------------------------------------------------------- templates under MiniJinja


class _Capture:
    """Stands in for a template: keeps the context the renderer gives it."""

    def render(self, **context):
        self.context = context
        return ""


def test_every_form_renders_alike_under_minijinja_without_python_methods():
    """Zensical renders templates with MiniJinja. The form templates are
    rendered by our own Jinja2 under both engines, but are kept valid for
    MiniJinja too, with Python-style methods (dict.get, str.split) off:
    every definition, with and without its PDFs, gives the same text."""
    import html

    import minijinja

    from career_allies.extension import catalog_for
    from career_allies.render import TEMPLATES, Renderer
    from career_allies.vocabulary import template_globals

    folder = ROOT / "overrides" / "partials" / "career-allies"
    strings = {"programme": "Career Allies", "address": "https://example.org/", "credit": "Course content CC BY 4.0"}
    renderer = Renderer([folder], "career-allies", strings=strings)
    engine = minijinja.Environment(
        loader=lambda name: (folder / name).read_text(encoding="utf-8") if (folder / name).is_file() else None,
        trim_blocks=True, lstrip_blocks=True, auto_escape_callback=lambda name: True,
        undefined_behavior="strict", pycompat=False)
    for name, value in template_globals().items():  # what our renderer gives every form template
        engine.add_global(name, value)
    catalog = catalog_for(ROOT / "docs" / "_data", ROOT)
    assert len(catalog.ids()) >= 15
    for kind, ident in catalog.ids():
        for pdf in (None, f"/pdf/{ident}.pdf"):
            capture = _Capture()
            renderer._render(capture, catalog.get(kind, ident), pdf)
            jinja = renderer.env.get_template(TEMPLATES[kind]).render(**capture.context).strip()
            mini = engine.render_template(TEMPLATES[kind], **capture.context).strip()
            # MiniJinja escapes more characters (' " /) as entities; the text is the same.
            assert html.unescape(mini) == html.unescape(jinja), (kind, ident, pdf)
    for template in sorted(folder.glob("*.html")):
        engine.undeclared_variables_in_template(template.name)  # every one parses under MiniJinja


# ---------------------------------------------------------------- the after-build step both engines share


def test_finish_site_fills_the_hashes_and_adds_the_meta_policy_and_minifies_only_when_asked(tmp_path):
    from career_allies.finish import FinishError, finish_site, own_assets

    site = tmp_path / "site"
    (site / "assets" / "stylesheets").mkdir(parents=True)
    (site / "_headers").write_text("/*\n  Content-Security-Policy: script-src 'self' {INLINE_SCRIPT_HASHES}\n", encoding="utf-8")
    page = '<html><head>\n<meta charset="utf-8">\n<script>var a = 1;</script></head></html>\n'
    (site / "index.html").write_text(page, encoding="utf-8")
    css = "/* a comment */\nbody {\n  color: red;\n}\n"
    (site / "assets" / "stylesheets" / "career-allies.css").write_text(css, encoding="utf-8")
    assets = own_assets(["assets/stylesheets/career-allies.css", "https://elsewhere.example/x.css"], [{"path": "assets/javascripts/x.js"}])
    assert assets == ["assets/stylesheets/career-allies.css", "assets/javascripts/x.js",
                      "assets/javascripts/career-allies-forms.js", "assets/javascripts/my-plan.js"]

    done = finish_site(site, meta_csp=False, minify=False, assets=assets)
    assert len(done["hashes"]) == 1 and done["hashes"][0] in (site / "_headers").read_text(encoding="utf-8")
    assert (site / "index.html").read_text(encoding="utf-8") == page  # offline copy, live server: no meta policy
    assert (site / "assets" / "stylesheets" / "career-allies.css").read_text(encoding="utf-8") == css

    done = finish_site(site, meta_csp=True, minify=True, assets=assets)
    assert done["meta_pages"] == 1 and 'http-equiv="Content-Security-Policy"' in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "stylesheets" / "career-allies.css").read_text(encoding="utf-8") == "body{color:red}"

    # A _headers left out of the build is reported, not silently shipped without its policy.
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "_headers").write_text("/*\n  Content-Security-Policy: {INLINE_SCRIPT_HASHES}\n", encoding="utf-8")
    (site / "_headers").unlink()
    with pytest.raises(FinishError, match="was not copied into the site"):
        finish_site(site, meta_csp=True, minify=False, docs_dir=tmp_path / "docs")


def test_finish_site_minifies_our_inline_scripts_before_hashing_them(tmp_path):
    """Our templates' inline scripts are written over several lines to be
    read; the site gets them minified, and the policy allows what it got."""
    from career_allies.finish import finish_site
    from career_allies.headers import csp_hash, inline_scripts

    site = tmp_path / "site"
    site.mkdir()
    (site / "_headers").write_text("/*\n  Content-Security-Policy: script-src 'self' {INLINE_SCRIPT_HASHES}\n", encoding="utf-8")
    ours = "\n(function () {\n  var answer = 40 + 2;\n  document.title = String(answer);\n})();\n"
    theirs = 'var x=__md_get("__tabs")'
    (site / "index.html").write_text(f'<html><head>\n<meta charset="utf-8">\n<script>{ours}</script>'
                                     f'<script>{theirs}</script>\n</head></html>\n', encoding="utf-8")
    finish_site(site, meta_csp=True, minify=True, assets=[])
    page = (site / "index.html").read_text(encoding="utf-8")
    scripts = inline_scripts(page)
    assert len(scripts) == 2 and scripts[1] == theirs and "\n" not in scripts[0] and len(scripts[0]) < len(ours)
    policy = (site / "_headers").read_text(encoding="utf-8")
    assert all(csp_hash(script) in policy for script in scripts)


def test_links_written_by_the_extension_suit_each_engine():
    """Zensical re-bases relative links from the page's source file; MkDocs
    leaves links written after Markdown as they are. Form links from the docs
    root become relative to the page's source, which both resolve."""
    import xml.etree.ElementTree as etree

    from career_allies.context import Context
    from career_allies.pages import links_from_page

    def context(path: str, url: str, zensical: bool) -> Context:
        return Context(path=path, url=url, config_file=ROOT / "mkdocs.yml", raise_error=None, links_from_source=zensical)

    assert context("my-plan.md", "my-plan/", zensical=False).link_base == "my-plan/"
    assert context("my-plan.md", "my-plan/", zensical=True).link_base == ""
    assert context("modules/for-mentors/being-a-mentor.md", "modules/for-mentors/being-a-mentor/", zensical=True).link_base == "modules/for-mentors/"
    form = etree.fromstring('<div><a href="/modules/finding-mentors.md#the-ask">a</a><a href="//example.org/x.md">b</a><a href="#here">c</a></div>')
    links_from_page(form, "modules/for-mentors/being-a-mentor.md")
    assert [a.get("href") for a in form.iter("a")] == ["../finding-mentors.md#the-ask", "//example.org/x.md", "#here"]


def test_a_problem_on_a_page_stops_the_zensical_build_with_the_report_and_no_traceback(site_copy):
    page = site_copy / "docs" / "modules" / "know-what-you-want.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "<!-- worksheet: career-goals -->" in line)
    lines[number - 1] = "<!-- worksheet: carer-goals -->"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = zensical_build(site_copy / "mkdocs.yml", site_copy / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert f"docs/modules/know-what-you-want.md:{number}: unknown worksheet id 'carer-goals': did you mean 'career-goals'?" in result.stderr


def test_the_zensical_command_never_empties_the_project_or_its_pages(site_copy):
    for folder in (".", "docs", "docs/modules"):
        result = subprocess.run([sys.executable, "-m", "career_allies.zensical", "build", "-f", "mkdocs.yml", "-d", folder],
                                capture_output=True, text=True, cwd=site_copy)
        assert result.returncode == 1 and "choose another" in result.stderr, result.stderr
    assert (site_copy / "docs" / "modules" / "know-what-you-want.md").is_file()


def test_a_second_zensical_build_shows_an_edited_definition(tmp_path):
    """A warm build (Zensical keeps its own cache between builds) never serves
    a stale form: the page holding a worksheet is rebuilt when only the
    worksheet's definition changed."""
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    page = site / "modules" / "know-what-you-want" / "index.html"
    first = zensical_build(project / "mkdocs.yml", site)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Career goals, edited" not in page.read_text(encoding="utf-8")
    definition = project / "docs" / "_data" / "worksheets" / "career-goals.yml"
    definition.write_text(definition.read_text(encoding="utf-8").replace("title: Career goals", "title: Career goals, edited", 1),
                          encoding="utf-8")
    second = zensical_build(project / "mkdocs.yml", site)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Career goals, edited" in page.read_text(encoding="utf-8")


def test_a_zensical_build_looks_at_its_inputs_once_not_once_per_page(tmp_path):
    """Zensical converts each page in a fresh Markdown instance. Within one
    `career_allies.zensical.build` the site model's inputs (docs/, the
    definitions, the templates) are scanned once, not again for every page,
    and afterwards the process is back to a fresh look every time (a caller
    that edits a file and builds again must see the edit)."""
    project = copy_project(tmp_path / "project")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from career_allies import cache, site\n"
        "from career_allies.zensical import build\n"
        "scans = []\n"
        "scan = site._signature\n"
        "site._signature = lambda *a: scans.append(1) or scan(*a)\n"
        "build(Path(sys.argv[1]), site_dir=Path(sys.argv[2]))\n"
        "print(len(scans), cache._build is None)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(project / "mkdocs.yml"), str(project / "site")],
                            capture_output=True, text=True, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site" / "modules" / "know-what-you-want" / "index.html").is_file()
    assert result.stdout.split()[-2:] == ["1", "True"], result.stdout


def test_zensical_reads_the_generated_config_with_libyaml_into_the_same_data():
    """The build hands Zensical's config module LibYAML's loader for the
    length of one build (some 50 ms of a warm build); what it reads must be
    exactly what Zensical's own loader reads, !ENV included."""
    zensical_config = pytest.importorskip("zensical.config")
    if not hasattr(yaml, "CLoader"):
        pytest.skip("PyYAML without LibYAML")
    from career_allies.site import load_site
    from career_allies.zensical import _libyaml_config_reader, generated_config, generated_path, write_generated

    config_file = ROOT / "mkdocs.yml"
    written = write_generated(generated_config(load_site(config_file), config_file), config_file)
    assert written == generated_path(config_file)
    text = written.read_text(encoding="utf-8")
    assert "!ENV" not in text  # resolved by the site model; try Zensical's !ENV on a file of our own as well
    env_file = ROOT / "env-test.zensical.generated.yml"  # beside mkdocs.yml: Zensical keeps docs_dir under it
    env_file.write_text("site_name: !ENV [NO_SUCH_VARIABLE_HERE, 'Course']\n" + text.split("\n", 2)[2], encoding="utf-8")
    try:
        for path in (written, env_file):
            expected = zensical_config.parse_config(str(path))
            with _libyaml_config_reader():
                assert zensical_config.Loader is not yaml.Loader
                fast = zensical_config.parse_config(str(path))
            assert zensical_config.Loader is yaml.Loader
            assert fast == expected
    finally:
        env_file.unlink(missing_ok=True)
