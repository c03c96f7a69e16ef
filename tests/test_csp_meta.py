"""What each page's head carries for hosts that cannot send headers, and for
the browser's own bar (issue 19).

- `<meta http-equiv="Content-Security-Policy">`: the same policy as
  `docs/_headers` (same sources, same inline-script hashes) in every built
  page, before any script, without the directives a meta tag cannot carry.
  Served by a plain static server that sends no headers (GitHub Pages,
  GitLab Pages), every page type and feature runs with no violation, and an
  inline script the policy does not list is blocked.
- `<meta name="theme-color">`: the header's colour for a light and a dark
  device, kept in step with the site's own light/dark switch.
"""

from __future__ import annotations

import html
import re

import pytest

from quality import Guard, built_pages, page_file, use_every_feature
from test_quality_security import watch_csp

from career_allies.headers import HEADERS_FILE, NOT_IN_META, fill_meta_csp, header_rules, policy_for
from career_allies.organisation import load_settings, night_primary
from test_organisation import org_site  # noqa: F401  (the example organisation's built site)

META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', re.I)
TOGGLE = "label.md-header__button[for^='__palette']:visible"


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0].lower(): d.split()[1:] for d in policy.split(";") if d.strip()}


def meta_carried(policy: str) -> dict[str, list[str]]:
    """The directives of a policy that a <meta> tag can carry."""
    return {k: v for k, v in directives(policy).items() if k not in NOT_IN_META}


def page_policies(site):
    """(URL path, the page's meta policy or None, the _headers policy) per page."""
    rules = header_rules((site / HEADERS_FILE).read_text(encoding="utf-8"))
    for path in built_pages(site):
        text = page_file(site, path).read_text(encoding="utf-8")
        found = META_CSP.findall(text)
        assert len(found) <= 1, f"{path}: {len(found)} CSP meta tags"
        yield path, text, (html.unescape(found[0]) if found else None), policy_for(rules, path)


def test_every_page_carries_the_headers_policy_in_a_meta_tag_before_any_script(engine_site):
    built_site = engine_site.dir
    seen = 0
    for path, text, meta, header in page_policies(built_site):
        assert header, f"{path}: _headers sends no CSP for this page"
        assert meta, f"{path}: no <meta http-equiv=Content-Security-Policy>"
        head = text[: text.index("</head>")]
        assert META_CSP.search(head), f"{path}: the CSP meta must be in the head"
        first_script = text.find("<script")
        assert first_script == -1 or META_CSP.search(text).start() < first_script, f"{path}: a script comes before the CSP meta, so it is not covered"
        assert meta_carried(meta) == meta_carried(header), f"{path}: the meta CSP and _headers differ:\n{meta}\n{header}"
        assert not set(directives(meta)) & set(NOT_IN_META), f"{path}: a meta CSP cannot carry {set(directives(meta)) & set(NOT_IN_META)}"
        seen += 1
    assert seen > 5
    # What the meta tag leaves to _headers is there: click-jacking protection.
    assert "frame-ancestors" in directives(header)


def test_the_comparison_sees_any_difference():
    """The check above fails when the two policies differ in a directive a
    meta tag carries, and only then."""
    header = "default-src 'self'; script-src 'self' 'sha256-a'; frame-ancestors 'self'"
    assert meta_carried("default-src 'self'; script-src 'self' 'sha256-a'") == meta_carried(header)
    assert meta_carried("default-src 'self'; script-src 'self'") != meta_carried(header)
    assert meta_carried("default-src 'self'; script-src 'self' 'sha256-a'; img-src data:") != meta_carried(header)


def test_the_hash_list_is_the_site_wide_one_in_both(engine_site):
    """Instant navigation runs the next page's inline scripts under the first
    page's policy: every page's meta lists the hashes of every page."""
    built_site = engine_site.dir
    policies = {meta for _, _, meta, _ in page_policies(built_site)}
    assert len(policies) == 1, "every page should carry the same policy"
    assert "'sha256-" in policies.pop()


