"""The main-stylesheet trimmer (career_allies/maincss.py) on small stylesheets
and sites: a selector goes when a class it requires is nowhere in the site's
pages or scripts, a rule goes with its last selector and a block with its
last rule; classes scripts build from a prefix count as present, and a file
it cannot read is left whole, with the pages."""

from __future__ import annotations

from career_allies.maincss import required_classes, site_classes, trim_css, trim_main

# Shaped like the theme's file: :root, @font-face and @keyframes, a selector
# list mixing live and dead classes, classes inside :not()/:is()/:where()/:has(),
# nested blocks, strings holding braces and dots, a source-map comment.
CSS = (
    ':root{--md-x:1}@font-face{font-family:x;src:url("a.woff2")}@keyframes spin{0%{opacity:0}to{opacity:1}}'
    "html{font-size:125%}[hidden]{display:none}"
    ".md-typeset .admonition,.md-typeset .md-blog{margin:0}"
    ".md-typeset .md-blog__post{color:red}"
    ".md-nav__link:not(.md-nav__link--gone){color:blue}"
    ".md-nav__link:is(.md-gone,.md-other){color:green}"
    ".md-nav:has(.md-gone)>.md-nav__link{color:teal}"
    ':where(.md-gone) .md-nav{gap:0}.md-typeset [href$=".md-gone"]{x:y}'
    ".md-tag--blue,.md-tag{color:blue}.md-source__fact--version{color:gray}"
    "@media screen{.md-gone{color:red}.md-sidebar{top:0}}"
    "@media print{@supports (display:grid){.md-gone,.md-also-gone{display:grid}}}"
    '.md-typeset .md-nav::after{content:"}{.md-gone"}'
    "/*# sourceMappingURL=main.min.css.map*/"
)
PAGE = '<body class="md-typeset"><nav class="md-nav"><a class="md-nav__link">x</a></nav><div class="admonition md-sidebar">'
BUNDLE = 'e.innerHTML=`<span class="md-source__fact md-source__fact--${t}">`;n.className="md-tag--"+c'


def test_a_selector_goes_only_when_a_class_it_requires_is_nowhere():
    words, prefixes = site_classes([PAGE, BUNDLE])
    assert prefixes == ("md-source__fact--", "md-tag--")
    assert trim_css(CSS, words, prefixes) == (
        ':root{--md-x:1}@font-face{font-family:x;src:url("a.woff2")}@keyframes spin{0%{opacity:0}to{opacity:1}}'
        "html{font-size:125%}[hidden]{display:none}"
        ".md-typeset .admonition{margin:0}"  # .md-blog is nowhere: that selector goes, the rule stays
        ".md-nav__link:not(.md-nav__link--gone){color:blue}"
        ".md-nav__link:is(.md-gone,.md-other){color:green}"
        ".md-nav:has(.md-gone)>.md-nav__link{color:teal}"
        ':where(.md-gone) .md-nav{gap:0}.md-typeset [href$=".md-gone"]{x:y}'
        ".md-tag--blue{color:blue}.md-source__fact--version{color:gray}"  # no page or script writes md-tag
        "@media screen{.md-sidebar{top:0}}"
        '.md-typeset .md-nav::after{content:"}{.md-gone"}'
    )


def test_the_classes_a_selector_requires():
    assert required_classes(".a .b>c.d:hover::before") == ["a", "b", "d"]
    assert required_classes(".a:not(.b):is(.c,.d):where(.e):has(>.f):nth-child(2 of .g)") == ["a"]
    assert required_classes(':not(:is(.a)) [data-x=".b"] [title=\'(.c\']') == []
    assert required_classes(r".md-\31 0.a") == ["a"]  # an escaped name never counts against a selector


def test_a_prefix_counts_only_where_a_script_builds_class_names():
    words, prefixes = site_classes(["x=`tabbed-control--${n}`;y=`${a}-${b}`;z='is'+name;w='m'+s;v='__code_'.concat(i)"])
    assert prefixes == ("__code_", "tabbed-control--")
    trimmed = trim_css(".tabbed-control--3{a:b}.isolated{a:b}.md-x{a:b}.__code_1{a:b}.other-{a:b}", words, prefixes)
    assert trimmed == ".tabbed-control--3{a:b}.__code_1{a:b}"


