"""The light/dark switch (overrides/partials/palette.html and
partials/javascripts/palette.html) in headless Chromium: it picks the palette
before the theme's script runs, switches by mouse and keyboard, and remembers
the choice across reloads and instant navigation."""

from __future__ import annotations

import re

import pytest

TOGGLE = "label.md-header__button[for^='__palette']:visible"


def scheme(page) -> tuple[str, str]:
    return (page.evaluate("document.body.getAttribute('data-md-color-scheme')"),
            page.evaluate("document.querySelector('meta[name=color-scheme]').content"))


@pytest.mark.parametrize("os_scheme, expected", [("light", ("default", "light")), ("dark", ("slate", "dark"))])
def test_the_palette_follows_the_device_before_any_script_file_runs(browser, server, os_scheme, expected):
    """With every script file blocked, only the inline script in the header
    can have chosen: the page is never painted in the wrong colours waiting
    for the theme's bundle."""
    context = browser.new_context(color_scheme=os_scheme)
    page = context.new_page()
    page.route("**/*.js", lambda route: route.abort())
    page.goto(server + "/")
    assert scheme(page) == expected
    assert page.locator(TOGGLE).count() == 1
    context.close()


def test_switching_by_mouse_and_keyboard_is_saved_and_kept_on_every_page(browser, server):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/")
    assert page.locator("[data-md-component='palette']").count() == 0  # the theme's component is not in play
    assert scheme(page) == ("slate", "dark")
    assert page.locator(TOGGLE).get_attribute("title") == "Switch to light mode"

    page.locator(TOGGLE).click()
    assert scheme(page) == ("default", "light")
    assert page.locator(TOGGLE).get_attribute("title") == "Switch to dark mode"
    page.reload()
    assert scheme(page) == ("default", "light"), "the choice outlives a reload, whatever the device prefers"

    # Instant navigation keeps the header: the switch still works afterwards.
    page.locator(".md-footer__link--next").click()
    page.wait_for_url("**/modules/start-here/")
    assert scheme(page) == ("default", "light")
    page.locator(TOGGLE).click()
    assert scheme(page) == ("slate", "dark")

    # Keyboard: the focused switch takes Enter (as in the theme) and arrows.
    page.focus("input[name='__palette']:checked")
    page.keyboard.press("Enter")
    assert scheme(page) == ("default", "light")
    assert page.evaluate("document.activeElement.name") == "__palette"
    page.keyboard.press("ArrowDown")
    assert scheme(page) == ("slate", "dark")
    page.goto(server + "/my-plan/")
    assert scheme(page) == ("slate", "dark")
    assert not errors, errors
    context.close()


def test_a_saved_palette_from_elsewhere_never_breaks_the_page(browser, server):
    """A saved setting the switch can't use (an index out of range, or junk)
    falls back to the device's preference."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(server + "/")
    for junk in ('{"index": 7}', '"light"', '{"index": -1, "color": {}}', 'not JSON at all'):
        page.evaluate("v => localStorage.setItem(__md_scope.pathname + '.__palette', v)", junk)
        page.reload()
        assert scheme(page) == ("slate", "dark"), junk
    context.close()


AUTOMATIC = """  palette:
    - media: "(prefers-color-scheme)"
      toggle:
        icon: material/brightness-auto
        name: Switch to light mode
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: custom
      accent: custom
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: custom
      accent: custom
      toggle:
        icon: material/weather-sunny
        name: Switch to automatic mode
"""


def test_a_fork_with_the_themes_automatic_option_follows_the_device(browser, site_copy, tmp_path):
    """Material's documented three-way switch (automatic, light, dark) works
    with our switch too: 'automatic' takes the device's light or dark colours."""

    from conftest import mkdocs_build

    config = site_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, count = re.subn(r"^  palette:\n(?:    .*\n)+", AUTOMATIC, text, flags=re.M)
    assert count == 1
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site" / "index.html").as_uri()
    for os_scheme, expected in (("dark", ("slate", "dark")), ("light", ("default", "light"))):
        context = browser.new_context(color_scheme=os_scheme)
        page = context.new_page()
        page.route("**/*.js", lambda route: route.abort())
        page.goto(home)
        assert scheme(page) == expected, os_scheme
        assert page.locator(TOGGLE).get_attribute("title") == "Switch to light mode"
        assert page.evaluate("document.body.getAttribute('data-md-color-media')") == "(prefers-color-scheme)"
        context.close()


def body_is_dark(page) -> bool:
    """Whether the page's background is dark (relative luminance under 0.2)."""
    red, green, blue = (int(n) for n in re.findall(r"\d+", page.evaluate(
        "getComputedStyle(document.body).backgroundColor"))[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.2 * 255


def test_dark_mode_paints_a_dark_page_on_a_dark_device_and_after_the_switch(browser, server):
    """The dark scheme's colours come from the theme's palette stylesheet
    (trimmed by career_allies/palette.py): a module page really is dark."""
    context = browser.new_context(color_scheme="dark", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server + "/modules/finding-mentors/")
    assert body_is_dark(page)
    page.locator(TOGGLE).click()
    assert not body_is_dark(page)
    page.locator(TOGGLE).click()
    assert body_is_dark(page)
    context.close()


# The colour an element's ::before paints and the colour behind the element,
# its own background laid over its ancestors' (alpha composited), as [r, g, b].
ICON_AND_GROUND = """(sel) => {
  const rgba = (text) => { const n = text.match(/[\\d.]+/g).map(Number); return [n[0], n[1], n[2], n.length > 3 ? n[3] : 1]; };
  const el = document.querySelector(sel);
  const icon = rgba(getComputedStyle(el, '::before').backgroundColor);
  const layers = [];
  for (let node = el; node; node = node.parentElement) {
    const c = rgba(getComputedStyle(node).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  let ground = [255, 255, 255];
  for (const [r, g, b, a] of layers.reverse()) ground = [r * a + ground[0] * (1 - a), g * a + ground[1] * (1 - a), b * a + ground[2] * (1 - a)];
  return [icon.slice(0, 3), ground];
}"""


def contrast(one, other) -> float:
    def luminance(rgb):
        parts = [c / 255 for c in rgb]
        parts = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("os_scheme", ["light", "dark"])
def test_the_filled_in_examples_icon_stands_out_in_both_schemes(browser, server, os_scheme):
    """The pencil before "See how Leah filled it in" is a graphic that says
    what the control is: at least 3:1 against what is behind it (WCAG 2.2,
    1.4.11). In the dark scheme the theme's primary colour is nearly the
    background's, so the icon takes the link colour there."""
    context = browser.new_context(color_scheme=os_scheme)
    page = context.new_page()
    page.goto(server + "/modules/know-what-you-want/")
    icon, ground = page.evaluate(ICON_AND_GROUND, ".ca-example__summary")
    context.close()
    assert contrast(icon, ground) >= 3, (os_scheme, icon, ground, round(contrast(icon, ground), 2))
