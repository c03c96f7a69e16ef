"""The trimmed main stylesheet (career_allies/maincss.py) changes nothing a
reader sees: in Chromium, every element of the page, and its ::before and
::after, has the same computed style with the theme's whole stylesheet as
with the trimmed one the site links. Checked on the pages and in the states
that bring out the most of the theme's rules: home, a module page with an
answer typed in, My plan, search open with results, the 404 page, a phone
with the drawer open, the dark scheme, and print.

The site is built once (the session's build, per engine); the theme's whole
file is served in place of the trimmed one by request routing, so the two
pages differ in that stylesheet only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import search_results

LINK = re.compile(r'<link rel="stylesheet" href="[^"]*?(assets/stylesheets/(?:[a-z]+/)?main\.[0-9a-f]+\.min\.css)">')

# A property's value as the page is drawn (getComputedStyle's), but an
# element's margins as the stylesheets give them (Typed OM: "auto", not a
# length). Chromium reports a used auto margin from whichever layout last
# touched the box: the header's side margins read 0px or 30px by when the
# page last scrolled, drawn 30px in from the edge either way, so two pages
# that differ only in having the whole or the trimmed stylesheet read
# differently now and then (1 box in 3,400, on about one run in five). The
# value the stylesheets give is what the trim could change; what it does to
# the layout shows in every other box's width, height and place.
VALUE = """  const value = (style, cascaded, property) =>
    cascaded && /^margin-/.test(property) && cascaded.has(property) ? String(cascaded.get(property)) : style.getPropertyValue(property);