def test_a_second_run_replaces_the_meta_policy_however_it_was_written(tmp_path):
    """`python -m career_allies.headers site/` after a build: one policy
    per page, written as the first run wrote it, whatever case or
    indentation the old tag had, and nothing else in the page moved."""
    (tmp_path / HEADERS_FILE).write_text("/*\n  Content-Security-Policy: default-src 'self'; frame-ancestors 'none'\n", encoding="utf-8")
    body = "<body>\n" + " " * 5000 + "<p>a  <  b</p>\n\t\t<meta name=x>\n</body>\n"
    old = ('<html>\n  <head>\n    <meta charset="utf-8">\n \t  <META HTTP-EQUIV="content-security-policy" content="old">\n'
           '    <title>t</title>\n  </head>\n' + body + "</html>\n")
    page = tmp_path / "index.html"
    page.write_text(old, encoding="utf-8")
    assert fill_meta_csp(tmp_path) == 1
    once = page.read_text(encoding="utf-8")
    assert once == ('<html>\n  <head>\n    <meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="default-src \'self\'">\n'
                    '    <title>t</title>\n  </head>\n' + body + "</html>\n")
    assert fill_meta_csp(tmp_path) == 1
    assert page.read_text(encoding="utf-8") == once


def browse_without_headers(browser, server, site, act):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    violations = watch_csp(context, page)
    guard = Guard(context, server)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    act(page)
    context.close()
    return violations, errors, guard.blocked


def test_every_page_and_feature_works_under_the_meta_csp_served_without_headers(browser, server, built_site):
    """The `server` fixture is a plain static server: no CSP header, so the
    meta tags alone carry the policy. Home, module pages with their forms,
    My plan, the worksheets pack, search, light/dark and instant navigation."""
    import urllib.request

    with urllib.request.urlopen(server + "/") as r:
        assert "Content-Security-Policy" not in r.headers, "this test needs a server that sends no CSP header"
    violations, errors, blocked = browse_without_headers(browser, server, built_site, lambda page: use_every_feature(page, server, built_site))
    assert not violations, "\n".join(sorted(set(violations))[:20])
    assert not errors, "\n".join(errors[:20])
    assert blocked == []


def test_the_meta_csp_blocks_an_unlisted_inline_script_without_headers(browser, server):
    def act(page):
        page.goto(server + "/")
        page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.appendChild(s); }""")
        page.wait_for_timeout(200)
        act.ran = page.evaluate("window.__ran")

    violations, _, _ = browse_without_headers(browser, server, None, act)
    assert act.ran is None, "an inline script the policy does not list ran"
    assert any("script-src" in v for v in violations), violations


# ---- theme-color ----

def bar_colour(page) -> str:
    """The theme-color the browser uses: the first whose media matches."""
    return page.evaluate("""() => { const m = [...document.querySelectorAll('meta[name=theme-color]')]
        .find(m => !m.media || matchMedia(m.media).matches); return m && m.content; }""")


@pytest.mark.parametrize("device, first, other", [("light", "#17565c", "#143f44"), ("dark", "#143f44", "#17565c")])
def test_theme_color_follows_the_device_and_the_switch(browser, server, device, first, other):
    context = browser.new_context(color_scheme=device)
    page = context.new_page()
    page.goto(server + "/")
    assert bar_colour(page) == first
    page.locator(TOGGLE).click()
    assert bar_colour(page) == other, "the browser's bar should follow the site's light/dark switch"
    page.reload()
    assert bar_colour(page) == other, "and keep the saved choice after a reload"
    page.locator(TOGGLE).click()
    assert bar_colour(page) == first
    context.close()


def test_theme_color_is_there_with_javascript_off(browser, server):
    context = browser.new_context(color_scheme="dark", java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/modules/know-what-you-want/")
    media = page.eval_on_selector_all("meta[name=theme-color]", "ms => ms.map(m => [m.media, m.content])")
    assert media == [["(prefers-color-scheme: light)", "#17565c"], ["(prefers-color-scheme: dark)", "#143f44"]]
    context.close()


def test_theme_color_takes_the_organisations_primary_colour(org_site):
    """The example organisation (tests/fixtures/org) sets primary_colour."""
    home = (org_site / "index.html").read_text(encoding="utf-8")
    bars = re.findall(r'<meta name="theme-color" media="\(prefers-color-scheme: (\w+)\)" content="([^"]+)">', home)
    assert bars == [("light", "#0b5394"), ("dark", night_primary("#0b5394"))]
    assert load_settings(None).template_data()["theme_colours"] == {}
