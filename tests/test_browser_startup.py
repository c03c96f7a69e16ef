"""What the theme's script does when a page starts, kept cheap: the head's
links are already absolute when instant navigation looks at them
(overrides/partials/javascripts/absolute-links.html), and content tables
are wrapped inside a box of their own (career_allies/tables.py). Both save the
browser restyling the whole page while it starts (Lighthouse's blocking
time); these tests check the mechanism, the benchmark the time."""

from __future__ import annotations

MODULE = "/modules/know-what-you-want/"

# Runs before any of the page's own scripts: records every change to a
# <link>'s href, and whether the page header had been parsed by then (our
# inline script runs in the head, the theme's once the page is parsed).
RECORD_LINK_CHANGES = """
window.__linkChanges = [];
new MutationObserver(records => {
  for (const r of records) {
    if (r.target.tagName === 'LINK') window.__linkChanges.push({
      rel: r.target.rel, old: r.oldValue, now: r.target.getAttribute('href'),
      header: window.__headerSeen || false});
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['href'], attributeOldValue: true});
new MutationObserver(() => {
  if (document.querySelector('.md-header')) window.__headerSeen = true;
}).observe(document, {subtree: true, childList: true});
"""


def test_stylesheet_links_are_made_absolute_in_the_head_and_the_theme_leaves_them(browser, server):
    context = browser.new_context()
    context.add_init_script(RECORD_LINK_CHANGES)
    page = context.new_page()
    page.goto(server + MODULE)
    page.wait_for_function("document.documentElement.classList.contains('js')")  # the theme has started
    page.wait_for_load_state("load")
    sheets = page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.getAttribute('href'))")
    assert len(sheets) >= 3 and all(href.startswith(server + "/") for href in sheets), sheets
    changes = [c for c in page.evaluate("window.__linkChanges") if c["rel"] == "stylesheet"]
    assert changes, "nothing made the stylesheet links absolute"
    late = [c for c in changes if c["header"]]
    assert not late, f"a stylesheet link changed after the page was parsed, restyling the whole page: {late}"
    assert len(changes) == len(sheets), "each stylesheet link is changed once, from relative to absolute"
    # The page is styled (the stylesheets survived being changed).
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    context.close()


def test_the_links_are_made_absolute_with_every_script_file_blocked(browser, server):
    """The head's inline script needs none of the site's script files."""
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*.js", lambda route: route.abort())  # only inline scripts run
    page.goto(server + MODULE)
    sheets = page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.getAttribute('href'))")
    assert len(sheets) >= 3 and all(href.startswith(server + "/") for href in sheets), sheets
    context.close()


def test_the_theme_wraps_each_content_table_inside_our_box_once(page, server):
    page.goto(server + MODULE)
    page.wait_for_function("document.querySelector('.md-typeset__scrollwrap')")
    boxes = page.evaluate("""[...document.querySelectorAll('article table:not([class])')].map(t => {
        const box = t.closest('.ca-content-table');
        return [!!box, box && box.querySelectorAll('.md-typeset__scrollwrap').length,
                box && box.firstElementChild.className];
    })""")
    assert len(boxes) >= 2
    assert all(b == [True, 1, "md-typeset__scrollwrap"] for b in boxes), boxes


# Runs before any of the page's own scripts: records every change to the
# forms and the module's box that leaves them as they were (an attribute set
# to the value it had, text replaced by the same text). Such a write changes
# nothing the reader sees but still makes the browser restyle the page.
RECORD_WRITES_THAT_CHANGE_NOTHING = """
window.__sameWrites = [];
new MutationObserver(records => {
  for (const r of records) {
    const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
    if (!el || !el.closest('[data-ca-key], [data-ca-module]')) continue;
    const where = el.tagName + (el.className ? '.' + el.className : '') + ' ' + r.type + ' ' + (r.attributeName || '');
    if (r.type === 'attributes' && r.oldValue === r.target.getAttribute(r.attributeName)) window.__sameWrites.push(where);
    if (r.type === 'characterData' && r.oldValue === r.target.data) window.__sameWrites.push(where);
    if (r.type === 'childList') {
      const text = nodes => [...nodes].map(n => n.textContent).join('');
      if (r.removedNodes.length && text(r.removedNodes) === text(r.addedNodes)) window.__sameWrites.push(where);
    }
  }
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true, characterData: true, characterDataOldValue: true, childList: true});
"""