"""

# For every element (open shadow roots too) and its ::before and ::after
# (those that show: content other than none), a 53-bit hash of every computed
# property and value, custom properties included, in name order (Chromium
# lists custom properties in an order of its own; the full text would be
# tens of megabytes a page), once every finite animation and transition has
# finished.
STYLES = """async () => {
""" + VALUE + """
  await new Promise(done => {  // the page's scripts done changing it: 300 ms without a change (at most 5 s)
    let timer = setTimeout(finish, 300);
    const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(finish, 300); });
    const cap = setTimeout(finish, 5000);
    function finish() { observer.disconnect(); clearTimeout(cap); done(); }
    observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  });
  await Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map(a => a.finished.catch(() => null)));
  const hash = text => {
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  };
  const out = [];
  window.__styled = [];
  window.__value = value;
  const walk = root => {
    for (const element of root.querySelectorAll("*")) {
      for (const pseudo of [null, "::before", "::after"]) {
        const style = getComputedStyle(element, pseudo);
        const content = pseudo && style.getPropertyValue("content");
        let text = pseudo ? content : "";
        if (!pseudo || (content !== "none" && content !== "normal")) {
          const cascaded = pseudo ? null : element.computedStyleMap();
          for (const property of [...style].sort()) text += property + ":" + value(style, cascaded, property) + ";";
        }
        out.push(hash(text));
        window.__styled.push([element, pseudo]);
      }
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  return out;
}"""

# What differs, for the report: the n-th (element, pseudo) of the walk above,
# and the properties a script set in the element's own style attribute.
DETAIL = """n => {
  const [element, pseudo] = window.__styled[n];
  const style = getComputedStyle(element, pseudo), cascaded = pseudo ? null : element.computedStyleMap();
  const values = {};
  for (let i = 0; i < style.length; i++) values[style[i]] = window.__value(style, cascaded, style[i]);
  const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + (element.classList.length ? "." + [...element.classList].join(".") : "") + (pseudo || "");
  return [name, values, pseudo || !element.style ? [] : [...element.style]];
}"""

# The logical names Chromium also lists for a physical property.
LOGICAL = {"height": "block-size", "width": "inline-size", "min-height": "min-block-size",
           "max-height": "max-block-size", "min-width": "min-inline-size", "max-width": "max-inline-size",
           "top": "inset-block-start", "bottom": "inset-block-end", "left": "inset-inline-start",
           "right": "inset-inline-end"}


def set_by_script(inline: list[str]) -> set[str]:
    """The properties an element's style attribute sets, and their logical
    names. The theme's scripts write these from the page's layout and scroll
    (the sidebar's height follows the scroll position, for one), so a value
    there follows the script's timing, not the stylesheet; a stylesheet that
    changed the layout still shows in every other box."""
    return set(inline) | {LOGICAL[p] for p in inline if p in LOGICAL}

# How many rules the page's main stylesheet has (to be sure which one it has).
MAIN_RULES = """() => [...document.styleSheets].filter(s => /\\/main\\.[0-9a-f]+\\.min\\.css$/.test(s.href || ""))
  .map(s => s.cssRules.length)"""


def linked_main(site: Path) -> tuple[str, Path]:
    """The main stylesheet the module page links (site-relative), and the
    theme's own file beside it."""
    (linked,) = LINK.findall((site / "modules" / "finding-mentors" / "index.html").read_text(encoding="utf-8"))
    folder = (site / linked).parent
    theme = [p for p in folder.glob("main.*.min.css") if p.name != Path(linked).name]
    assert len(theme) == 1, f"the theme's own main stylesheet beside {linked}: {theme}"
    return linked, theme[0]


def type_an_answer(page) -> None:
    field = page.locator("[data-ca-key] textarea:visible, [data-ca-key] input[type=text]:visible").first  # not the search box
    field.fill("Ask Sam about the data project")
    field.blur()


def open_search(page) -> None:
    search_results(page, "mentor")  # types the words, waits for results, closes with Escape
    if page.locator("input.md-search__input").count():
        page.locator("input.md-search__input").click()  # open again: the results are still there
        page.locator(".md-search-result__item").first.wait_for()
    else:
        page.locator("button.md-search__button").click()
        page.locator("ol[aria-label='Search results'] a[role='option']").first.wait_for()
    page.mouse.move(0, 0)


def open_drawer(page) -> None:
    page.locator("label.md-header__button[for='__drawer']").click()
    page.locator(".md-sidebar--primary").wait_for()


def print_media(page) -> None:
    page.emulate_media(media="print")


# (name, path, context options, what to do on the page first)
STATES = [
    ("home", "/", {}, None),
    ("module page, an answer typed", "/modules/finding-mentors/", {}, type_an_answer),
    ("my plan", "/my-plan/", {}, None),
    ("search with results", "/", {}, open_search),
    ("404 page", "/404.html", {}, None),
    ("phone, drawer open", "/modules/finding-mentors/", {"viewport": {"width": 390, "height": 844}}, open_drawer),
    ("dark scheme", "/modules/finding-mentors/", {"color_scheme": "dark"}, None),
    ("print", "/modules/finding-mentors/", {}, print_media),
]


def styled_page(browser, url: str, options: dict, action, whole: Path | None, linked: str):
    """The page in a context of its own, after the action; with `whole`,
    the theme's whole stylesheet is served where the trimmed one is linked."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    if whole is not None:
        context.route(f"**/{linked}", lambda route: route.fulfill(path=str(whole), content_type="text/css"))
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    # Quiet network is not a started page: on a busy machine Chromium may
    # report it before the load event, with the theme's deferred script
    # still to run. A theme started under print media opens every
    # <details> (it reads the medium once as it starts), one started
    # before does not, so the two pages would differ by when they started.
    page.wait_for_load_state("load")
    if action is not None:
        action(page)
    page.wait_for_timeout(300)
    return context, page


# Zensical's pages share our templates and the theme's look: its own bundle,
# search and page frame are what could differ, so fewer states there.
ZENSICAL = ("home", "search with results", "404 page", "phone, drawer open")
CASES = [("mkdocs", *state) for state in STATES] + [("zensical", *state) for state in STATES if state[0] in ZENSICAL]


@pytest.mark.parametrize("engine_site, name, path, options, action", CASES, indirect=["engine_site"],
                         ids=[f"{case[0]}-{case[1]}" for case in CASES])
def test_the_trimmed_stylesheet_styles_every_element_as_the_whole_one(browser, engine_site, name, path, options, action):
    linked, theme_file = linked_main(engine_site.dir)
    assert (engine_site.dir / linked).stat().st_size < 0.9 * theme_file.stat().st_size, "the site links a trimmed file"
    url = engine_site.url + path
    whole_context, whole = styled_page(browser, url, options, action, theme_file, linked)
    trimmed_context, trimmed = styled_page(browser, url, options, action, None, linked)
    try:
        whole_rules, trimmed_rules = whole.evaluate(MAIN_RULES), trimmed.evaluate(MAIN_RULES)
        assert len(whole_rules) == len(trimmed_rules) == 1 and whole_rules[0] > trimmed_rules[0], (whole_rules, trimmed_rules)
        expected, found = whole.evaluate(STYLES), trimmed.evaluate(STYLES)
        if expected != found:  # once more: on a busy machine a script may have been late on one page
            whole.wait_for_timeout(1000)
            expected, found = whole.evaluate(STYLES), trimmed.evaluate(STYLES)
        assert len(expected) == len(found), f"{name}: the pages differ ({len(expected)} and {len(found)} styled boxes)"
        differing = [n for n, (a, b) in enumerate(zip(expected, found, strict=True)) if a != b]
        report = []
        for n in differing[:100]:  # read again: a box still moving when hashed may differ only then
            element, before, whole_inline = whole.evaluate(DETAIL, n)
            _, after, trimmed_inline = trimmed.evaluate(DETAIL, n)
            scripted = set_by_script(whole_inline) & set_by_script(trimmed_inline)
            changed = [f"{p}: {before.get(p)} -> {after.get(p)}" for p in sorted(set(before) | set(after))
                       if before.get(p) != after.get(p) and p not in scripted]
            if changed:
                report.append(f"{element}: " + "; ".join(changed[:6]) + ("; ..." if len(changed) > 6 else ""))
        assert not report and len(differing) <= 100, (
            f"{name}: {len(differing)} of {len(expected)} boxes styled differently (whole -> trimmed):\n"
            + "\n".join(report[:10]))
    finally:
        whole_context.close()
        trimmed_context.close()
