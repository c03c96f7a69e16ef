"""Every page of the built site on a phone: 320, 390 and 430 px wide, empty
and with every answer filled in; light at 320 and 430 px, dark ("slate",
from the device's setting) at 390 px.

Two checks on each page:

* Nothing scrolls sideways: the document is no wider than the screen. In
  phone emulation (is_mobile) Chromium widens the layout viewport to fit
  content that overflows, so `innerWidth` itself grows; the test compares
  with the width of the phone, and checks `innerWidth` has not moved.
* Targets are big enough (WCAG 2.2, 2.5.8 Target Size (Minimum), AA). Every
  visible link, button, form control, summary and label that wraps a
  control has a box of at least 24 x 24 CSS px. The one allowance: a link
  laid out inside a line of text (display: inline), whose height is set by
  the text around it, may be smaller when it meets the criterion's Spacing
  exception exactly as written: "if a 24 CSS pixel diameter circle is
  centered on the bounding box of each, the circles do not intersect another
  target or the circle for another undersized target". Measured from the
  centre: another target's box nearer than 12 px, or another undersized
  target's centre nearer than 24 px, fails. A link that wraps is judged by
  each line's piece of it (its bounding box would cover both lines whole).
  Stricter than WCAG on purpose: other small targets (a 22 px radio, an
  18 px arrow) are not excused by spacing, and a crowded link in a sentence
  is not excused by WCAG's Inline exception.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

WIDTHS = (320, 390, 430)
# A three-line answer with an address too long to break at a space: the
# kind of thing people paste, and the kind that pushes a page sideways.
ANSWER = "Priya Raman, head of product research\nWeekly, Tuesdays\nhttps://intranet.example.org/people/priya-raman/mentoring-notes"

TARGETS = "a[href], button, input:not([type=hidden]), select, textarea, summary, label:has(input, select, textarea)"

MEASURE = """([targets, width]) => {
  const visible = el => {
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return null;
    const r = el.getBoundingClientRect();
    // Off the screen to the side (a closed drawer, a skip link waiting for
    // focus) or a visually hidden 1 px label: nothing a finger can hit.
    if (r.width <= 1 || r.height <= 1 || r.right <= 0 || r.left >= width) return null;
    return r;
  };
  const name = el => (el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
    ' "' + (el.textContent || el.value || '').trim().slice(0, 40) + '"');
  // A link inside a line of text may wrap: each line's piece of it is a
  // target area of its own (its bounding box would cover both whole lines).
  const inline = el => el.tagName === 'A' && getComputedStyle(el).display === 'inline';
  const all = [];
  for (const el of document.querySelectorAll(targets)) {
    if (!visible(el)) continue;
    const boxes = inline(el) ? [...el.getClientRects()].filter(r => r.width > 1) : [el.getBoundingClientRect()];
    for (const r of boxes) all.push({ el, r, cx: (r.left + r.right) / 2, cy: (r.top + r.bottom) / 2 });
  }
  const small = all.filter(t => t.r.width < 23.99 || t.r.height < 23.99);
  const other = (t, o) => !(o.el === t.el || o.el.contains(t.el) || t.el.contains(o.el));
  const toBox = (t, o) => Math.hypot(  // from t's centre to o's box
    Math.max(o.r.left - t.cx, 0, t.cx - o.r.right), Math.max(o.r.top - t.cy, 0, t.cy - o.r.bottom));
  const spaced = t => all.every(o => !other(t, o) || toBox(t, o) >= 12) &&
    small.every(o => !other(t, o) || Math.hypot(o.cx - t.cx, o.cy - t.cy) >= 24);
  return {
    inner: innerWidth,
    doc: document.documentElement.scrollWidth,
    wide: [...document.querySelectorAll('body *')].filter(el => {
      const r = el.getBoundingClientRect();
      if (r.width <= 0 || r.right <= width + 0.5) return false;
      if (['absolute', 'fixed'].includes(getComputedStyle(el).position)) return true;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return false;  // scrolls inside its box
      }
      return true;
    }).slice(0, 4).map(name),
    small: small.filter(t => !(inline(t.el) && spaced(t)))
      .map(t => name(t.el) + ' ' + Math.round(t.r.width) + 'x' + Math.round(t.r.height)),
  };
}"""

FILL = """(answer) => {
  for (const el of document.querySelectorAll('[data-ca-key] textarea, [data-ca-key] input[type=text]')) el.value = answer;
  for (const el of document.querySelectorAll('[data-ca-key] input[type=date]')) el.value = '2027-06-30';
  for (const el of document.querySelectorAll('[data-ca-key] input[type=checkbox]')) el.checked = true;
  const groups = {};
  for (const el of document.querySelectorAll('[data-ca-key] input[type=radio]')) groups[el.name] = el;
  for (const el of Object.values(groups)) el.checked = true;  // the last option: the longest label
  for (const el of document.querySelectorAll('[data-ca-input]')) {
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }
  return document.querySelectorAll('[data-ca-key]').length;
}"""


@pytest.fixture(scope="module")
def paths(built_site) -> list[str]:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    found = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    assert len(found) >= 10, f"the sitemap lists only {found}"
    return found


@pytest.fixture(scope="module")
def answer_paths(built_site, paths) -> list[str]:
    """The pages that show saved answers or progress (forms, My plan, the
    course map): the only ones the filled-in run needs to visit again."""
    shows = re.compile(r"data-ca-key|data-ca-clear-all|ca-course-map")
    found = [p for p in paths if shows.search((built_site / p.strip("/") / "index.html").read_text(encoding="utf-8"))]
    assert "/my-plan/" in found and "/" in found, found
    return found


@pytest.fixture(scope="module")
def filled(browser, server, paths) -> dict:
    """Answer every question through the page, as a reader would: the pack
    holds every worksheet and self-assessment, each table given a row more
    than it starts with. Then mark every module done. Returns the browser
    storage, for each phone to start from."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(server + "/worksheets/")
    page.locator("[data-ca-key][data-ca-ready='1']").first.wait_for()
    for button in page.locator("[data-ca-add-row]").all():
        button.click()
    count = page.evaluate(FILL, ANSWER)
    assert count >= 5
    page.wait_for_function(
        "n => Object.keys(localStorage).filter(k => /:(worksheet|checklist):/.test(k)).length >= n", arg=count
    )
    for path in paths:
        if path.startswith("/modules/"):
            page.goto(server + path)
            if page.locator("[data-ca-done]").count():
                page.locator("[data-ca-done]").check()
    page.wait_for_timeout(600)  # the last save
    state = context.storage_state()
    context.close()
    return state


@pytest.mark.parametrize("answers", [False, True], ids=["empty", "filled"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_and_every_target_is_24px(browser, server, paths, answer_paths, width, answers, request):
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        is_mobile=True,
        has_touch=True,
        color_scheme="dark" if width == 390 else "light",
        storage_state=request.getfixturevalue("filled") if answers else None,  # filled only when needed
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        problems = []
        for path in answer_paths if answers else paths:
            page.goto(server + path)
            page.wait_for_function("() => !document.querySelector('[data-ca-key]:not([data-ca-ready])')")
            if answers and path.endswith("/my-plan/"):  # the filled-in answers reached My plan
                page.locator(".ca-plan__table").first.wait_for()
            m = page.evaluate(MEASURE, [TARGETS, width])
            if m["doc"] > width or m["inner"] != width:
                problems.append(f"{path}: {m['doc']} px wide (innerWidth {m['inner']}); sticking out: {m['wide']}")
            if m["small"]:
                problems.append(f"{path}: targets under 24x24 px and too close to others: {m['small'][:6]}")
        assert not problems, f"at {width} px ({'filled' if answers else 'empty'}):\n" + "\n".join(problems)
        assert not errors, errors
    finally:
        context.close()
