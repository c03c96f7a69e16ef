"""My plan, progress, export and import, in headless Chromium on the built site."""

from __future__ import annotations

import json
import re
import time
from html import unescape

import pytest

from conftest import ROOT
from quality import wait_ready

PLAN = "/my-plan/"
M2 = "/modules/know-what-you-want/"
M4 = "/modules/finding-mentors/"
M6 = "/modules/sponsors-and-advocates/"
PREFIX = "career-allies:"


def storage(page) -> dict[str, str]:
    return page.evaluate("""p => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith(p)).sort().map(k => [k, localStorage.getItem(k)]))""", PREFIX)


def saved(page, root):
    page.locator(f"{root} [data-ca-status]").filter(has_text="Saved on this device").wait_for()


def fill_three_modules(page, server):
    page.goto(server + M2)
    page.fill("#ca-career-goals-measure", "Two workshops with feedback")
    page.check("#ca-career-goals-goal-kind-skill")
    page.check("#ca-mentor-ready-direction-2")
    saved(page, "[data-checklist='mentor-ready']")
    page.goto(server + M4)
    page.fill("#ca-prospect-list-prospects-0-name", "Mei Chen")
    page.fill("#ca-prospect-list-help-with", "Moving into product work")
    saved(page, "[data-worksheet='prospect-list']")
    page.goto(server + M6)
    page.check("#ca-sponsorship-readiness-ambition-1")
    saved(page, "[data-checklist='sponsorship-readiness']")


def test_answers_from_several_pages_appear_on_my_plan_in_reading_order(page, server):
    fill_three_modules(page, server)
    page.goto(server + PLAN)
    body = page.locator("[data-ca-plan-body]")
    text = body.inner_text()
    for expected in ("Two workshops with feedback", "Learn or improve a skill", "Mei Chen", "Moving into product work", "Score 4 out of 16: Not yet"):
        assert expected in text, expected
    assert text.index("Know what you want") < text.index("Finding mentors") < text.index("Sponsors and advocates")
    assert "Not started yet." in text  # e.g. module 1
    # Each worksheet title links back to the worksheet on its module page.
    link = body.get_by_role("link", name="Prospect list")
    assert link.get_attribute("href").endswith("/modules/finding-mentors/#ca-prospect-list-title")


def export_backup(page, tmp_path):
    with page.expect_download() as info:
        page.click("[data-ca-export=json]")
    target = tmp_path / "backup.json"
    info.value.save_as(target)
    return target


def clear_everything(page):
    page.click("[data-ca-clear-all]")
    dialog = page.locator("[data-ca-clear-dialog]")
    assert dialog.is_visible()
    page.click("[data-ca-clear-confirm]")
    assert dialog.is_hidden()


def import_file(page, path):
    page.set_input_files("[data-ca-import]", str(path))


def test_export_clear_import_restores_everything_exactly(page, server, tmp_path, browser):
    fill_three_modules(page, server)
    page.goto(server + M2)
    page.check("[data-ca-done]")  # progress is part of the backup too
    page.goto(server + PLAN)
    before = storage(page)
    assert len(before) == 5
    backup = export_backup(page, tmp_path)
    doc = json.loads(backup.read_text())
    assert doc["format"] == "career-allies-backup" and doc["version"] == 1
    assert doc["site"]["id"] == "career-allies" and doc["exported"]

    clear_everything(page)
    assert storage(page) == {}
    assert "You have not saved any answers" in page.locator("[data-ca-plan-body]").inner_text()

    import_file(page, backup)
    preview = page.locator("[data-ca-import-preview]")
    preview.wait_for()
    assert "new" in preview.inner_text() and "Career goals" in preview.inner_text()
    assert storage(page) == {}, "nothing may change before confirmation"
    page.click("[data-ca-import-apply]")
    assert storage(page) == before
    page.locator("[data-ca-plan-body]", has_text="Mei Chen").wait_for(timeout=10000)  # drawn once the labels are in

    # And on a brand-new browser profile, as when moving to another device.
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(server + PLAN)
    import_file(other, backup)
    other.locator("[data-ca-import-preview]").wait_for()
    other.click("[data-ca-import-apply]")
    assert storage(other) == before
    other.goto(server + M4)
    assert other.locator("#ca-prospect-list-prospects-0-name").input_value() == "Mei Chen"
    fresh.close()


