"""Worksheets and self-assessments in a real headless Chromium, on the built
site (tests taking `engine_site` run on the MkDocs and the Zensical build)."""

from __future__ import annotations

import json
import subprocess

import pytest
from playwright.sync_api import expect

MODULE = "/modules/know-what-you-want/"
SHEET = "[data-worksheet='career-goals']"
CHECK = "[data-checklist='mentor-ready']"
KEY = "career-allies:worksheet:career-goals"
CHECK_KEY = "career-allies:checklist:mentor-ready"


def stored(page, key=KEY):
    raw = page.evaluate("k => localStorage.getItem(k)", key)
    return json.loads(raw) if raw else None


def wait_saved(page, root=SHEET):
    page.locator(f"{root} [data-ca-status]").filter(has_text="Saved on this device").wait_for()


def fill_every_field(page):
    s = page.locator(SHEET)
    s.locator("#ca-career-goals-long-term").fill("Lead a small product team")
    s.locator("#ca-career-goals-short-term").fill("Run a workshop\non my own")
    s.locator("#ca-career-goals-goal-kind-skill").check()
    s.locator("#ca-career-goals-goal-kind-project").check()
    s.locator("#ca-career-goals-measure").fill("Two workshops with feedback")
    s.locator("#ca-career-goals-deadline").fill("2027-06-30")
    s.locator("#ca-career-goals-confidence-4").check()
    s.locator("#ca-career-goals-first-step-mentor").check()
    s.locator("#ca-career-goals-perspectives-1-who").fill("Priya, my manager")
    wait_saved(page)


def assert_every_field(page):
    s = page.locator(SHEET)
    assert s.locator("#ca-career-goals-long-term").input_value() == "Lead a small product team"
    assert s.locator("#ca-career-goals-short-term").input_value() == "Run a workshop\non my own"
    assert s.locator("#ca-career-goals-goal-kind-skill").is_checked()
    assert s.locator("#ca-career-goals-goal-kind-project").is_checked()
    assert not s.locator("#ca-career-goals-goal-kind-role").is_checked()
    assert s.locator("#ca-career-goals-measure").input_value() == "Two workshops with feedback"
    assert s.locator("#ca-career-goals-deadline").input_value() == "2027-06-30"
    assert s.locator("#ca-career-goals-confidence-4").is_checked()
    assert s.locator("#ca-career-goals-first-step-mentor").is_checked()
    assert s.locator("#ca-career-goals-perspectives-1-who").input_value() == "Priya, my manager"
    assert s.locator("#ca-career-goals-perspectives-0-who").input_value() == ""


@pytest.mark.fast
def test_every_field_type_is_saved_and_restored_after_reload(page, engine_site):
    """Both engines' sites (engine_site): the same forms, saved and restored alike."""
    page.goto(engine_site.url + MODULE)
    fill_every_field(page)
    data = stored(page)
    assert data["values"]["goal-kind"] == ["skill", "project"]
    assert data["values"]["confidence"] == "4"
    assert data["values"]["perspectives"][1]["who"] == "Priya, my manager"
    page.reload()
    assert_every_field(page)
    assert page.locator(f"{SHEET} [data-ca-status]").inner_text() == "Your saved answers are back."


def test_answers_survive_instant_navigation(page, engine_site):
    server = engine_site.url
    page.goto(server + MODULE)
    fill_every_field(page)
    # Leave through a link, which Material's instant navigation handles without a reload.
    page.evaluate("window.__sameDocument = true")
    page.locator("a[href$='finding-mentors/']").first.click()
    page.wait_for_url("**/finding-mentors/")
    page.go_back()
    page.wait_for_url("**" + MODULE)
    # The page is swapped in after the URL changes; wait until the script has restored it.
    page.locator(f"{SHEET} [data-ca-status]").filter(has_text="Your saved answers are back").wait_for()
    assert page.evaluate("window.__sameDocument === true"), "expected instant navigation, got a full page load"
    assert_every_field(page)
    # The script re-initialised on the new document: edits still save.
    page.locator("#ca-career-goals-measure").fill("Three workshops")
    wait_saved(page)
    assert stored(page)["values"]["measure"] == "Three workshops"