def test_starting_a_page_writes_nothing_to_the_forms_that_is_already_there(browser, server):
    """With no answers saved, and again with answers: the script's start-up
    writes to the worksheet, the self-assessment and the module's box only
    what differs from the page (the score "0" over "0", for one, restyled
    the page for nothing)."""
    from quality import fill_everything, wait_ready

    context = browser.new_context(viewport={"width": 412, "height": 823})
    context.add_init_script(RECORD_WRITES_THAT_CHANGE_NOTHING)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for answers in (False, True):
        page.goto(server + MODULE)
        wait_ready(page)
        page.wait_for_function("document.querySelector('[data-ca-module]').hidden === false")
        page.wait_for_timeout(200)  # the module box's second pass, with the course index
        assert page.evaluate("document.querySelectorAll('[data-ca-key]').length") == 2
        assert page.evaluate("window.__sameWrites") == [], f"answers saved: {answers}"
        if not answers:
            fill_everything(page)
    assert page.evaluate("document.querySelector('[data-score]').textContent") != "0", "the answers were restored and scored"
    assert not errors, errors
    context.close()


def test_a_saved_date_prints_as_the_examples_do_without_the_browsers_date_formatting(browser, server):
    """The paper twin of a date box reads "31 March 2027", as the filled-in
    examples do, and the page's start-up never calls the browser's date
    formatting, whose first use cost the module page some 40 ms."""
    from quality import fill_everything, wait_ready

    context = browser.new_context(viewport={"width": 412, "height": 823})
    context.add_init_script("""
        window.__dateFormatting = 0;
        for (const [owner, name] of [[Date.prototype, 'toLocaleDateString'], [Date.prototype, 'toLocaleString'], [Intl, 'DateTimeFormat']]) {
            const real = owner[name];
            owner[name] = function () { window.__dateFormatting++; return new.target ? new real(...arguments) : real.apply(this, arguments); };
        }
    """)
    page = context.new_page()
    page.goto(server + MODULE)
    fill_everything(page)  # the date boxes get 2027-03-31
    page.reload()
    wait_ready(page)
    papers = page.evaluate("[...document.querySelectorAll('input[type=date][data-ca-input]')].map(el => el.parentNode.querySelector('.ca-paper').textContent)")
    assert papers and all(p == "31 March 2027" for p in papers), papers
    assert page.evaluate("window.__dateFormatting") == 0
    context.close()


# Counts each parse of My plan's course index (the whole course, in the
# page) and records every change to `hidden` in My plan's parts.
RECORD_PLAN_START = """
window.__indexParses = 0;
window.__hiddenChanges = [];
const parse = JSON.parse;
JSON.parse = function (text, ...rest) {
  if (typeof text === 'string' && text.startsWith('{"modules"')) window.__indexParses++;
  return parse.call(this, text, ...rest);
};
new MutationObserver(records => {
  for (const r of records) {
    if (r.target.closest && r.target.closest('.ca-plan, .ca-plan-tools, .ca-overview')) window.__hiddenChanges.push(r.target.className);
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['hidden']});
"""


def test_my_plan_starts_with_one_parse_of_the_course_index_and_nothing_shown_or_hidden(browser, server):
    """With nothing saved, My plan's start-up reads the course index in the
    page once (it was parsed for each script that asked), and shows its
    tools without changing what is laid out: both parts held their place
    from the first paint, unseen (a `hidden` removed laid out the page below
    again)."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    context.add_init_script(RECORD_PLAN_START)
    page = context.new_page()
    page.goto(server + "/my-plan/")
    page.locator("[data-ca-plan-clear]:not(.ca-plan-tools--waiting)").wait_for()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__indexParses") == 1
    assert page.evaluate("window.__hiddenChanges") == []
    context.close()


def test_the_search_index_loads_when_a_reader_opens_the_search_not_with_every_page(browser, server):
    """Phone-sized: a page loads without the search index (about 80 KB
    gzip, and the worker's index build); tapping the search and typing
    fetches it once and finds results (career_allies/lazysearch.py)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "search_index" in r.url else None)
    page.goto(server + MODULE)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert asked == [], "the page fetched the search index before anyone searched"
    page.locator("label.md-header__button[for='__search']").tap()
    page.keyboard.type("sponsor")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert len(asked) == 1 and asked[0].endswith("/search/search_index.json"), asked
    context.close()


def test_a_page_opened_from_a_search_result_still_highlights_the_words(page, server):
    """Opened from an address with ?h= (a shared or reloaded result), and
    from a result clicked after a search (instant navigation, same document)."""
    page.goto(server + MODULE + "?h=mentor")
    page.locator(".md-content mark").first.wait_for(timeout=15000)
    assert page.locator(".md-content mark").count() >= 3
    page.goto(server + "/")
    page.locator("input.md-search__input").click()
    page.keyboard.type("sponsor")
    result = page.locator(".md-search-result__item .md-search-result__link").first
    result.wait_for(timeout=15000)
    page.evaluate("window.__sameDocument = true")
    result.click()
    page.wait_for_url("**/?h=sponsor")
    page.locator(".md-content mark").first.wait_for(timeout=15000)
    assert page.evaluate("window.__sameDocument === true"), "the result was not opened by instant navigation"