def test_import_preview_shows_new_changed_and_unchanged_and_cancel_changes_nothing(page, server, tmp_path):
    page.goto(server + M2)
    page.fill("#ca-career-goals-measure", "Original")
    page.fill("#ca-career-goals-gaps", "Same in both")
    saved(page, "[data-worksheet='career-goals']")
    page.goto(server + PLAN)
    backup = export_backup(page, tmp_path)
    page.goto(server + M2)
    page.fill("#ca-career-goals-measure", "Edited since the backup")
    saved(page, "[data-worksheet='career-goals']")
    page.goto(server + PLAN)
    before = storage(page)
    doc = json.loads(backup.read_text())
    doc["entries"]["career-allies:worksheet:career-goals"]["values"]["strengths"] = "New in the backup"
    backup.write_text(json.dumps(doc))
    import_file(page, backup)
    summary = page.locator("[data-ca-import-preview]")
    summary.wait_for()
    assert "Career goals: 1 new, 1 changed" in summary.inner_text()
    page.click("[data-ca-import-cancel]")
    assert summary.is_hidden()
    assert storage(page) == before
    import_file(page, backup)
    summary.wait_for()
    page.click("[data-ca-import-apply]")
    values = json.loads(storage(page)["career-allies:worksheet:career-goals"])["values"]
    assert values["measure"] == "Original" and values["strengths"] == "New in the backup" and values["gaps"] == "Same in both"


def good_backup() -> dict:
    return {
        "format": "career-allies-backup",
        "version": 1,
        "site": {"id": "career-allies"},
        "exported": "2026-11-22T10:00:00Z",
        "entries": {"career-allies:worksheet:career-goals": {"format": 1, "values": {"measure": "From the file"}}},
    }