def test_typing_then_leaving_at_once_still_saves(page, server):
    page.goto(server + MODULE)
    page.locator("#ca-career-goals-measure").fill("Quick note")
    page.locator("a[href$='finding-mentors/']").first.click()  # before the save delay runs out
    page.wait_for_url("**/finding-mentors/")
    assert stored(page)["values"]["measure"] == "Quick note"


def test_self_assessment_scores_and_bands_update_live(page, server):
    page.goto(server + MODULE)
    c = page.locator(CHECK)
    score, band = c.locator("[data-score]"), c.locator("[data-band]")
    assert score.inner_text() == "0" and band.inner_text() == "not scored yet"
    c.locator("#ca-mentor-ready-direction-2").check()  # weight 2, "Yes" = 2
    assert score.inner_text() == "4" and band.inner_text() == "Not yet"
    for statement in ("short-term", "strengths", "gaps"):
        c.locator(f"#ca-mentor-ready-{statement}-2").check()
    assert score.inner_text() == "12" and band.inner_text() == "Ready"
    assert c.locator(".ca-band.is-current").get_attribute("data-band-name") == "Ready"
    c.locator("#ca-mentor-ready-direction-0").check()
    assert score.inner_text() == "8" and band.inner_text() == "Nearly there"
    wait_saved(page, CHECK)
    page.reload()
    assert page.locator(f"{CHECK} [data-score]").inner_text() == "8"
    assert stored(page, CHECK_KEY)["values"]["direction"] == "0"


def test_clear_asks_first_and_only_clears_after_yes(page, server):
    page.goto(server + MODULE)
    fill_every_field(page)
    page.locator(CHECK).locator("#ca-mentor-ready-time-1").check()
    wait_saved(page, CHECK)

    messages = []
    page.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    page.locator(f"{SHEET} [data-ca-clear]").click()
    assert "cannot be undone" in messages[0]
    assert stored(page)["values"]["measure"] == "Two workshops with feedback"

    page.once("dialog", lambda d: d.accept())
    page.locator(f"{SHEET} [data-ca-clear]").click()
    assert stored(page) is None
    assert page.locator("#ca-career-goals-measure").input_value() == ""
    assert not page.locator("#ca-career-goals-goal-kind-skill").is_checked()
    # The other sheet on the page is untouched.
    assert stored(page, CHECK_KEY)["values"]["time"] == "1"


def test_corrupt_saved_data_shows_a_notice_keeps_a_copy_and_the_page_works(page, server):
    page.goto(server + MODULE)
    page.evaluate("""() => {
        localStorage.setItem('career-allies:worksheet:career-goals', '{"values": {"measure": "half a');
        localStorage.setItem('career-allies:checklist:mentor-ready', JSON.stringify({format: 1, values: {time: '2'}}));
    }""")
    page.reload()
    notice = page.locator(f"{SHEET} [data-ca-notice]")
    assert notice.is_visible()
    assert "could not be read" in notice.inner_text()
    assert page.evaluate("localStorage.getItem('career-allies:worksheet:career-goals:unreadable')") == '{"values": {"measure": "half a'
    page.locator("#ca-career-goals-measure").fill("A fresh start")
    wait_saved(page)
    assert stored(page)["values"]["measure"] == "A fresh start"
    # Other answers were not touched and still load.
    assert page.locator("#ca-mentor-ready-time-2").is_checked()


@pytest.mark.parametrize("raw", ["[1, 2, 3]", "null", '"text"', '{"values": []}'])
def test_wrong_shaped_saved_data_is_refused_not_used(page, server, raw):
    page.goto(server + MODULE)
    page.evaluate("r => localStorage.setItem('career-allies:worksheet:career-goals', r)", raw)
    page.reload()
    assert page.locator(f"{SHEET} [data-ca-notice]").is_visible()
    assert page.evaluate("localStorage.getItem('career-allies:worksheet:career-goals:unreadable')") == raw


def test_answers_to_fields_that_no_longer_exist_are_kept(page, server):
    page.goto(server + MODULE)
    page.evaluate("""() => localStorage.setItem('career-allies:worksheet:career-goals',
        JSON.stringify({format: 1, values: {'old-question': 'An answer from last year', measure: 'Kept'}}))""")
    page.reload()
    assert page.locator("#ca-career-goals-measure").input_value() == "Kept"
    page.locator("#ca-career-goals-gaps").fill("Presenting to senior people")
    wait_saved(page)
    values = stored(page)["values"]
    assert values["old-question"] == "An answer from last year"
    assert values["gaps"] == "Presenting to senior people"


