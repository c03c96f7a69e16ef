"""Saved answers under hostile and unlucky conditions, in headless Chromium:
two tabs on one worksheet, storage full or blocked, stored values of the
wrong type, choices a later definition dropped, field names that collide with
JavaScript's built-ins, and a backup with wrong types."""

from __future__ import annotations

import functools
import http.server
import json
import threading

import pytest
from playwright.sync_api import expect

from conftest import _QuietHandler, mkdocs_build
from test_browser_worksheets import KEY, MODULE, SHEET, stored, wait_saved

PLAN = "/my-plan/"


def store_raw(page, key, raw):
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, raw])


def new_tab(context, errors):
    tab = context.new_page()
    tab.on("pageerror", lambda e: errors.append(str(e)))
    return tab


def download(page, selector, tmp_path, name):
    with page.expect_download() as info:
        page.click(selector)
    target = tmp_path / name
    info.value.save_as(target)
    return target


# ---- Two tabs ----


@pytest.fixture()
def tabs(context, server):
    """Two tabs of one browser, on the same worksheet; no script error in either."""
    errors: list[str] = []
    a, b = new_tab(context, errors), new_tab(context, errors)
    a.goto(server + MODULE)
    b.goto(server + MODULE)
    yield a, b
    assert errors == []


def test_a_save_in_one_tab_shows_in_the_other_and_erases_nothing(tabs):
    a, b = tabs
    a.fill("#ca-career-goals-measure", "Typed in tab A")
    a.check("#ca-career-goals-goal-kind-skill")
    wait_saved(a)
    # Tab B shows what tab A saved, without a reload...
    expect(b.locator("#ca-career-goals-measure")).to_have_value("Typed in tab A")
    expect(b.locator("#ca-career-goals-goal-kind-skill")).to_be_checked()
    # ...and its own save adds to it instead of writing its stale copy.
    b.fill("#ca-career-goals-gaps", "Typed in tab B")
    wait_saved(b)
    values = stored(b)["values"]
    assert values["measure"] == "Typed in tab A" and values["goal-kind"] == ["skill"] and values["gaps"] == "Typed in tab B"
    expect(a.locator("#ca-career-goals-gaps")).to_have_value("Typed in tab B")


HOLD_TIMERS = """() => {
    window.__held = [];
    window.setTimeout = fn => window.__held.push(fn);
    window.clearTimeout = () => {};
}"""


def test_an_unsaved_edit_is_kept_when_another_tab_changes_the_same_field(tabs):
    a, b = tabs
    a.fill("#ca-career-goals-measure", "Saved first in A")
    wait_saved(a)
    expect(b.locator("#ca-career-goals-measure")).to_have_value("Saved first in A")
    a.evaluate(HOLD_TIMERS)  # tab A's next edit waits unsaved
    a.fill("#ca-career-goals-strengths", "Being edited in A")
    b.fill("#ca-career-goals-strengths", "Saved in B")
    b.fill("#ca-career-goals-values", "Also from B")
    wait_saved(b)
    notice = a.locator(f"{SHEET} [data-ca-notice]")
    expect(notice).to_contain_text("changed in another tab")
    assert a.locator("#ca-career-goals-strengths").input_value() == "Being edited in A"
    expect(a.locator("#ca-career-goals-values")).to_have_value("Also from B")
    a.evaluate("window.__held.splice(0).forEach(fn => fn())")
    wait_saved(a)
    values = stored(a)["values"]
    assert values == {**values, "measure": "Saved first in A", "strengths": "Being edited in A", "values": "Also from B"}
    assert notice.is_visible(), "the warning stays until the reader has seen it"


# ---- Full storage ----

FILL = """() => {
    let i = 0, last = null;
    for (let size = 1 << 20; size >= 1; size >>= 1) {
        const chunk = 'x'.repeat(size);
        try { for (;;) localStorage.setItem('junk-' + i++, chunk); } catch (e) { last = e.name; }
    }
    return last;
}"""


