"""The after-build step's result kept in the build cache (career_allies/finishcache.py).

A hit must give exactly the site a run of every step gives; any input that
changed must miss; a damaged entry must be ignored. Each comparison is with
the same site finished without a cache.
"""

from __future__ import annotations

import importlib.util
import json
import os
import types
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, engine_build
from career_allies import finish as finish_module
from career_allies.finish import finish_site, own_assets

HEADERS = "/*\n  Content-Security-Policy: script-src 'self' {INLINE_SCRIPT_HASHES}\n  X-Frame-Options: DENY\n"
PAGE = """<!doctype html>
<html>
  <head>
    <meta charset="utf-8">
    <link rel="stylesheet" href="{up}assets/stylesheets/main.1234abcd.min.css">
    <link rel="stylesheet" href="{up}assets/stylesheets/palette.5678abcd.min.css">
    <script>
      var depth = "{up}";
      document.documentElement.dataset.depth = depth;
    </script>
  </head>
  <body data-md-color-primary="indigo">
    <div class="md-keep">{text}</div>
  </body>
</html>
"""
FILES = {
    "_headers": HEADERS,
    "index.html": PAGE.format(up="", text="Home"),
    "modules/one/index.html": PAGE.format(up="../../", text="Module one"),
    "assets/stylesheets/main.1234abcd.min.css": ".md-keep{color:red}.md-drop{color:blue}.md-by-script{color:green}",
    "assets/stylesheets/palette.5678abcd.min.css":
        "[data-md-color-primary=indigo]{--md-primary:#3f51b5}[data-md-color-primary=red]{--md-primary:#f44336}",
    "assets/stylesheets/career-allies.css": "/* ours */\n.ca-note {\n  margin: 0 auto;\n}\n",
    "assets/javascripts/bundle.min.js": 'e.classList.add("md-by-script")',
    "assets/javascripts/career-allies.js": "// ours\nfunction hello (name) {\n  return 'hi ' + name;\n}\n",
    "images/logo.png": "not really a picture",
}
ASSETS = own_assets(["assets/stylesheets/career-allies.css"], ["assets/javascripts/career-allies.js"])
ARGUMENTS = {"meta_csp": True, "minify": True, "assets": ASSETS, "palette": {"scheme": "default", "primary": "indigo"}}


def make_site(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def finished(folder: Path, files: dict[str, str] = FILES, cache: Path | None = None, **changes) -> dict[str, bytes]:
    site = make_site(folder, files)
    finish_site(site, cache_dir=cache, **{**ARGUMENTS, **changes})
    return tree(site)


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("finish-*.bin"))