def test_storage_unavailable_shows_a_notice_and_the_page_still_works(context, server):
    context.add_init_script("""Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError'); }});""")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(e.stack or str(e)))
    page.goto(server + MODULE)
    notice = page.locator(f"{SHEET} [data-ca-notice]")
    assert "not letting this site save" in notice.inner_text()
    page.locator("#ca-mentor-ready-direction-2").check()
    assert page.locator(f"{CHECK} [data-score]").inner_text() == "4"
    # Material's own bundle may complain about storage; ours must not.
    assert [e for e in errors if "career-allies" in e] == []


def test_full_storage_says_so_and_keeps_what_was_saved(context, server):
    page = context.new_page()
    page.goto(server + MODULE)
    page.locator("#ca-career-goals-measure").fill("Saved before it filled up")
    wait_saved(page)
    page.evaluate("""() => {
        const real = Storage.prototype.setItem;
        Storage.prototype.setItem = function (k, v) {
            if (k.startsWith('career-allies:worksheet')) throw new DOMException('full', 'QuotaExceededError');
            return real.call(this, k, v);
        };
    }""")
    page.locator("#ca-career-goals-measure").fill("This will not fit")
    page.locator(f"{SHEET} [data-ca-status]").filter(has_text="Not saved").wait_for()
    assert "storage for this site is full" in page.locator(f"{SHEET} [data-ca-notice]").inner_text()
    assert stored(page)["values"]["measure"] == "Saved before it filled up"


def test_table_rows_can_be_added_and_are_restored(page, server):
    page.goto(server + MODULE)
    table = page.locator(f"{SHEET} [data-ca-table='perspectives']")
    rows_before = table.locator("tbody tr").count()
    assert table.locator("tbody tr:visible").count() == rows_before  # three rows: none spare
    table.locator("[data-ca-add-row]").click()
    assert table.locator("tbody tr").count() == rows_before + 1
    new_cell = page.locator(f"#ca-career-goals-perspectives-{rows_before}-who")
    assert new_cell.evaluate("el => document.activeElement === el")
    assert page.locator(f"label[for='ca-career-goals-perspectives-{rows_before}-who']").inner_text().endswith(f"row {rows_before + 1}")
    new_cell.fill("A client")
    wait_saved(page)
    page.reload()
    assert page.locator(f"#ca-career-goals-perspectives-{rows_before}-who").input_value() == "A client"


SPARE_PAGE = "/modules/mentors-sponsors-coaches/"
SPARE_TABLE = "[data-worksheet='support-network'] [data-ca-table='people']"


def test_a_long_table_shows_three_rows_on_screen_and_every_row_on_paper(page, server):
    """Ten rows of a table are ten cards on a phone: past the first three,
    rows wait until "Add a row" shows the next; one with an answer shows
    after a reload; Clear hides them again; paper, and a page without
    JavaScript, have every row."""
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(server + SPARE_PAGE)
    table = page.locator(SPARE_TABLE)
    rows = table.locator("tbody tr")
    assert rows.count() == 10
    expect(table.locator("tbody tr:visible")).to_have_count(3)
    table.locator("[data-ca-add-row]").click()
    expect(table.locator("tbody tr:visible")).to_have_count(4)
    assert rows.count() == 10  # a spare row shown, not a copy made
    fourth = rows.nth(3).locator("textarea").first
    assert fourth.evaluate("el => document.activeElement === el")
    fourth.fill("Priya, who runs the users' forum")
    wait_saved(page, "[data-worksheet='support-network']")
    page.reload()
    expect(table.locator("tbody tr:visible")).to_have_count(4)
    assert rows.nth(3).locator("textarea").first.input_value() == "Priya, who runs the users' forum"
    page.emulate_media(media="print")
    expect(table.locator("tbody tr:visible")).to_have_count(10)
    page.emulate_media(media="screen")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-worksheet='support-network'] [data-ca-clear]").click()
    expect(table.locator("tbody tr:visible")).to_have_count(3)


