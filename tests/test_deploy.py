"""Deployment: the GitHub Pages workflow and the GitLab Pages job are valid,
build with the Makefile's own commands, and the site works under a sub-path
(https://example.github.io/career-allies/ style), as any static host serves it.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest
import yaml

from conftest import ROOT, mkdocs_build

GITHUB = ROOT / ".github" / "workflows" / "deploy.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
OFFICIAL = ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@")


def make_targets() -> dict[str, str]:
    """Makefile target -> its recipe."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"^([a-z][\w-]*):[^\n=]*\n((?:\t.*\n)*)", text, re.M)}


def commands(lines: list[str]) -> list[str]:
    return [c.strip() for line in lines for c in line.splitlines() if c.strip()]


def test_makefile_build_is_the_strict_mkdocs_build():
    targets = make_targets()
    assert "mkdocs build --strict" in targets["build"]
    assert "mkdocs build --strict -f mkdocs-offline.yml" in targets["offline"]
    assert "dist/career-allies-offline" in targets["offline"]


def test_github_workflow_builds_with_make_and_deploys_with_the_official_actions():
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "main" in triggers["push"]["branches"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = workflow["jobs"]["build"]["steps"]
    deploy = workflow["jobs"]["deploy"]
    uses = [s["uses"] for s in build + deploy["steps"] if "uses" in s]
    for action in OFFICIAL:
        assert any(u.startswith(action) for u in uses), f"{action} missing"
    runs = commands([s["run"] for s in build if "run" in s])
    targets = make_targets()
    for command in runs:
        if command.startswith("make"):
            for target in command.split()[1:]:
                assert target in targets, f"the workflow runs `make {target}`, which the Makefile lacks"
        assert "mkdocs" not in command, "build through make, so the workflow and the Makefile can't drift apart"
    assert "make build" in runs and "make offline" in runs
    site_step = next(s for s in build if s.get("run", "").strip() == "make build")
    assert site_step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    configure = next(s for s in build if s.get("uses", "").startswith("actions/configure-pages@"))
    assert configure["id"] == "pages"
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    # The offline zip the workflow publishes is the one `make offline` writes.
    assert "cp dist/career-allies-offline.zip site/" in runs


def test_gitlab_pages_job_builds_with_make_and_publishes_public():
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    job = config["pages"]
    script = commands(job["script"])
    targets = make_targets()
    for command in script:
        if command.startswith("make"):
            assert all(t in targets for t in command.split()[1:])
        assert "mkdocs" not in command
    assert script[:3] == ["make build", "make pdf", "make offline"]
    assert "mv site public" in " ".join(script)
    assert job["artifacts"]["paths"] == ["public"]
    assert job["variables"]["SITE_URL"] == "$CI_PAGES_URL/"
    assert job["rules"][0]["if"] == "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def subpath_server(tmp_path_factory):
    """The real site built for, and served at, /career-allies/ (like a project page)."""
    root = tmp_path_factory.mktemp("host")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    base = f"http://127.0.0.1:{httpd.server_address[1]}/career-allies/"
    result = mkdocs_build(ROOT / "mkdocs.yml", root / "career-allies", site_url=base)
    assert result.returncode == 0, result.stdout + result.stderr
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


def test_the_site_works_under_a_sub_path(page, subpath_server):
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(subpath_server)
    assert page.title().startswith("Career Allies")
    # Instant navigation (it needs site_url to match) to a module, then save an answer.
    page.evaluate("window.__sameDocument = true")
    page.locator(".ca-course-map a[href$='modules/know-what-you-want/']").click()
    page.wait_for_url(subpath_server + "modules/know-what-you-want/")
    assert page.evaluate("window.__sameDocument === true"), "expected instant navigation under the sub-path"
    page.locator("#ca-career-goals-measure").fill("Under a sub-path")
    page.locator("[data-worksheet='career-goals'] [data-ca-status]").filter(has_text="Saved on this device").wait_for()
    page.reload()
    assert page.locator("#ca-career-goals-measure").input_value() == "Under a sub-path"
    # Search finds pages and links inside the sub-path.
    page.locator("input.md-search__input").click()
    page.keyboard.type("facilitator")
    link = page.locator(".md-search-result__link").first
    link.wait_for()
    assert link.get_attribute("href").startswith(subpath_server)
    assert not missing, f"requests that failed under the sub-path: {missing}"