BAD_FILES = {
    "not-json": ("this is not json at all", "not valid JSON"),
    "truncated": (json.dumps(good_backup())[:70], "not valid JSON"),
    "foreign-json": (json.dumps({"name": "a different app", "items": [1, 2]}), "not a Career Allies backup"),
    "other-version": (json.dumps({**good_backup(), "version": 2}), "different version"),
    "no-entries": (json.dumps({**good_backup(), "entries": [1, 2]}), "no answers section"),
    "foreign-key": (json.dumps({**good_backup(), "entries": {"career-allies:worksheet:career-goals": {"values": {}}, "other-app:token": {"values": {}}}}), "not a saved answer"),
    "wrong-shape": (json.dumps({**good_backup(), "entries": {"career-allies:worksheet:career-goals": {"values": ["a", "b"]}}}), "wrong shape"),
    "too-large": (json.dumps({**good_backup(), "padding": "x" * 2_100_000}), "too large"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_import_files_are_refused_and_change_nothing(page, server, tmp_path, name):
    content, message = BAD_FILES[name]
    page.goto(server + M2)
    page.fill("#ca-career-goals-measure", "Keep me")
    saved(page, "[data-worksheet='career-goals']")
    page.goto(server + PLAN)
    before = storage(page)
    bad = tmp_path / f"{name}.json"
    bad.write_text(content)
    import_file(page, bad)
    notice = page.locator("[data-ca-plan-notice]")
    notice.wait_for()
    assert message in notice.inner_text()
    assert page.locator("[data-ca-import-preview]").is_hidden()
    assert storage(page) == before


def test_a_good_hand_made_backup_is_accepted(page, server, tmp_path):
    page.goto(server + PLAN)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(good_backup()))
    import_file(page, good)
    page.locator("[data-ca-import-preview]").wait_for()
    page.click("[data-ca-import-apply]")
    # The plan is drawn once its labels file has loaded (the page had no
    # answers before, so it had not needed it): a moment after the click.
    page.locator("[data-ca-plan-body]", has_text="From the file").wait_for(timeout=10000)


def test_clear_everything_names_what_will_be_lost_and_offers_a_backup(page, server):
    fill_three_modules(page, server)
    page.goto(server + PLAN)
    before = storage(page)
    page.click("[data-ca-clear-all]")
    dialog = page.locator("[data-ca-clear-dialog]")
    text = dialog.inner_text()
    assert "Career goals (Know what you want)" in text and "Prospect list (Finding mentors)" in text
    with page.expect_download() as info:
        page.click("[data-ca-clear-export]")
    assert info.value.suggested_filename.endswith(".json")
    page.click("[data-ca-clear-cancel]")
    assert dialog.is_hidden()
    assert storage(page) == before
    # Escape closes the dialog too, and deletes nothing.
    page.click("[data-ca-clear-all]")
    page.keyboard.press("Escape")
    assert dialog.is_hidden() and storage(page) == before


def test_progress_shows_in_the_nav_the_course_map_and_the_module(page, server):
    page.goto(server + M4)
    page.fill("#ca-prospect-list-help-with", "Product work")
    saved(page, "[data-worksheet='prospect-list']")
    page.goto(server + M2)
    box = page.locator("[data-ca-module]")
    assert box.is_visible()
    page.check("[data-ca-done]")
    assert "marked this module as done" in box.inner_text()
    nav_link = page.locator(f".md-nav__link[href$='{M2}']").first
    assert "Done" in nav_link.inner_text()
    page.goto(server + "/")
    card_m2 = page.locator(".ca-course-map a[href$='know-what-you-want/']")
    card_m4 = page.locator(".ca-course-map a[href$='finding-mentors/']")
    assert card_m2.locator("[data-ca-progress]").inner_text() == "Done"
    assert card_m4.locator("[data-ca-progress]").inner_text() == "In progress"
    assert page.locator(".ca-course-map a[href$='start-here/'] [data-ca-progress]").count() == 0
    # The page's own table of contents gets no badges.
    page.goto(server + M2)
    assert page.locator(".md-nav--secondary [data-ca-progress]").count() == 0
    page.uncheck("[data-ca-done]")
    assert "Done" not in page.locator(f".md-nav__link[href$='{M2}']").first.inner_text()


def test_answers_outlive_changes_to_the_course(page, server, tmp_path):
    page.goto(server + PLAN)
    page.evaluate("""() => {
        localStorage.setItem('career-allies:worksheet:career-goals', JSON.stringify({format: 1, values: {measure: 'Current', 'old-field': 'Written before the change'}}));
        localStorage.setItem('career-allies:worksheet:retired-sheet', JSON.stringify({format: 1, values: {q1: 'From a removed worksheet'}}));
    }""")
    page.reload()
    text = page.locator("[data-ca-plan-body]").inner_text()
    assert "Earlier answers, to questions no longer on this worksheet" in text and "Written before the change" in text
    assert "Answers from worksheets no longer in this course" in text and "From a removed worksheet" in text
    doc = json.loads(export_backup(page, tmp_path).read_text())
    assert doc["entries"]["career-allies:worksheet:career-goals"]["values"]["old-field"] == "Written before the change"
    assert doc["entries"]["career-allies:worksheet:retired-sheet"]["values"]["q1"] == "From a removed worksheet"
    with page.expect_download() as info:
        page.click("[data-ca-export=markdown]")
    target = tmp_path / "plan.md"
    info.value.save_as(target)
    markdown = target.read_text()
    assert "Written before the change" in markdown and "From a removed worksheet" in markdown
    # The worksheet itself says where the earlier answers went.
    page.goto(server + M2)
    assert "shown on My plan" in page.locator("[data-worksheet='career-goals'] [data-ca-notice]").inner_text()


PAYLOADS = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=1</script>", "[click](javascript:window.__xss=1)"]


def test_html_in_answers_is_shown_as_text_on_my_plan_and_in_the_markdown_export(page, server, tmp_path):
    page.goto(server + M2)
    page.fill("#ca-career-goals-long-term", PAYLOADS[0])
    page.fill("#ca-career-goals-short-term", PAYLOADS[1])
    page.fill("#ca-career-goals-perspectives-0-who", PAYLOADS[2])
    saved(page, "[data-worksheet='career-goals']")
    page.goto(server + PLAN)
    body = page.locator("[data-ca-plan-body]")
    for payload in PAYLOADS:
        assert payload in body.inner_text()
    assert body.locator("img, script, a[href^='javascript']").count() == 0
    assert page.evaluate("window.__xss") is None
    with page.expect_download() as info:
        page.click("[data-ca-export=markdown]")
    target = tmp_path / "plan.md"
    info.value.save_as(target)
    markdown = target.read_text()
    assert "\\<img src=x" in markdown and "\\<script\\>" in markdown and "\\[click\\](javascript" in markdown
    assert not re.search(r"(?<!\\)<(img|script)", markdown)


def test_my_plan_prints_without_tools_or_empty_worksheets(page, server):
    page.goto(server + M2)
    page.fill("#ca-career-goals-measure", "Printed answer")
    saved(page, "[data-worksheet='career-goals']")
    page.goto(server + PLAN)
    page.emulate_media(media="print")
    assert page.locator("[data-ca-plan-tools]").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator(".ca-plan__module--empty").first.evaluate("e => getComputedStyle(e).display") == "none"
    assert page.get_by_text("Printed answer").is_visible()


def test_my_plan_and_progress_work_after_instant_navigation(page, server):
    page.goto(server + M2)
    page.fill("#ca-career-goals-measure", "Via instant navigation")
    saved(page, "[data-worksheet='career-goals']")
    page.evaluate("window.__sameDocument = true")
    # The link sits in a collapsed nav section; a script click still goes through instant navigation.
    page.locator(".md-nav--primary a[href$='/my-plan/']").first.evaluate("a => a.click()")
    page.wait_for_url("**/my-plan/")
    # The empty list is in the page from the build; wait for the script's answers.
    page.locator("[data-ca-plan-body]", has_text="Via instant navigation").wait_for()
    assert page.evaluate("window.__sameDocument === true"), "expected instant navigation"
    page.locator(".md-nav--primary a[href$='/finding-mentors/']").first.evaluate("a => a.click()")
    page.wait_for_url("**/finding-mentors/")
    page.locator("[data-worksheet='prospect-list']").wait_for()  # the URL changes before the new page is in
    badge = page.locator(f".md-nav--primary .md-nav__link[href$='{M2}'] [data-ca-progress]").first
    badge.wait_for()
    assert badge.inner_text() == "In progress"
    # (The page fixture fails the test on any JavaScript error along the way.)


def test_my_plans_tools_hold_their_place_while_its_script_is_on_its_way(browser, server):
    """Both parts of My plan's tools, the toolbar and "Clear everything"
    lower down, take their place from the first paint, unseen: when the
    script is ready, showing them is a repaint, and nothing below them moves
    (no second layout of the page on start-up)."""
    def places(block_script: bool) -> dict:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        if block_script:
            page.route("**/my-plan.js", lambda route: route.abort())
        page.goto(server + PLAN)
        page.wait_for_load_state("networkidle")
        if not block_script:
            page.locator("[data-ca-plan-clear]:not(.ca-plan-tools--waiting)").wait_for()
        found = {css: page.locator(css).bounding_box() for css in ("[data-ca-plan-tools]", "[data-ca-plan-clear]", ".md-footer")}
        found["clear visible"] = page.locator("[data-ca-clear-all]").is_visible()
        context.close()
        return found
    waiting, ready = places(True), places(False)
    assert waiting["[data-ca-plan-clear]"] and waiting["[data-ca-plan-clear]"]["height"] > 0, "the clear part holds its place"
    assert not waiting["clear visible"] and ready["clear visible"]
    for css in ("[data-ca-plan-tools]", "[data-ca-plan-clear]", ".md-footer"):
        assert waiting[css] == ready[css], css


def test_my_plan_without_javascript_explains_itself(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + PLAN)
    assert "needs JavaScript" in page.locator(".ca-plan .ca-noscript").inner_text()
    assert page.locator("[data-ca-plan-tools]").is_hidden()
    # Every worksheet is still listed with a link to it, without claims about
    # saved answers that only the script could check.
    assert page.get_by_role("link", name="Prospect list").is_visible()
    assert page.locator(".ca-plan__none").is_hidden()
    assert page.locator(".ca-plan__empty").first.is_hidden()
    context.close()


def test_my_plan_does_not_move_when_the_script_fills_it(page, server):
    page.add_init_script("""
        window.__shift = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
            .observe({type: 'layout-shift', buffered: true});
    """)
    # As on a slow connection: the page paints before the theme's script
    # arrives (it takes the "no-js" class off <html> only then).
    def slow(route):
        time.sleep(0.4)
        route.continue_()

    page.route("**/assets/javascripts/bundle.*.min.js", slow)
    page.goto(server + PLAN)
    page.locator("[data-ca-plan-tools]").wait_for()  # the script has run
    assert page.locator(".ca-plan__none").is_visible()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__shift") < 0.01


def test_examples_never_reach_my_plan_the_export_or_progress(page, server, tmp_path):
    """Opening Leah's filled-in examples is reading, not answering."""
    for module in (M2, M4, M6):
        page.goto(server + module)
        for summary in page.locator("details.ca-example > summary").all():
            summary.click()
        page.locator("details.ca-example dd").first.click()
    page.wait_for_timeout(800)
    assert storage(page) == {}
    page.goto(server + M2)
    assert "Done" not in page.locator(f".md-nav__link[href$='{M2}']").first.inner_text()
    assert page.locator("[data-ca-progress]").count() == 0
    page.goto(server + PLAN)
    body = page.locator("[data-ca-plan-body]").inner_text()
    assert "You have not saved any answers" in body
    for leah in ("Data engineering", "Priyanka", "Marcus", "Helen Carter"):
        assert leah not in body, leah
    with page.expect_download() as info:
        page.click("[data-ca-export=markdown]")
    target = tmp_path / "plan.md"
    info.value.save_as(target)
    assert "Priyanka" not in target.read_text() and "Data engineering" not in target.read_text()
    backup = json.loads(export_backup(page, tmp_path).read_text())
    assert "Priyanka" not in json.dumps(backup) and "Marcus" not in json.dumps(backup)


# ---- My plan as a tool (issue 16) ----

HOME = "/"
START = "/modules/start-here/"


def download_text(page, selector, tmp_path, name):
    with page.expect_download() as info:
        page.click(selector)
    target = tmp_path / name
    info.value.save_as(target)
    return target.read_text()


def test_the_toolbar_sits_at_the_top_with_four_actions_in_plain_words(page, server):
    page.goto(server + PLAN)
    bar = page.locator("[data-ca-plan-tools]")
    bar.wait_for()
    # Above the intro and the answers; "Clear everything" lower down, after them.
    assert bar.bounding_box()["y"] < page.locator("h2#your-answers").bounding_box()["y"]
    assert page.locator("[data-ca-clear-all]").bounding_box()["y"] > page.locator("[data-ca-plan-body]").bounding_box()["y"]
    names = ["Print my plan", "Save a backup file", "Restore from a backup", "Download as text"]
    assert [n.strip() for n in bar.locator(".ca-plan-tools__bar > .ca-button").all_inner_texts()] == names
    assert "Markdown" not in bar.inner_text() and "JSON" not in bar.inner_text()
    # The file picker is a real control named by a button-looking label:
    # big enough to tap, reached by Tab, with a visible focus ring.
    picker = page.get_by_label("Restore from a backup")
    assert picker.get_attribute("type") == "file"
    label = bar.locator("label[for='ca-import-file']")
    box = label.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    page.locator("[data-ca-export=json]").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-ca-import')")
    assert label.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.click("[data-ca-plan-print]")
    assert page.evaluate("window.__printed") == 1


def module_count(page) -> int:
    """Modules in the course index: inline on My plan, a file elsewhere (loaded once something is saved)."""
    inline = "JSON.parse(document.querySelector('[data-ca-index]').getAttribute('data-ca-index')).modules"
    page.wait_for_function(f"{inline} || window.careerAlliesIndex")
    return page.evaluate(f"({inline} || window.careerAlliesIndex.modules).length")


@pytest.mark.parametrize("where", [PLAN, HOME])
def test_the_overview_counts_modules_done_and_continues_where_you_left_off(page, server, where):
    page.goto(server + where)
    overview = page.locator("[data-ca-overview]")
    assert overview.count() == 1 and overview.is_hidden(), "nothing to show before anything is saved"
    fill_three_modules(page, server)  # the last change: Sponsors and advocates
    page.goto(server + M2)
    page.check("[data-ca-done]")
    page.goto(server + where)
    total = module_count(page)
    assert total >= 10
    assert f"1 of {total} modules done, 2 more in progress." in overview.inner_text()
    link = overview.get_by_role("link", name="Continue where you left off: Sponsors and advocates")
    assert link.get_attribute("href").endswith(M6 + "#ca-sponsorship-readiness-title")
    # A newer change elsewhere moves the link there.
    page.goto(server + M4)
    page.fill("#ca-prospect-list-help-with", "Changed last")
    saved(page, "[data-worksheet='prospect-list']")
    page.goto(server + where)
    link = overview.get_by_role("link", name="Continue where you left off: Finding mentors")
    assert link.get_attribute("href").endswith(M4 + "#ca-prospect-list-title")


def test_the_home_page_overview_needs_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + HOME)
    overview = page.locator("[data-ca-overview]")
    assert overview.count() == 1 and overview.is_hidden()
    context.close()


