"""Security gate: answers are text, never code; the site runs under a strict
Content-Security-Policy with no third-party origin and no 'unsafe-inline'.

- Payloads (`<img onerror>`, `<script>`, `javascript:` links...) typed into
  every worksheet, or planted in storage as a tampered backup would, are
  shown as text and never run: on every page with worksheets, on My plan, in
  an import preview and in the Markdown export.
- `docs/_headers` reaches the site with the inline-script hashes filled in,
  and a browser using every feature of a site served with those headers sees
  no CSP violation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from quality import (
    PAYLOADS,
    Guard,
    HeadersServer,
    assert_markdown_inert,
    assert_payloads_inert,
    built_pages,
    fill_everything,
    headers_for,
    page_file,
    pages_with_sheets,
    parse_headers_file,
    put_payloads_in_storage,
    use_every_feature,
    wait_ready,
)

from career_allies.headers import PLACEHOLDER, csp_hash, inline_scripts


def fresh_page(browser):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda e: page.js_errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    return context, page


def test_payloads_typed_into_every_worksheet_stay_text(browser, server, built_site):
    context, page = fresh_page(browser)
    for path in pages_with_sheets(built_site):
        page.goto(server + path)
        wait_ready(page)
        every = " ".join(PAYLOADS)  # every payload in every box at once
        fill_everything(page, text=every)
        page.evaluate("() => { window.print = () => {}; }")
        for button in page.locator("[data-ca-print]").all():
            button.click()  # the paper twins show the answers
        assert_payloads_inert(page)
        page.reload()  # and restored from storage
        wait_ready(page)
        assert_payloads_inert(page)
        boxes = page.locator("[data-ca-key] textarea[data-ca-input], [data-ca-key] input[type=text][data-ca-input]")
        if boxes.count():  # a page may hold only a self-assessment
            assert boxes.first.input_value() == every, path
            assert every in page.locator("[data-ca-key] .ca-paper.is-filled").first.text_content(), path
    assert not page.js_errors, page.js_errors
    context.close()


def test_hostile_saved_answers_stay_text_everywhere_they_are_shown(browser, server, built_site):
    """Tampered storage (field names, choice values, table cells holding
    payloads) is restored as text on every worksheet page and on My plan."""
    context, page = fresh_page(browser)
    for path in pages_with_sheets(built_site):
        page.goto(server + path)
        wait_ready(page)
        put_payloads_in_storage(page)
        page.reload()
        wait_ready(page)
        assert_payloads_inert(page)
    plan = "/my-plan/"
    if plan in built_pages(built_site):
        page.goto(server + plan)
        page.wait_for_load_state("networkidle")
        assert_payloads_inert(page)
        assert any(p in page.locator(".md-content").inner_text() for p in PAYLOADS), "My plan should show the answers, as text"
    assert not page.js_errors, page.js_errors
    context.close()


def test_my_plan_export_and_import_keep_payloads_inert(browser, server, built_site, tmp_path):
    """Markdown export of hostile answers has no live HTML; importing a backup
    full of payloads shows a preview and a plan made of text."""
    if "/my-plan/" not in built_pages(built_site):
        pytest.skip("no My plan page yet")
    context, page = fresh_page(browser)
    page.goto(server + "/modules/know-what-you-want/")
    wait_ready(page)
    fill_everything(page, text=PAYLOADS[0])
    put_payloads_in_storage(page)
    page.goto(server + "/my-plan/")
    page.wait_for_load_state("networkidle")
    markdown = page.locator("[data-ca-export='markdown']")
    if markdown.count():
        with page.expect_download() as download:
            markdown.click()
        text = Path(download.value.path()).read_text(encoding="utf-8")
        assert "onerror" in text or "script" in text, "the export should carry the answers"
        assert_markdown_inert(text)
    backup = page.locator("[data-ca-export='json']")
    importer = page.locator("input[type=file][data-ca-import]")
    if backup.count() and importer.count():
        with page.expect_download() as download:
            backup.click()
        saved = tmp_path / "backup.json"
        download.value.save_as(saved)
        page.evaluate("localStorage.clear()")
        page.reload()
        page.wait_for_load_state("networkidle")
        importer.set_input_files(str(saved))
        page.locator("[data-ca-import-preview]").wait_for()
        assert_payloads_inert(page)
        page.locator("[data-ca-import-apply]").click()
        page.wait_for_load_state("networkidle")
        assert_payloads_inert(page)
    assert not page.js_errors, page.js_errors
    context.close()


def test_the_inert_check_can_fail(browser, server):
    # The page's own CSP (its <meta> tag) would stop the payload running:
    # bypassed here to show the check catches one that runs.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(server + "/")
    page.evaluate("html => { const d = document.createElement('div'); d.innerHTML = html; document.body.appendChild(d); }", PAYLOADS[0])
    page.wait_for_function("window.__pwned === 1")
    with pytest.raises(AssertionError):
        assert_payloads_inert(page)
    context.close()


# ---- Headers and CSP ----

def test_headers_file_reaches_the_site_with_every_inline_script_hashed(engine_site):
    built_site = engine_site.dir
    source = ROOT / "docs" / "_headers"
    assert PLACEHOLDER in source.read_text(encoding="utf-8")
    text = (built_site / "_headers").read_text(encoding="utf-8")
    assert PLACEHOLDER not in text
    headers = headers_for(parse_headers_file(text), "/modules/know-what-you-want/")
    csp = headers["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    # No third-party origin and nothing inline allowed beyond the listed hashes.
    for name, sources in directives.items():
        for s in sources:
            assert s in ("'self'", "'none'", "data:") or s.startswith("'sha256-"), f"{name} allows {s}"
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["object-src"] == ["'none'"]
    hashes = set(directives["script-src"]) - {"'self'"}
    scripts = [(page, s) for page in built_site.rglob("*.html") for s in inline_scripts(page.read_text(encoding="utf-8"))]
    assert scripts, "expected Material's inline scripts"
    missing = {p.relative_to(built_site).as_posix() for p, s in scripts if csp_hash(s) not in hashes}
    assert not missing, f"inline scripts without a hash in the CSP: {sorted(missing)}"
    for name in ("X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"):
        assert name in headers


def test_no_inline_style_attributes_in_built_pages(engine_site):
    """style-src has no 'unsafe-inline', so markup must not carry style=""."""
    built_site = engine_site.dir
    found = []
    for page in built_pages(built_site):
        html = page_file(built_site, page).read_text(encoding="utf-8")
        found += [f"{page}: {m}" for m in re.findall(r"<[a-z]+[^>]*\sstyle=\"[^\"]*\"", html)[:3]]
        found += [f"{page}: <style> element" for _ in re.findall(r"<style\b", html)[:1]]
    assert not found, "\n".join(found[:20])


def test_security_doc_matches_the_headers_file():
    """SECURITY.md's nginx and Apache examples set the same headers."""
    doc = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    rules = parse_headers_file((ROOT / "docs" / "_headers").read_text(encoding="utf-8"))
    for _, headers in rules:
        for name, value in headers:
            policy = value.replace(PLACEHOLDER, "").split()
            assert f'add_header {name} "' in doc, f"nginx example lacks {name}"
            assert f'Header always set {name} "' in doc, f"Apache example lacks {name}"
            if name == "Content-Security-Policy":
                for directive in value.split(";"):
                    first = directive.split()[0] if directive.strip() else ""
                    assert first in doc, f"the examples lack the {first} directive"
            else:
                assert value in doc, f"{name}: {value} differs in SECURITY.md"
            assert policy