def test_a_hit_gives_the_same_site_as_every_step_and_runs_none_of_them(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    expected = finished(tmp_path / "plain")
    assert expected != tree(make_site(tmp_path / "raw", FILES))  # the steps do change the site
    assert finished(tmp_path / "miss", cache=cache) == expected
    assert len(entries(cache)) == 1

    def no_step(*args, **kwargs):
        raise AssertionError("a hit must not run the steps")

    monkeypatch.setattr(finish_module, "_finish", no_step)
    assert finished(tmp_path / "hit", cache=cache) == expected
    # The trimmed stylesheets are new files: a hit makes them too.
    assert any(name.startswith("assets/stylesheets/main.") and name not in FILES for name in expected)


def test_a_step_replaced_while_running_never_shares_a_result_with_the_real_one(tmp_path, monkeypatch):
    """tests/test_site_whitespace.py builds the real site with the whitespace
    step switched off, through the same build cache as every other build."""
    cache = tmp_path / "cache"
    real = finished(tmp_path / "real")
    with monkeypatch.context() as patch:
        patch.setattr(finish_module, "strip_pages_whitespace", lambda pages: 0)
        unstripped = finished(tmp_path / "unstripped")
        assert unstripped != real
        assert finished(tmp_path / "patched-first", cache=cache) == unstripped
    assert finished(tmp_path / "real-after", cache=cache) == real
    with monkeypatch.context() as patch:
        patch.setattr(finish_module, "strip_pages_whitespace", lambda pages: 0)
        assert finished(tmp_path / "patched-after", cache=cache) == unstripped


def test_no_cache_dir_writes_no_cache(tmp_path):
    finished(tmp_path / "site")
    assert not list(tmp_path.rglob("finish-*"))


CHANGES = {
    "an edited page": {"modules/one/index.html": PAGE.format(up="../../", text="Module one, edited")},
    "a page's inline script": {"index.html": PAGE.format(up="", text="Home").replace("depth;", "depth + 1;")},
    "a new page": {"modules/two/index.html": PAGE.format(up="../../", text="Module two")},
    "our stylesheet": {"assets/stylesheets/career-allies.css": ".ca-note {\n  margin: 1rem auto;\n}\n"},
    "our script": {"assets/javascripts/career-allies.js": "function bye (name) {\n  return 'bye ' + name;\n}\n"},
    "the theme's main stylesheet": {
        "assets/stylesheets/main.1234abcd.min.css": ".md-keep{color:navy}.md-drop{color:blue}.md-by-script{color:green}"},
    "the theme's palette stylesheet": {
        "assets/stylesheets/palette.5678abcd.min.css":
            "[data-md-color-primary=indigo]{--md-primary:#303f9f}[data-md-color-primary=red]{--md-primary:#f44336}"},
    "a script the main trim scans": {"assets/javascripts/bundle.min.js": 'e.classList.add("md-other")'},
    "_headers": {"_headers": HEADERS.replace("DENY", "SAMEORIGIN").replace("'self'", "'self' https:")},
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_each_input_that_changed_misses_and_gives_the_right_site(tmp_path, change):
    cache = tmp_path / "cache"
    before = finished(tmp_path / "warm", cache=cache)
    files = {**FILES, **CHANGES[change]}
    expected = finished(tmp_path / "plain", files)
    assert expected != before  # the change shows in the result
    assert finished(tmp_path / "changed", files, cache=cache) == expected
    assert len(entries(cache)) == 2


ARGUMENT_CHANGES = {
    "no meta policy": {"meta_csp": False},
    "no minify": {"minify": False},
    "another palette": {"palette": {"scheme": "default", "primary": "red"}},
    "fewer assets": {"assets": ASSETS[1:]},
}


@pytest.mark.parametrize("change", ARGUMENT_CHANGES, ids=list(ARGUMENT_CHANGES))
def test_each_argument_that_changed_misses(tmp_path, change):
    cache = tmp_path / "cache"
    before = finished(tmp_path / "warm", cache=cache)
    expected = finished(tmp_path / "plain", **ARGUMENT_CHANGES[change])
    assert expected != before
    assert finished(tmp_path / "changed", cache=cache, **ARGUMENT_CHANGES[change]) == expected


def test_docs_headers_is_part_of_the_key(tmp_path):
    """A `_headers` left out of the build is reported (FinishError) whether or
    not the same site was finished before with a docs/_headers that had no placeholder."""
    cache = tmp_path / "cache"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "_headers").write_text("/*\n  X-Frame-Options: DENY\n", encoding="utf-8")
    files = {k: v for k, v in FILES.items() if k != "_headers"}
    finished(tmp_path / "warm", files, cache=cache, docs_dir=docs)
    (docs / "_headers").write_text(HEADERS, encoding="utf-8")
    with pytest.raises(finish_module.FinishError, match="was not copied into the site"):
        finished(tmp_path / "again", files, cache=cache, docs_dir=docs)


def _rewrite(entry: Path, how: str) -> None:
    data = entry.read_bytes()
    head, _, body = data.partition(b"\n")
    if how == "truncated":
        entry.write_bytes(data[: len(data) - 20])
    elif how == "a byte changed":
        entry.write_bytes(head + b"\n" + body[:-5] + bytes([body[-5] ^ 1]) + body[-4:])
    elif how == "not an entry":
        entry.write_bytes(b"\x00\xffjunk\nmore junk")
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "a path outside the site":
        import hashlib

        fields = json.loads(head)
        fields["files"][0][0] = "../outside.html"
        fields["digest"] = hashlib.blake2b(body, digest_size=20).hexdigest()
        entry.write_bytes(json.dumps(fields).encode() + b"\n" + body)
    elif how == "another key":
        fields = json.loads(head)
        fields["key"] = "0" * 40
        entry.write_bytes(json.dumps(fields).encode() + b"\n" + body)


@pytest.mark.parametrize("how", ["truncated", "a byte changed", "not an entry", "empty", "a path outside the site",
                                 "another key"])
def test_a_damaged_entry_is_ignored(tmp_path, how, monkeypatch):
    cache = tmp_path / "cache"
    expected = finished(tmp_path / "plain")
    finished(tmp_path / "warm", cache=cache)
    (entry,) = entries(cache)
    _rewrite(entry, how)
    ran = []
    real = finish_module._finish
    monkeypatch.setattr(finish_module, "_finish", lambda *a: ran.append(1) or real(*a))
    assert finished(tmp_path / "site", cache=cache) == expected
    assert ran == [1]
    assert not (tmp_path / "outside.html").exists()
    # ... and replaced by a good one: the next build hits.
    assert finished(tmp_path / "next", cache=cache) == expected
    assert ran == [1]


def test_a_run_that_changes_a_file_the_key_leaves_out_is_not_kept(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    real = finish_module._finish

    def also_the_logo(site_dir, *args):
        done = real(site_dir, *args)
        (site_dir / "images" / "logo.png").write_text("changed", encoding="utf-8")
        return done

    monkeypatch.setattr(finish_module, "_finish", also_the_logo)
    finished(tmp_path / "site", cache=cache)
    assert entries(cache) == []


def test_an_unwritable_cache_still_finishes_the_site(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    assert finished(tmp_path / "site", cache=blocker) == finished(tmp_path / "plain")


def test_old_entries_are_removed(tmp_path):
    from career_allies.finishcache import KEEP

    cache = tmp_path / "cache"
    for n in range(KEEP + 3):
        finished(tmp_path / f"site{n}", {**FILES, "index.html": PAGE.format(up="", text=f"Home {n}")}, cache=cache)
    assert len(entries(cache)) == KEEP


# ---------------------------------------------------------------- MkDocs: live reload keeps no cache


def test_mkdocs_serve_finishes_without_the_cache_and_build_with_it(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("finish_hook_under_test", ROOT / "hooks" / "finish.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    calls = []
    monkeypatch.setattr(hook, "finish_site", lambda site_dir, **kw: calls.append(kw) or {"hashes": [], "meta_pages": 0,
                                                                                          "minified": {}})
    config = types.SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path))
    hook.on_startup(command="serve", dirty=False)
    hook.on_post_build(config=config)
    hook.on_startup(command="build", dirty=False)
    hook.on_post_build(config=config)
    assert [(c["meta_csp"], c["minify"], c["cache_dir"]) for c in calls] == [
        (False, False, None), (True, True, ROOT / ".cache" / "career-allies")]


# ---------------------------------------------------------------- both engines, the real site


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_warm_build_gives_the_same_site_as_a_build_with_the_cache_cleared(tmp_path, engine):
    if engine == "zensical":
        pytest.importorskip("zensical")
    project = copy_project(tmp_path / "project")
    cache = project / ".cache" / "career-allies"
    sites = []
    for name in ("cold", "warm"):
        result = engine_build(engine, project / "mkdocs.yml", tmp_path / name)
        assert result.returncode == 0, result.stderr
        sites.append(tree(tmp_path / name))
        if name == "cold":
            (entry,) = entries(cache)
            made = os.stat(entry).st_ino
    (entry,) = entries(cache)
    assert os.stat(entry).st_ino == made  # taken from the cache, not written again
    cold, warm = sites
    assert cold.keys() == warm.keys()
    assert [name for name in cold if cold[name] != warm[name]] == []
    assert any('http-equiv="Content-Security-Policy"' in text.decode() for name, text in warm.items()
               if name.endswith(".html"))
