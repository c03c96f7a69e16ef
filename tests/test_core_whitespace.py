"""Layout whitespace out of the built pages (career_allies/whitespace.py,
issue 19): indentation and blank lines go, a run of whitespace always keeps
one character, and whatever shows whitespace as written stays byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from career_allies.whitespace import PRESERVE_CLASSES, PRESERVE_TAGS, strip_layout_whitespace, strip_pages_whitespace

ROOT = Path(__file__).resolve().parent.parent


def test_indentation_and_blank_lines_go_and_inline_spacing_stays():
    page = "<body>\n  <div>\n    <p>One  two\t three\n      four</p>  \n\n\n    <p>a <em>b</em> c</p>\n  </div>\n</body>\n"
    assert strip_layout_whitespace(page) == (
        "<body>\n<div>\n<p>One  two\t three\nfour</p>\n<p>a <em>b</em> c</p>\n</div>\n</body>\n")


def test_a_run_without_a_line_break_is_left_alone():
    assert strip_layout_whitespace("<p>a   b\t\tc</p> <p> d </p>") == "<p>a   b\t\tc</p> <p> d </p>"


@pytest.mark.parametrize("element", [
    "<pre>\n  one\n\n    two  \n</pre>",
    "<textarea name=a>\n  typed\n\n  text  \n</textarea>",
    "<script>\n  if (a < b) {\n    go('</p>\\n  ');\n  }\n</script>",
    '<script type="application/json">\n  {"a": "  \\n  "}\n</script>',
    "<style>\n  .a {\n    color: red;\n  }\n</style>",
    "<code>a\n    b</code>",
    "<kbd>Ctrl\n  +\n  C</kbd>",
])
def test_elements_that_show_whitespace_are_kept_byte_for_byte(element):
    page = f"<div>\n  {element}\n  <p>\n    after\n  </p>\n</div>"
    assert strip_layout_whitespace(page) == f"<div>\n{element}\n<p>\nafter\n</p>\n</div>"


def test_uppercase_and_mixed_case_tags_are_recognised():
    page = "<DIV>\n  <PRE>\n  kept\n</Pre>\n  <Script>\n  x = 1\n</SCRIPT>\n  <TextArea>\n  t\n</TEXTAREA>\n</DIV>"
    assert strip_layout_whitespace(page) == (
        "<DIV>\n<PRE>\n  kept\n</Pre>\n<Script>\n  x = 1\n</SCRIPT>\n<TextArea>\n  t\n</TEXTAREA>\n</DIV>")


def test_a_greater_than_sign_inside_quoted_attributes_does_not_end_the_tag():
    page = ('<div>\n  <pre title="a > b" data-x=\'1>0\'>\n  kept\n</pre>\n'
            '  <code title=">\n   still the tag">  x\n   y</code>\n  <p data-q="5 > 4">\n    text\n  </p>\n</div>')
    assert strip_layout_whitespace(page) == (
        '<div>\n<pre title="a > b" data-x=\'1>0\'>\n  kept\n</pre>\n'
        '<code title=">\n   still the tag">  x\n   y</code>\n<p data-q="5 > 4">\ntext\n</p>\n</div>')


def test_code_inside_pre_does_not_end_the_pre():
    page = "<pre><span></span><code>line one\n  line two\n</code>\n   after the code\n\n</pre>\n  <p>\n  x</p>"
    assert strip_layout_whitespace(page) == (
        "<pre><span></span><code>line one\n  line two\n</code>\n   after the code\n\n</pre>\n<p>\nx</p>")


def test_elements_the_stylesheets_show_as_written_are_kept_with_what_they_hold():
    page = ('<div>\n  <div class="md-typeset ca-paper" style="--ca-lines: 3">\n  <div>\n    inner\n  </div>\n    kept\n  </div>\n'
            "  <dl class='ca-plan__answers'>\n  <dt>Q</dt>\n  <dd>line\n\n  two</dd>\n</dl>\n"
            "  <table class=ca-plan__table>\n  <tr><td>a\n  b</td></tr>\n</table>\n"
            '  <div class="md-search__suggest">\n  s\n</div>\n  <p>\n    x\n  </p>\n</div>')
    assert strip_layout_whitespace(page) == (
        '<div>\n<div class="md-typeset ca-paper" style="--ca-lines: 3">\n  <div>\n    inner\n  </div>\n    kept\n  </div>\n'
        "<dl class='ca-plan__answers'>\n  <dt>Q</dt>\n  <dd>line\n\n  two</dd>\n</dl>\n"
        "<table class=ca-plan__table>\n  <tr><td>a\n  b</td></tr>\n</table>\n"
        '<div class="md-search__suggest">\n  s\n</div>\n<p>\nx\n</p>\n</div>')


def test_a_class_name_that_only_contains_a_kept_one_is_not_kept():
    page = '<div class="ca-paper-note" data-class="ca-paper">\n  x\n</div><p class="">\n  y</p>'
    assert strip_layout_whitespace(page) == '<div class="ca-paper-note" data-class="ca-paper">\nx\n</div><p class="">\ny</p>'


def test_comments_and_tags_are_kept_whole_and_do_not_start_anything():
    page = ('<!DOCTYPE html>\n<!-- a <pre> in a comment\n    is no pre -->\n  <p>\n  x</p>\n'
            '<a\n    href="/"\n    title="two\n   lines">\n  y</a>')
    assert strip_layout_whitespace(page) == (
        '<!DOCTYPE html>\n<!-- a <pre> in a comment\n    is no pre -->\n<p>\nx</p>\n'
        '<a\n    href="/"\n    title="two\n   lines">\ny</a>')


def test_an_element_that_never_ends_keeps_the_rest_of_the_page():
    assert strip_layout_whitespace("<p>\n  a</p>\n  <pre>\n  b\n\n  <p>\n  c") == "<p>\na</p>\n<pre>\n  b\n\n  <p>\n  c"


def test_pages_are_changed_in_place_and_counted():
    pages = {Path("a.html"): "<p>\n  a</p>", Path("b.html"): "<p>b</p>"}
    assert strip_pages_whitespace(pages) == 1
    assert pages == {Path("a.html"): "<p>\na</p>", Path("b.html"): "<p>b</p>"}


# What the stylesheets show as written: a rule setting white-space to keep
# spaces or line breaks (pre, pre-wrap, pre-line, break-spaces, preserve).
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SHOWN_AS_WRITTEN = re.compile(r"white-space(?:-collapse)?\s*:\s*(?:pre|break-spaces|preserve)", re.I)


def _as_written_selectors(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [selector.strip() for selectors, body in _RULE.findall(css) if _SHOWN_AS_WRITTEN.search(body)
            for selector in selectors.split(",")]


def _kept(selector: str) -> bool:
    classes = set(re.findall(r"\.([\w-]+)", selector))
    types = {t.lower() for t in re.findall(r"(?:^|[\s>+~])([a-zA-Z][\w-]*)", selector)}
    return bool(classes & PRESERVE_CLASSES or types & PRESERVE_TAGS)


def _stylesheets() -> list[Path]:
    ours = sorted((ROOT / "docs" / "assets" / "stylesheets").glob("*.css"))
    theme = sorted((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css"))
    assert ours and theme, "the stylesheets to check are missing"
    return ours + theme


@pytest.mark.parametrize("sheet", _stylesheets(), ids=lambda p: p.name)
def test_everything_the_stylesheets_show_as_written_is_kept(sheet):
    """A new rule with white-space: pre* needs its class in PRESERVE_CLASSES
    (career_allies/whitespace.py), or the pages lose the spaces it shows."""
    selectors = _as_written_selectors(sheet.read_text(encoding="utf-8"))
    missing = [s for s in selectors if not _kept(s)]
    assert not missing, f"{sheet.name}: white-space: pre* on elements the page finisher does not keep: {missing}"


def test_the_stylesheet_check_sees_a_rule_it_does_not_cover():
    selectors = _as_written_selectors("@media print{.a .ca-paper{white-space:pre-wrap}.b td{white-space : pre-line}}"
                                      "/* .c{white-space:pre} */.d{white-space:normal}")
    assert selectors == [".a .ca-paper", ".b td"]
    assert [_kept(s) for s in selectors] == [True, False]


# Made-up pages from pieces that are easy to get wrong: kept elements and
# classes in any letter case, quotes, line breaks inside tags, comments,
# unclosed elements, a '<' that starts nothing, names that only begin like
# a kept one. The quick finisher must give exactly what the plain
# token-by-token one (tests/whitespace_reference.py) gives.
_PIECES = ("<", ">", "/", " ", "  ", "\n", "\t", "\n  ", '"', "'", "=", "a", "c", "m", "<p>", "</p>", "<pre>", "</pre>",
           "<PRE>", "<pRe>", "<div>", "</div>", '<div class="ca-paper">', "<div class='x ca-plan__table'>",
           "<div class=md-search__suggest>", 'class="', "ca-paper", "ca-paper-note", "<script>", "</script>", "<!--",
           "-->", "<!x>", "<code>", "</code>", "<codex>", "<title>", "</title >", "<textarea>", "</textarea>", "<br/>",
           "<input class=ca-paper>", '<a title="x\ny">', "<kbd/>", "<Code>", "<svg:path d='m1 c2'>", "<p\n>",
           '<span\tclass="ca-paper">', "</span>", "<style>", "</style>", "<x-y>", '<a"b>', "\u212abd", "<a title='>'>")


def test_the_quick_finisher_matches_the_plain_one_on_made_up_pages():
    import random

    from whitespace_reference import strip_layout_whitespace as reference

    chance = random.Random(19)
    for _ in range(20000):
        page = "".join(chance.choice(_PIECES) for _ in range(chance.randint(0, 24)))
        assert strip_layout_whitespace(page) == reference(page), f"differs from the plain finisher on {page!r}"