def test_nothing_live_means_nothing_dropped_and_unsure_input_is_left_whole():
    words, prefixes = site_classes(["a b c"])
    assert trim_css(":root{--a:1}a{b:c}", words, prefixes) == ":root{--a:1}a{b:c}"
    for broken in (".a{color:red", ".a{color:red}}", '.a{content:"}', ".a{.b{color:red}}", "color:red;.a{b:c}"):
        assert trim_css(broken, words, prefixes) is None, broken


def built(site, css=CSS, folder="assets/stylesheets", page=PAGE):
    """A built site of one page, a/index.html, linking the theme's main file, and the theme's bundle."""
    sheets = site / folder
    sheets.mkdir(parents=True)
    (sheets / "main.0123abcd.min.css").write_text(css, encoding="utf-8")
    scripts = site / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    (scripts / "bundle.0123abcd.min.js").write_text(BUNDLE, encoding="utf-8")
    html = site / "a" / "index.html"
    html.parent.mkdir()
    html.write_text(f'<head><link rel="stylesheet" href="../{folder}/main.0123abcd.min.css"></head>{page}',
                    encoding="utf-8")
    return sheets, html


def test_the_site_links_a_trimmed_file_named_by_its_content(tmp_path):
    site = tmp_path / "site"
    sheets, html = built(site, folder="assets/stylesheets/classic")  # where Zensical's classic variant puts it
    renamed = trim_main(site)
    (new,) = renamed.values()
    assert list(renamed) == ["assets/stylesheets/classic/main.0123abcd.min.css"]
    assert new.startswith("assets/stylesheets/classic/main.") and new.endswith(".min.css")
    css = (site / new).read_text(encoding="utf-8")
    assert ".md-blog" not in css and ".md-sidebar{top:0}" in css and "sourceMappingURL" not in css
    assert f'href="../{new}"' in html.read_text(encoding="utf-8")
    assert (sheets / "main.0123abcd.min.css").read_text(encoding="utf-8") == CSS  # the theme's name, its content
    assert trim_main(site) == {}  # a second run changes nothing

    # A page of a fork's own that uses a blog post: its rule stays, in a file of another name.
    other = tmp_path / "fork"
    built(other, page=PAGE + '<article class="md-blog__post">')
    (fork,) = trim_main(other).values()
    assert fork != new
    assert ".md-typeset .md-blog__post{color:red}" in (other / fork).read_text(encoding="utf-8")


def test_scripts_only_the_search_worker_loads_name_no_class_but_the_worker_does(tmp_path):
    """Material's search language support (assets/javascripts/lunr/) runs only
    inside the search worker, which cannot touch the page: a class named only
    there goes. The worker's own script writes markup for the page, so a
    class it names stays, as does one in any other script."""
    site = tmp_path / "site"
    css = ".md-sidebar{top:0}.abstract{a:b}.md-search-result__more{a:b}.md-tooltip2{a:b}"
    built(site, css=css)
    scripts = site / "assets" / "javascripts"
    for name, text in (("lunr/min/lunr.fr.min.js", "var w='abstract';"), ("lunr/wordcut.js", "abstract"),
                       ("workers/search.0123abcd.min.js", "'md-search-result__more'"),
                       ("extra/tooltips.js", "el.className='md-tooltip2'")):
        (scripts / name).parent.mkdir(parents=True, exist_ok=True)
        (scripts / name).write_text(text, encoding="utf-8")
    (new,) = trim_main(site).values()
    trimmed = (site / new).read_text(encoding="utf-8")
    assert ".abstract" not in trimmed
    assert ".md-search-result__more{a:b}" in trimmed and ".md-tooltip2{a:b}" in trimmed


def test_a_stylesheet_it_cannot_read_leaves_the_pages_alone(tmp_path):
    sheets, html = built(tmp_path, ".md-gone{color:red")
    assert trim_main(tmp_path) == {}
    assert "main.0123abcd.min.css" in html.read_text(encoding="utf-8")
    assert [p.name for p in sheets.iterdir()] == ["main.0123abcd.min.css"]