@pytest.fixture(scope="module")
def csp_site(tmp_path_factory):
    """The real site, built for and served by a server that sends _headers."""
    site = tmp_path_factory.mktemp("csp") / "site"
    server = HeadersServer(site)
    result = mkdocs_build(ROOT / "mkdocs.yml", site, site_url=server.url + "/")
    assert result.returncode == 0, result.stdout + result.stderr
    server.start()
    yield server
    server.stop()


def watch_csp(context, page) -> list[str]:
    violations: list[str] = []
    context.expose_binding("__cspViolation", lambda source, text: violations.append(text))
    context.add_init_script(
        """document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber + ' ' + (e.sample || '')));"""
    )
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text else None)
    return violations


def test_the_site_served_with_its_headers_sends_the_csp(csp_site):
    import urllib.request

    with urllib.request.urlopen(csp_site.url + "/modules/know-what-you-want/") as r:
        csp = r.headers["Content-Security-Policy"]
    assert csp and "script-src 'self' 'sha256-" in csp


def test_every_feature_works_under_the_csp_with_no_violation(browser, csp_site):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    violations = watch_csp(context, page)
    guard = Guard(context, csp_site.url)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    use_every_feature(page, csp_site.url, csp_site.site)
    context.close()
    assert not violations, "\n".join(sorted(set(violations))[:20])
    assert not errors, errors
    assert guard.blocked == []


def test_the_csp_check_can_fail(browser, csp_site):
    """An inline script or style the policy does not list is caught."""
    context = browser.new_context()
    page = context.new_page()
    violations = watch_csp(context, page)
    page.goto(csp_site.url + "/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.appendChild(s);
                             document.body.setAttribute('style', 'color: red'); }""")
    page.wait_for_timeout(200)
    ran = page.evaluate("window.__ran")
    context.close()
    assert ran is None
    assert any("script-src" in v for v in violations), violations