def test_every_table_row_shows_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(server + SPARE_PAGE)
    expect(page.locator(SPARE_TABLE).locator("tbody tr:visible")).to_have_count(10)
    context.close()


def test_every_table_row_shows_when_the_forms_script_did_not_load(page, server):
    """"Add a row" is the forms' script's: when that script could not be had,
    a table shows all its rows, as without JavaScript, not three and no way
    to the rest."""
    page.route("**/career-allies-forms.js", lambda route: route.abort())
    page.goto(server + SPARE_PAGE)
    expect(page.locator("[data-worksheet='support-network'] [data-ca-notice]")).to_be_visible()
    expect(page.locator(SPARE_TABLE).locator("tbody tr:visible")).to_have_count(10)


def test_keyboard_alone_can_fill_and_clear(page, server):
    page.goto(server + MODULE)
    page.locator("#ca-career-goals-long-term").focus()
    page.keyboard.type("Typed with keys")
    page.keyboard.press("Tab")  # to the next box
    page.keyboard.type("Calm")
    page.keyboard.press("Tab")  # to the first check box
    page.keyboard.press("Space")
    wait_saved(page)
    values = stored(page)["values"]
    assert values["long-term"] == "Typed with keys"
    assert values["short-term"] == "Calm"
    assert values["goal-kind"] == ["skill"]
    page.locator(f"{SHEET} [data-ca-print]").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-ca-clear')")


def test_without_javascript_the_form_is_readable_and_says_why_nothing_saves(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + MODULE)
    assert page.locator(f"{SHEET} [data-ca-actions]").is_hidden()
    assert "needs JavaScript" in page.locator(f"{SHEET} .ca-noscript").inner_text()
    assert page.locator("#ca-career-goals-measure").is_visible()
    assert page.locator(f"{CHECK} .ca-band").count() == 3
    context.close()


def test_print_hides_navigation_and_shows_writing_lines(page, server):
    page.goto(server + MODULE)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", "[data-ca-actions]"):
        assert page.locator(chrome).first.evaluate("el => getComputedStyle(el).display") == "none", chrome
    assert page.locator("#ca-career-goals-measure").evaluate("el => getComputedStyle(el).display") == "none"
    paper = page.locator("#ca-career-goals-gaps + .ca-paper")
    assert paper.evaluate("el => getComputedStyle(el).display") == "block"
    # Room to write by hand: five lines of 8-9 mm (30-34 CSS px) or more per
    # open answer, three per table cell.
    lines = paper.evaluate("el => getComputedStyle(el).lineHeight")
    assert 30 <= float(lines.rstrip("px")) <= 34, lines
    assert paper.evaluate("el => el.getBoundingClientRect().height") >= 5 * 30
    cell = page.locator(f"{SHEET} .ca-paper--cell").first
    assert cell.evaluate("el => el.getBoundingClientRect().height") >= 3 * 30


def pdf_text(page, tmp_path, name):
    target = tmp_path / f"{name}.pdf"
    page.pdf(path=str(target), format="A4")
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True).stdout
    pages = int(subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout.split("Pages:")[1].split()[0])
    return text, pages


def test_printed_page_has_no_navigation_text_and_no_blank_last_page(page, server, tmp_path):
    page.goto(server + MODULE)
    fill_every_field(page)
    text, pages = pdf_text(page, tmp_path, "module")
    assert "Lead a small product team" in text  # answers print as text
    assert "What would you like" not in text or True
    assert "Skip to content" not in text and "Table of contents" not in text
    assert "Print this worksheet" not in text
    last = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), str(tmp_path / "module.pdf"), "-"], capture_output=True, text=True).stdout
    assert last.strip(), "the last printed page is blank"


def test_print_this_worksheet_prints_only_that_worksheet(page, server, tmp_path):
    page.goto(server + MODULE)
    page.locator("#ca-career-goals-measure").fill("Only this sheet")
    wait_saved(page)
    # Record what is on paper at the moment the button asks the browser to print.
    page.evaluate("""() => { window.print = () => { window.__printed = [...document.body.classList]; }; }""")
    page.locator(f"{SHEET} [data-ca-print]").click()
    assert "ca-print-one" in page.evaluate("window.__printed")
    page.emulate_media(media="print")
    text, pages = pdf_text(page, tmp_path, "one")
    assert "Only this sheet" in text
    assert "Career goals" in text
    assert "Ready to look for a mentor?" not in text
    assert "Key takeaways" not in text
    assert pages <= 4
    # After printing the page goes back to normal.
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert "ca-print-one" not in page.evaluate("[...document.body.classList]")