def test_full_storage_still_shows_what_is_saved_and_offers_a_backup(page, server, tmp_path):
    page.goto(server + MODULE)
    page.fill("#ca-career-goals-measure", "Saved before it filled up")
    page.check("#ca-career-goals-goal-kind-skill")
    wait_saved(page)
    assert page.evaluate(FILL) == "QuotaExceededError"
    page.reload()
    assert page.locator("#ca-career-goals-measure").input_value() == "Saved before it filled up"
    assert page.locator("#ca-career-goals-goal-kind-skill").is_checked()
    notice = page.locator(f"{SHEET} [data-ca-notice]")
    assert "full" in notice.inner_text() and "not being kept" in notice.inner_text()
    page.fill("#ca-career-goals-measure", "Typed while full, and a good deal longer than before")
    page.locator(f"{SHEET} [data-ca-status]").filter(has_text="Not saved").wait_for()
    assert stored(page)["values"]["measure"] == "Saved before it filled up"

    page.goto(server + PLAN)
    top = page.locator("[data-ca-plan-full]")
    assert top.is_visible() and "not being kept" in top.inner_text()
    assert "Saved before it filled up" in page.locator("[data-ca-plan-body]").inner_text()
    backup = json.loads(download(page, "[data-ca-backup]", tmp_path, "backup.json").read_text())
    assert backup["entries"][KEY]["values"]["measure"] == "Saved before it filled up"
    assert page.locator("[data-ca-plan-tools]").is_visible()


# ---- Blocked storage ----

BLOCKED = """Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError'); }});"""


def test_blocked_storage_is_said_at_the_top_of_my_plan_and_on_the_worksheet(context, server):
    context.add_init_script(BLOCKED)
    errors: list[str] = []
    page = new_tab(context, errors)
    page.goto(server + PLAN)
    top = page.locator("[data-ca-plan-blocked]")
    assert top.is_visible()
    assert "not letting this site read or save" in top.inner_text()
    # Nothing on the page promises what cannot work.
    assert not page.get_by_text("restore a backup with the button").is_visible()
    assert page.locator("[data-ca-plan-tools]").is_hidden()
    assert page.locator("[data-ca-plan-clear]").is_hidden()
    assert top.bounding_box()["y"] < page.locator("h2", has_text="Save, move or clear").bounding_box()["y"]
    page.goto(server + MODULE)
    assert "not letting this site save" in page.locator(f"{SHEET} [data-ca-notice]").inner_text()
    assert_in_view_from_the_first_field(page, page.locator(f"{SHEET} [data-ca-notice]"))
    assert_tabbing_never_hides_a_field_behind(page, page.locator(f"{SHEET} [data-ca-notice]"))
    page.fill("#ca-career-goals-measure", "Still typing")
    assert errors == [], "no script on the page, the theme's included, may fail"



UNSAVED = "can't be saved on this page"


def assert_in_view_from_the_first_field(page, notice):
    """On a phone, with the form's first field at the top of the screen,
    the warning written at the form's foot is on screen all the same."""
    page.set_viewport_size({"width": 390, "height": 700})
    first = page.locator(f"{SHEET} textarea, {SHEET} input").first
    first.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.evaluate("() => new Promise(requestAnimationFrame)")
    field, box = first.bounding_box(), notice.bounding_box()
    assert 0 <= field["y"] < 200, field
    assert box["y"] >= field["y"] + field["height"] and box["y"] + box["height"] <= 700, box


def assert_tabbing_never_hides_a_field_behind(page, notice):
    """Each control the keyboard moves to is scrolled clear of the pinned
    warning, not left behind it (WCAG 2.4.11, focus not obscured)."""
    page.locator(f"{SHEET} textarea, {SHEET} input").first.focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => { const r = document.activeElement.getBoundingClientRect();"
                                " return {id: document.activeElement.id, bottom: r.bottom}; }")
        assert focused["bottom"] <= notice.bounding_box()["y"] + 1, focused