def test_the_text_download_keeps_line_breaks_and_says_how_much_is_answered(page, server, tmp_path):
    import markdown

    page.goto(server + M2)
    page.fill("#ca-career-goals-long-term", "First line\nSecond line\nThird line")
    page.check("#ca-mentor-ready-direction-2")
    saved(page, "[data-checklist='mentor-ready']")
    statements = page.locator("[data-checklist='mentor-ready'] [data-weight]").count()
    page.goto(server + PLAN)
    assert f"(1 of {statements} answered)" in page.locator("[data-ca-plan-body]").inner_text()
    text = download_text(page, "[data-ca-export=markdown]", tmp_path, "plan.md")
    assert f"(1 of {statements} answered)" in text
    html = markdown.markdown(text)
    assert re.search(r"First line<br />\s*Second line<br />\s*Third line", html), html


def test_after_clear_everything_a_restore_counts_no_blank_fields(page, server, tmp_path):
    page.goto(server + M2)
    page.fill("#ca-career-goals-measure", "Kept")
    page.fill("#ca-career-goals-gaps", "Typed, then deleted")
    page.check("#ca-career-goals-goal-kind-skill")
    saved(page, "[data-worksheet='career-goals']")
    page.fill("#ca-career-goals-gaps", "")
    page.uncheck("#ca-career-goals-goal-kind-skill")
    saved(page, "[data-worksheet='career-goals']")
    page.goto(server + PLAN)
    backup = export_backup(page, tmp_path)
    stored = json.loads(backup.read_text())["entries"]["career-allies:worksheet:career-goals"]["values"]
    assert stored["gaps"] == "" and stored["goal-kind"] == [], "the backup holds blank fields"
    clear_everything(page)
    import_file(page, backup)
    preview = page.locator("[data-ca-import-preview]")
    preview.wait_for()
    assert "1 new, 0 changed and 0 unchanged answers" in preview.inner_text()
    assert "Career goals: 1 new, 0 changed, 0 unchanged" in preview.inner_text()


