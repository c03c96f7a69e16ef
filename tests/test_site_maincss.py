"""The theme's main stylesheet in the built site (career_allies/maincss.py,
run by finish_site after either engine): every page links a copy without
the rules that need a class no page or script of the site has, named by its
content; a fork's own pages bring back the rules their markup needs."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import ROOT, mkdocs_build
from test_site_palette import linked_sheet

ORGANISATION = ROOT / "tests" / "fixtures" / "org"

# A fork's own page, with the markup a writer reaches for: admonitions, a
# collapsible block, content tabs, a table, a button, an emoji, highlighted code.
FORK_PAGE = '''
## Our extras

!!! tip "Before you start"
    Book a room :smile: and bring your plan.

??? question "Can I change mentor?"
    Yes: ask {{ organisation.name }}.

=== "Mentees"

    | Week | What |
    | --- | --- |
    | 1 | Meet |

=== "Mentors"

    Read the guide.

[Sign up](https://intranet.example.com/){ .md-button .md-button--primary }

```python
def hello():
    return "hi"
```
'''
# Rules the course's own pages never need, and the fork's page does.
FORK_ONLY = (".md-typeset .twemoji{", ".highlight .nf,")
# Rules for the rest of the fork's markup (in the course's pages too).
FORK_ALSO = (".md-typeset .admonition,", ".md-typeset .tabbed-set{", ".md-typeset table:not([class]){",
             ".md-typeset .md-button--primary{", ".md-typeset details{")


def linked_main(site: Path, page: str) -> Path:
    return linked_sheet(site, page, "main")


def test_every_page_links_the_main_stylesheet_cut_down_to_this_site(engine_site):
    site = engine_site.dir
    module = linked_main(site, "modules/finding-mentors/index.html")
    css = module.read_text(encoding="utf-8")
    (theme_file,) = (p for p in module.parent.glob("main.*.min.css") if p != module)
    theme = theme_file.read_text(encoding="utf-8")
    assert len(css) < 0.9 * len(theme), (len(css), len(theme))  # the theme's is about 137 KB
    assert module.name == f"main.{hashlib.sha256(css.encode()).hexdigest()[:8]}.min.css"  # named by its content
    assert "sourceMappingURL" not in css
    # Kept: what every page needs, and what the site's pages and scripts use.
    for kept in (":root{", "@keyframes", ".md-header{", ".md-typeset .admonition,", ".md-nav__link--active"):
        assert kept in css, kept
    # Gone: features this site does not use (a blog, navigation tabs, a cookie consent, keyboard keys).
    for gone in (".md-post", ".md-tabs", ".md-consent", ".key-enter"):
        assert gone in theme and gone not in css, gone
    for page in site.rglob("*.html"):
        if 'rel="stylesheet"' in page.read_text(encoding="utf-8"):
            assert linked_main(site, page.relative_to(site).as_posix()) == module, page


def test_a_forks_own_pages_keep_the_rules_their_markup_needs(site_copy, built_site, tmp_path):
    shutil.copy(ORGANISATION / "organisation.yml", site_copy / "organisation.yml")
    shutil.copytree(ORGANISATION / "docs", site_copy / "docs", dirs_exist_ok=True)
    page = site_copy / "docs" / "org" / "our-programme.md"
    page.write_text(page.read_text(encoding="utf-8") + FORK_PAGE, encoding="utf-8")
    result = mkdocs_build(site_copy / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    fork = linked_main(tmp_path / "site", "org/our-programme/index.html").read_text(encoding="utf-8")
    course = linked_main(built_site, "index.html").read_text(encoding="utf-8")
    for rule in FORK_ONLY:
        assert rule not in course and rule in fork, rule
    for rule in FORK_ALSO:
        assert rule in fork, rule