def test_a_form_whose_script_did_not_load_says_its_answers_cannot_be_saved(page, server):
    """Offline, or the file blocked: without the forms' script nothing typed
    is kept, so the form says so, whether the script came with the page or
    was fetched on arriving by instant navigation; once the file can be had
    again, the next page with forms fetches it and saves."""
    blocked = lambda route: route.abort()  # noqa: E731
    page.route("**/career-allies-forms.js", blocked)
    page.goto(server + MODULE)
    notice = page.locator(f"{SHEET} [data-ca-notice]")
    expect(notice).to_be_visible()
    assert UNSAVED in notice.inner_text()
    assert_in_view_from_the_first_field(page, notice)
    page.goto(server + "/")
    page.locator("article a[href$='modules/know-what-you-want/']").first.click()
    page.wait_for_url("**" + MODULE)
    expect(notice).to_be_visible()
    assert UNSAVED in notice.inner_text()
    page.unroute("**/career-allies-forms.js", blocked)
    page.locator("article a[href$='finding-mentors/']").first.click()
    page.wait_for_url("**/modules/finding-mentors/")
    page.locator("[data-ca-key] textarea:visible, [data-ca-key] input[type=text]:visible").first.fill("Ask Sam")
    page.locator("[data-ca-status]").filter(has_text="Saved on this device").first.wait_for()
    expect(page.locator("[data-ca-notice]:visible")).to_have_count(0)

# ---- Odd stored values ----

ODD = {
    "long-term": 42,
    "short-term": None,
    "goal-kind": {"skill": True},
    "measure": ["first", "second"],
    "deadline": True,
    "confidence": [4],
    "first-step": 7,
    "perspectives": "a table that became text",
    "strengths": {"nested": ["deep"]},
}


def test_stored_values_of_any_type_never_blank_my_plan_or_the_worksheet(page, server):
    page.goto(server + MODULE)
    store_raw(page, KEY, json.dumps({"format": 1, "values": ODD}))
    store_raw(page, "career-allies:checklist:mentor-ready", json.dumps({"format": 1, "values": {"direction": {"x": 1}, "time": 2, "gaps": ["1"]}}))
    store_raw(page, "career-allies:worksheet:prospect-list", "{not json")
    store_raw(page, "career-allies:worksheet:roadmap", json.dumps({"values": [1, 2]}))
    store_raw(page, "career-allies:progress", json.dumps({"values": {"know-what-you-want": 5, "finding-mentors": None}}))
    page.goto(server + PLAN)
    text = page.locator("[data-ca-plan-body]").inner_text()
    for expected in ("42", "first; second", "a table that became text", '{"nested":["deep"]}', "Career goals", "Ready to look for a mentor?"):
        assert expected.lower() in text.lower(), expected
    assert "could not be read" in text  # the junk entry, said once, not a blank page
    page.goto(server + MODULE)
    assert page.locator("#ca-career-goals-long-term").input_value() == "42"
    assert page.locator("#ca-mentor-ready-time-2").is_checked()
    page.fill("#ca-career-goals-gaps", "A new answer")
    wait_saved(page)
    values = stored(page)["values"]
    assert values == {**ODD, "gaps": "A new answer"}, "untouched values are kept as they were"


# ---- Choices a later definition no longer has ----


def test_a_choice_no_longer_offered_is_kept_by_saves_and_shown_on_my_plan(page, server, tmp_path):
    page.goto(server + MODULE)
    store_raw(page, KEY, json.dumps({"format": 1, "values": {"goal-kind": ["skill", "mentoring-circle"], "first-step": "shadow"}}))
    page.reload()
    assert "no longer on this worksheet" in page.locator(f"{SHEET} [data-ca-notice]").inner_text()
    page.check("#ca-career-goals-goal-kind-project")
    page.fill("#ca-career-goals-measure", "Edited after the change")
    wait_saved(page)
    values = stored(page)["values"]
    assert sorted(values["goal-kind"]) == ["mentoring-circle", "project", "skill"]
    assert values["first-step"] == "shadow"
    page.goto(server + PLAN)
    text = page.locator("[data-ca-plan-body]").inner_text()
    assert "mentoring-circle (from an earlier version)" in text and "shadow (from an earlier version)" in text
    backup = json.loads(download(page, "[data-ca-export=json]", tmp_path, "backup.json").read_text())
    assert "mentoring-circle" in backup["entries"][KEY]["values"]["goal-kind"]


@pytest.fixture()
def copy_server(site_copy):
    """Serve a copy of the project's site, rebuilt in place, at one origin."""
    site = site_copy / "site"
    site.mkdir()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"

    def build():
        result = mkdocs_build(site_copy / "mkdocs.yml", site, site_url=url + "/")
        assert result.returncode == 0, result.stdout + result.stderr

    yield site_copy, url, build
    httpd.shutdown()
    httpd.server_close()


