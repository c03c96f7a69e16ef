"""The theme's script, edited to fetch the search index when a reader first
opens the search (career_allies/lazysearch.py): on the installed theme's own
bundle, on small scripts shaped like it, and on a small built site."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import material
import pytest

from career_allies.lazysearch import defer_search_index, search_on_demand

THEME_BUNDLE = next((Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob("bundle.*.min.js"))

# The three places, as the theme's minifier writes them (names are its own).
WORKER = 'function Ei(e,t){let r=Mn(e);return L($(location.protocol!=="file:"),Je("search")).pipe(Re(o=>o),b(()=>t))}'
HIGHLIGHT = 'function Ai(e,{index$:t,location$:r}){return z([t,r.pipe(Q(we()),g(o=>!!o.searchParams.get("h")))]).pipe(m(x))}'
START = 'var Or=Te(),zi=document.forms.namedItem("search")?ks():tt,fo=new T;'
SHAPED = START + WORKER + HIGHLIGHT


def test_the_worker_waits_for_the_search_and_the_highlighter_for_an_h_address():
    assert search_on_demand(SHAPED) == (
        START
        + 'function Ei(e,t){let r=Mn(e);return Je("search").pipe(Re(o=>o),b(()=>t))}'
        + 'function Ai(e,{index$:t,location$:r}){return z([(new URL(location.href).searchParams.get("h")?t:tt),'
          'r.pipe(Q(we()),g(o=>!!o.searchParams.get("h")))]).pipe(m(x))}'
    )


@pytest.mark.parametrize("script", [
    START + WORKER,  # no highlighter
    START + HIGHLIGHT,  # no worker setup
    WORKER + HIGHLIGHT,  # no empty stream to stand in for the index
    SHAPED + WORKER,  # a place twice
    SHAPED.replace('"file:"', '"https:"'),
    "",
])
def test_a_script_not_shaped_as_expected_is_left_whole(script):
    assert search_on_demand(script) is None


def test_the_installed_themes_bundle_is_edited_and_still_parses(tmp_path):
    """Fails when a theme update moves either place: the search then loads
    as the theme ships it (slower, never broken) until lazysearch.py follows."""
    js = THEME_BUNDLE.read_text(encoding="utf-8")
    edited = search_on_demand(js)
    assert edited is not None, f"{THEME_BUNDLE.name}: the search index's two places were not found"
    assert 'location.protocol!=="file:"),' not in edited  # the worker's "at once on a web host" is gone
    assert re.search(r'return [\w$]+\("search"\)\.pipe\(', edited)
    assert edited.count('(new URL(location.href).searchParams.get("h")?') == 1
    assert len(edited) - len(js) < 80  # those two places and nothing else
    node = shutil.which("node")
    assert node, "Node.js is missing: `make test` installs the tests' Node packages, and needs it"
    (tmp_path / "bundle.js").write_text(edited, encoding="utf-8")
    check = subprocess.run([node, "--check", str(tmp_path / "bundle.js")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_the_site_links_the_edited_script_under_its_own_name_and_a_second_run_changes_nothing(tmp_path):
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    (scripts / "bundle.0000aaaa.min.js").write_text(SHAPED, encoding="utf-8")
    (tmp_path / "index.html").write_text('<script src="assets/javascripts/bundle.0000aaaa.min.js" defer></script>',
                                         encoding="utf-8")
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "index.html").write_text(
        '<script src="../assets/javascripts/bundle.0000aaaa.min.js" defer></script>', encoding="utf-8")
    renamed = defer_search_index(tmp_path)
    [(old, new)] = renamed.items()
    assert old == "assets/javascripts/bundle.0000aaaa.min.js"
    assert re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js", new) and new != old
    assert (tmp_path / new).read_text(encoding="utf-8") == search_on_demand(SHAPED)
    assert (scripts / "bundle.0000aaaa.min.js").read_text(encoding="utf-8") == SHAPED  # kept for cached pages
    assert new in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "../" + new in (tmp_path / "modules" / "index.html").read_text(encoding="utf-8")
    assert defer_search_index(tmp_path) == {}


def test_a_theme_script_that_cannot_be_edited_leaves_the_pages_alone(tmp_path):
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    (scripts / "bundle.0000aaaa.min.js").write_text("console.log(1)", encoding="utf-8")
    page = '<script src="assets/javascripts/bundle.0000aaaa.min.js"></script>'
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    assert defer_search_index(tmp_path) == {}
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == page
    assert sorted(p.name for p in scripts.iterdir()) == ["bundle.0000aaaa.min.js"]
