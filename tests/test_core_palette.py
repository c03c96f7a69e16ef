"""The palette trimmer (career_allies/palette.py) on small stylesheets: it
keeps the rules this palette's names can match, inside nested @media too,
reads strings and comments as such, and leaves a file it cannot read whole."""

from __future__ import annotations

from career_allies.palette import palette_names, trim_css, trim_palette

# Shaped like the theme's file: a scheme block inside @media, colour rules,
# a negation, nested at-rules, strings holding braces, a source-map comment.
CSS = (
    "@media screen{[data-md-color-scheme=slate]{color-scheme:dark;--x:1}"
    '[data-md-color-scheme=slate] img[src$="#only-light"]{display:none}'
    "[data-md-color-switching] *{transition-duration:0s!important}}"
    "@media screen{[data-md-color-primary=indigo]{--p:#4051b5}"
    "[data-md-color-primary=red]{--p:red}}"
    "[data-md-color-primary=indigo]:not([data-md-color-scheme=slate]){--a:#4051b5}"
    "[data-md-color-accent=pink]{--acc:pink}"
    "@supports (display:grid){@media screen and (min-width:60em){"
    "[data-md-color-primary=red] .md-search__form{background:red}"
    "[data-md-color-primary=deep-purple] .md-tabs,[data-md-color-primary=red] .md-tabs{color:purple}}}"
    '.plain::after{content:"}{"}'
    "/*# sourceMappingURL=palette.min.css.map*/"
)

SITE = [{"scheme": "default", "primary": "custom", "accent": "custom"},
        {"scheme": "slate", "primary": "custom", "accent": "custom"}]


def test_names_come_from_the_palette_with_the_themes_defaults():
    assert palette_names(SITE) == {"scheme": {"default", "slate"}, "primary": {"custom"}, "accent": {"custom"}}
    assert palette_names({"primary": "deep purple"}) == {
        "scheme": {"default"}, "primary": {"deep-purple"}, "accent": {"indigo"}}
    assert palette_names(None) == {"scheme": set(), "primary": set(), "accent": set()}


def test_a_custom_palette_keeps_the_dark_scheme_and_drops_every_named_colour():
    trimmed = trim_css(CSS, palette_names(SITE))
    assert trimmed == (
        "@media screen{[data-md-color-scheme=slate]{color-scheme:dark;--x:1}"
        '[data-md-color-scheme=slate] img[src$="#only-light"]{display:none}'
        "[data-md-color-switching] *{transition-duration:0s!important}}"
        '.plain::after{content:"}{"}'
    )


def test_a_named_colour_keeps_its_rules_in_nested_blocks_and_its_selectors_only():
    trimmed = trim_css(CSS, palette_names([{"primary": "deep purple", "accent": "pink"}]))
    assert "[data-md-color-scheme=slate]" not in trimmed  # no dark scheme in this palette
    assert "@media screen{[data-md-color-primary=indigo]" not in trimmed
    assert "[data-md-color-accent=pink]{--acc:pink}" in trimmed
    assert ("@supports (display:grid){@media screen and (min-width:60em){"
            "[data-md-color-primary=deep-purple] .md-tabs{color:purple}}}") in trimmed
    assert "red" not in trimmed
    assert "sourceMappingURL" not in trimmed


def test_a_requirement_inside_not_is_no_requirement():
    trimmed = trim_css(CSS, palette_names([{"scheme": "default", "primary": "indigo"}]))
    assert "[data-md-color-primary=indigo]:not([data-md-color-scheme=slate]){--a:#4051b5}" in trimmed
    assert "@media screen{[data-md-color-primary=indigo]{--p:#4051b5}}" in trimmed


def test_a_stylesheet_it_cannot_read_is_left_whole():
    names = palette_names(SITE)
    for broken in ("a{color:red", "a{color:red}}", '[data-md-color-primary=red]{content:"}',
                   "a{b{color:red}}", "color:red;a{color:red}", "/* open", "@media screen{a{color:red}"):
        assert trim_css(broken, names) is None, broken


def built(site, css=CSS, folder="assets/stylesheets"):
    """A built site of one page, a/index.html, linking the theme's palette file."""
    sheets = site / folder
    sheets.mkdir(parents=True)
    (sheets / "palette.0123abcd.min.css").write_text(css, encoding="utf-8")
    page = site / "a" / "index.html"
    page.parent.mkdir()
    page.write_text(f'<head><link rel="stylesheet" href="../{folder}/palette.0123abcd.min.css"></head>', encoding="utf-8")
    return sheets, page


def test_the_site_links_a_trimmed_file_named_by_its_content(tmp_path):
    sheets, page = built(tmp_path / "site")
    tmp_path = tmp_path / "site"
    renamed = trim_palette(tmp_path, SITE)
    (new,) = renamed.values()
    assert renamed == {"assets/stylesheets/palette.0123abcd.min.css": new}
    assert new != "assets/stylesheets/palette.0123abcd.min.css"
    assert (tmp_path / new).read_text(encoding="utf-8") == trim_css(CSS, palette_names(SITE))
    assert page.read_text(encoding="utf-8") == f'<head><link rel="stylesheet" href="../{new}"></head>'
    assert (sheets / "palette.0123abcd.min.css").read_text(encoding="utf-8") == CSS  # the theme's name, its content

    # Another palette: other content, so another name; a second run changes nothing.
    assert trim_palette(tmp_path, SITE) == {}
    other = tmp_path.parent / "indigo"
    built(other)
    (indigo,) = trim_palette(other, [{"primary": "indigo"}]).values()
    assert indigo != new


def test_a_stylesheet_it_cannot_read_leaves_the_pages_alone(tmp_path):
    # Where Zensical's classic variant puts it.
    sheets, page = built(tmp_path, "a{color:red", "assets/stylesheets/classic")
    assert trim_palette(tmp_path, SITE) == {}
    assert "palette.0123abcd.min.css" in page.read_text(encoding="utf-8")
    assert [p.name for p in sheets.iterdir()] == ["palette.0123abcd.min.css"]