def start_the_one_worksheet_of_start_here(page):
    page.locator("[data-worksheet='course-intentions'] textarea, [data-worksheet='course-intentions'] input[type=text]").first.fill("Find a mentor")
    saved(page, "[data-worksheet='course-intentions']")
    page.reload()


def test_start_here_counts_its_one_worksheet_in_plain_words(page, server):
    page.goto(server + START)
    status = page.locator("[data-ca-module-status]")
    assert status.inner_text() == "You have not started the worksheet on this page yet."
    start_the_one_worksheet_of_start_here(page)
    assert status.inner_text() == "You have started the worksheet on this page."
    page.goto(server + M2)
    page.fill("#ca-career-goals-measure", "One of two")
    saved(page, "[data-worksheet='career-goals']")
    page.reload()
    assert page.locator("[data-ca-module-status]").inner_text() == "You have started 1 of the 2 worksheets and self-assessments on this page."


def test_the_module_box_says_what_its_template_says(page, server):
    """A fork rewords or translates the module box in module-done.html: the
    script picks the sentence for none, some or all started, and writes none
    of its own. (The page is reworded on its way to the browser.)"""
    def reword(route):
        html = route.fetch().text()
        html = html.replace("You have not started the worksheet on this page yet.", "Noch nicht begonnen.")
        html = html.replace("You have started the worksheet on this page.", "Begonnen.")
        route.fulfill(body=html, headers={"content-type": "text/html; charset=utf-8"})

    page.route("**/modules/start-here/", reword)
    page.goto(server + START)
    status = page.locator("[data-ca-module-status]")
    assert status.inner_text() == "Noch nicht begonnen."
    start_the_one_worksheet_of_start_here(page)
    assert status.inner_text() == "Begonnen."


def rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(float(x)) for x in re.findall(r"[\d.]+", colour)[:3])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_clearing_everything_looks_destructive_in_both_schemes(browser, server, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(server + PLAN)
    assert page.locator("body").get_attribute("data-md-color-scheme") == {"light": "default", "dark": "slate"}[scheme]
    page.locator("[data-ca-plan-tools]").wait_for()
    r, g, b = rgb(page.locator("[data-ca-clear-all]").evaluate("e => getComputedStyle(e).color"))
    assert r > g + 60 and r > b + 60, ("Clear everything", scheme, (r, g, b))
    page.click("[data-ca-clear-all]")
    r, g, b = rgb(page.locator("[data-ca-clear-confirm]").evaluate("e => getComputedStyle(e).backgroundColor"))
    assert r > g + 60 and r > b + 60, ("Delete everything", scheme, (r, g, b))
    context.close()


def test_my_plan_code_loads_on_my_plan_only_and_shares_the_storage_code(page, server, built_site):
    tag = re.compile(r'<script src="[^"]*assets/javascripts/my-plan\.js"')  # the name alone is in every page's index
    assert tag.search((built_site / "my-plan" / "index.html").read_text(encoding="utf-8"))
    for other in ("index.html", "modules/know-what-you-want/index.html"):
        assert not tag.search((built_site / other).read_text(encoding="utf-8")), other
    # One copy of the storage code: the plan's script borrows it.
    source = (ROOT / "docs/assets/javascripts/my-plan.js").read_text(encoding="utf-8")
    assert "localStorage" not in source and "function readEntry" not in source
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(server + M2)
    page.locator("[data-worksheet='career-goals'] [data-ca-actions]").wait_for()
    assert page.evaluate("typeof window.careerAllies.readEntry === 'function' && window.careerAllies.plan === null")
    assert not [u for u in requested if u.endswith("/my-plan.js")]


def test_form_code_loads_only_on_pages_with_forms_and_across_instant_navigation(page, server, built_site):
    """My plan and the home page have no worksheet, so they do not download
    the forms' code (career-allies-forms.js); a module page has it from the
    build, and instant navigation from My plan to a module fetches it once,
    so module -> My plan -> module still restores answers and shows the plan."""
    forms = re.compile(r'<script src="[^"]*assets/javascripts/career-allies-forms\.js"')
    for name, wanted in (("my-plan/index.html", False), ("index.html", False),
                         ("modules/know-what-you-want/index.html", True), ("worksheets/index.html", True)):
        html = (built_site / name).read_text(encoding="utf-8")
        assert bool(forms.search(html)) == wanted and ("ca-sheet" in html) == wanted, name
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(server + M2)
    page.fill("#ca-career-goals-measure", "Kept across pages")
    saved(page, "[data-worksheet='career-goals']")
    requested.clear()
    page.goto(server + PLAN)
    page.locator("[data-ca-plan-body]", has_text="Kept across pages").wait_for()
    assert not [u for u in requested if u.endswith("/career-allies-forms.js")], requested
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-nav--primary a[href$='/finding-mentors/']").first.evaluate("a => a.click()")
    page.wait_for_url("**/finding-mentors/")
    page.locator("[data-worksheet='prospect-list'] [data-ca-actions]:not([hidden])").wait_for()
    page.fill("#ca-prospect-list-help-with", "Typed after instant navigation")
    saved(page, "[data-worksheet='prospect-list']")
    assert len([u for u in requested if u.endswith("/career-allies-forms.js")]) == 1, requested
    page.locator(".md-nav--primary a[href$='/my-plan/']").first.evaluate("a => a.click()")
    page.wait_for_url("**/my-plan/")
    body = page.locator("[data-ca-plan-body]", has_text="Typed after instant navigation")
    body.wait_for()
    assert "Kept across pages" in body.inner_text()
    page.locator(".md-nav--primary a[href$='/know-what-you-want/']").first.evaluate("a => a.click()")
    page.wait_for_url("**/know-what-you-want/")
    page.locator("[data-worksheet='career-goals'] [data-ca-status]", has_text="Your saved answers are back").wait_for()
    assert page.input_value("#ca-career-goals-measure") == "Kept across pages"
    assert page.evaluate("window.__sameDocument === true"), "expected instant navigation"
    assert len([u for u in requested if u.endswith("/career-allies-forms.js")]) == 1, requested


def test_my_plan_loads_its_labels_only_when_there_are_answers_to_label(page, server, built_site):
    """The field list (~40 KB) is a file of its own, not part of the page:
    a reader with nothing saved never downloads it, and with nothing saved
    the list from the build stands as it is."""
    plan = (built_site / "my-plan" / "index.html").read_text(encoding="utf-8")
    assert "Where are you in your work right now?" not in plan  # a field label
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(server + PLAN)
    page.locator("[data-ca-plan-tools]:not(.ca-plan-tools--waiting)").wait_for()
    page.wait_for_timeout(300)
    assert not [u for u in requested if "plan-fields" in u]
    page.goto(server + M2)
    page.fill("#ca-career-goals-measure", "Labelled answer")
    saved(page, "[data-worksheet='career-goals']")
    page.goto(server + PLAN)
    page.locator("[data-ca-plan-body]", has_text="Labelled answer").wait_for()
    assert "How will you know you got there?" in page.locator("[data-ca-plan-body]").inner_text()
    assert [u for u in requested if "plan-fields" in u]


def test_pages_load_the_course_index_only_once_something_is_saved(page, server, built_site):
    """The index (every module and worksheet) is read for progress marks;
    with nothing saved there are none, so only My plan carries it."""
    def inline(page: str) -> dict:
        return json.loads(unescape(re.search(r"data-ca-index='([^']*)'", (built_site / page).read_text(encoding="utf-8")).group(1)))
    assert "modules" not in inline("index.html") and inline("index.html")["site"] == "career-allies"
    assert len(inline("my-plan/index.html")["modules"]) >= 10
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(server + M2)
    wait_ready(page)
    # The module's box speaks from what the page holds.
    assert page.locator("[data-ca-module-status]").inner_text() == "You have not started any of the 2 worksheets and self-assessments on this page yet."
    page.goto(server + HOME)
    page.wait_for_timeout(300)
    assert not [u for u in requested if "course-index" in u]
    # Ticking "done" on a fresh browser marks the module in the nav straight away.
    page.goto(server + M2)
    page.check("[data-ca-done]")
    page.locator(f".md-nav--primary .md-nav__link[href$='{M2}'] [data-ca-progress]").first.wait_for()
    assert [u for u in requested if "course-index" in u]