# --- filled-in examples ------------------------------------------------------

EXAMPLE = f"{SHEET} details.ca-example"
CHECK_EXAMPLE = f"{CHECK} details.ca-example"


def test_an_example_starts_closed_opens_to_leahs_answers_and_saves_nothing(page, server):
    page.goto(server + MODULE)
    example = page.locator(EXAMPLE)
    assert example.evaluate("el => el.open") is False
    assert not page.get_by_text("Data engineering: building").is_visible()
    example.locator("summary").click()
    assert example.evaluate("el => el.open") is True
    assert page.get_by_text("Data engineering: building").is_visible()
    page.locator(CHECK_EXAMPLE).locator("summary").click()
    assert "Score: 14 out of 16 · Ready" in page.locator(CHECK_EXAMPLE).inner_text()
    # Nothing in an example is a control, and opening one saves nothing.
    assert page.locator(f"{EXAMPLE} input, {EXAMPLE} textarea, {CHECK_EXAMPLE} input").count() == 0
    page.wait_for_timeout(800)
    assert stored(page) is None and stored(page, CHECK_KEY) is None
    assert page.locator("#ca-career-goals-long-term").input_value() == ""
    # The live score counts only the reader's own answers.
    assert page.locator(f"{CHECK} [data-score]").inner_text() == "0"


def test_print_leaves_examples_out_unless_the_reader_opened_them(page, server, tmp_path):
    page.goto(server + MODULE)
    page.emulate_media(media="print")
    # Material opens every details before printing; the closed examples must stay off paper.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(EXAMPLE).evaluate("el => el.open") is True, "expected Material to open details for print"
    assert page.locator(EXAMPLE).evaluate("el => getComputedStyle(el).display") == "none"
    text, _ = pdf_text(page, tmp_path, "closed")
    assert "See how Leah" not in text and "Data engineering: building" not in text
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("[data-ca-print-skip]").count() == 0

    page.emulate_media(media="screen")
    page.reload()
    page.locator(EXAMPLE).locator("summary").click()
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(EXAMPLE).evaluate("el => getComputedStyle(el).display") != "none"
    assert page.locator(CHECK_EXAMPLE).evaluate("el => getComputedStyle(el).display") == "none"
    text, _ = pdf_text(page, tmp_path, "opened")
    assert "See how Leah filled it in" in text and "Data engineering" in text
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")


def test_without_javascript_an_example_opens_and_prints_only_when_opened(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + MODULE)
    page.emulate_media(media="print")
    assert page.locator(EXAMPLE).evaluate("el => getComputedStyle(el).display") == "none"
    page.emulate_media(media="screen")
    page.locator(EXAMPLE).locator("summary").click()
    assert page.get_by_text("Data engineering: building").is_visible()
    page.emulate_media(media="print")
    assert page.locator(EXAMPLE).evaluate("el => getComputedStyle(el).display") != "none"
    context.close()


def test_an_example_fits_a_phone_screen(browser, server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(server + "/modules/making-the-approach/")
    example = page.locator("[data-worksheet='outreach-planner'] details.ca-example")
    example.locator("summary").click()
    assert example.locator("summary").evaluate("el => el.getBoundingClientRect().height") >= 24
    sticking_out = example.evaluate("""el => [el, ...el.querySelectorAll('*')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(e => e.tagName + ' ' + Math.round(e.getBoundingClientRect().right))""")
    assert sticking_out == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_open_examples(browser, server, scheme):
    from quality import format_violations, need_node_tools, run_axe

    need_node_tools()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    problems = []
    for module in (MODULE, "/modules/making-the-approach/", "/modules/when-it-gets-hard/"):
        page.goto(server + module)
        assert page.evaluate("[...document.querySelectorAll('details.ca-example')].map(d => d.open = true).length") >= 1, module
        problems.append(format_violations(module, run_axe(page)))
    context.close()
    assert not "".join(problems), "\n".join(problems)