def test_an_option_removed_between_two_builds_survives_under_saved_answers(context, copy_server):
    project, url, build = copy_server
    build()
    page = context.new_page()
    page.goto(url + MODULE)
    page.check("#ca-career-goals-goal-kind-project")
    page.check("#ca-career-goals-first-step-research")
    wait_saved(page)
    definition = project / "docs/_data/worksheets/career-goals.yml"
    text = definition.read_text()
    for line in ("      - {id: project, label: Take on a stretch project}\n", '      - {id: research, label: "Find out more about the role, field or skill"}\n'):
        assert line in text
        text = text.replace(line, "")
    # Leah's filled-in example may not name a removed option either.
    assert "    goal-kind: [project, role]\n" in text
    text = text.replace("    goal-kind: [project, role]\n", "    goal-kind: [role]\n")
    definition.write_text(text)
    build()
    page.reload()
    assert page.locator("#ca-career-goals-goal-kind-project").count() == 0
    page.check("#ca-career-goals-goal-kind-skill")
    wait_saved(page)
    values = stored(page)["values"]
    assert sorted(values["goal-kind"]) == ["project", "skill"] and values["first-step"] == "research"
    page.goto(url + PLAN)
    text = page.locator("[data-ca-plan-body]").inner_text()
    assert "project (from an earlier version)" in text and "research (from an earlier version)" in text


# ---- Field names that are also JavaScript's built-in names ----

HOSTILE = '{"format": 1, "values": {"constructor": "c-answer", "hasOwnProperty": "h-answer", "toString": "t-answer", "__proto__": "p-answer", "measure": "Plain"}}'
HOSTILE_NAMES = ("constructor", "hasOwnProperty", "toString", "__proto__")


def test_field_names_like_constructor_round_trip_through_save_plan_export_and_import(page, server, tmp_path):
    page.goto(server + MODULE)
    store_raw(page, KEY, HOSTILE)
    page.reload()
    page.fill("#ca-career-goals-gaps", "Saved on top")
    wait_saved(page)
    raw = page.evaluate("k => localStorage.getItem(k)", KEY)
    for name in HOSTILE_NAMES:
        assert f'"{name}":' in raw, name
    page.goto(server + PLAN)
    text = page.locator("[data-ca-plan-body]").inner_text()
    for answer in ("c-answer", "h-answer", "t-answer", "p-answer"):
        assert answer in text, answer
    backup = download(page, "[data-ca-export=json]", tmp_path, "backup.json")
    assert '"__proto__": "p-answer"' in backup.read_text()
    page.click("[data-ca-clear-all]")
    page.click("[data-ca-clear-confirm]")
    page.set_input_files("[data-ca-import]", str(backup))
    page.locator("[data-ca-import-preview]").wait_for()
    page.click("[data-ca-import-apply]")
    raw = page.evaluate("k => localStorage.getItem(k)", KEY)
    for name, answer in zip(HOSTILE_NAMES, ("c-answer", "h-answer", "t-answer", "p-answer"), strict=True):
        assert f'"{name}":"{answer}"' in raw, name
    assert "p-answer" in page.locator("[data-ca-plan-body]").inner_text()


# ---- A backup with wrong types ----


@pytest.mark.parametrize("value", [42, None, {"skill": True}, [1, 2], [["nested"]], [{"who": 3}]])
def test_a_backup_with_wrong_types_is_refused_and_changes_nothing(page, server, tmp_path, value):
    page.goto(server + MODULE)
    page.fill("#ca-career-goals-measure", "Keep me")
    wait_saved(page)
    page.goto(server + PLAN)
    before = page.evaluate("() => JSON.stringify(Object.entries(localStorage).sort())")
    doc = {
        "format": "career-allies-backup",
        "version": 1,
        "site": {"id": "career-allies"},
        "entries": {
            "career-allies:worksheet:roadmap": {"format": 1, "values": {"destination": "Fine on its own"}},
            KEY: {"format": 1, "values": {"measure": "From the file", "long-term": value}},
        },
    }
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    page.set_input_files("[data-ca-import]", str(bad))
    notice = page.locator("[data-ca-plan-notice]")
    notice.wait_for()
    assert "long-term" in notice.inner_text() and "Nothing was changed" in notice.inner_text()
    assert page.locator("[data-ca-import-preview]").is_hidden()
    assert page.evaluate("() => JSON.stringify(Object.entries(localStorage).sort())") == before
