"""The theme's palette stylesheet in the built site (career_allies/palette.py,
run by finish_site after either engine): every page links a copy cut down to
the rules this site's palette can use, named by its content; a fork with a
named colour keeps that colour's rules."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import mkdocs_build


def linked_sheet(site: Path, page: str, stem: str = "palette") -> Path:
    """The theme's stylesheet of this stem (palette, main) a page links
    (relative or from the site's root: the 404 page's links are), as a file
    in the site."""
    link = rf'<link rel="stylesheet" href="[^"]*?(assets/stylesheets/(?:[a-z]+/)?{stem}\.[0-9a-f]+\.min\.css)">'
    (path,) = re.findall(link, (site / page).read_text(encoding="utf-8"))
    return site / path


def test_every_page_links_the_palette_cut_down_to_this_sites_colours(engine_site):
    site = engine_site.dir
    module = linked_sheet(site, "modules/finding-mentors/index.html")
    css = module.read_text(encoding="utf-8")
    assert "[data-md-color-scheme=slate]{" in css  # the dark scheme this site switches to
    assert "[data-md-color-switching]" in css
    assert "data-md-color-primary=indigo" not in css and "data-md-color-accent=" not in css
    assert len(css) < 4000, len(css)  # the theme's is about 12 KB
    # Named by its content: not the name the theme's own file has.
    theme_file = sorted(p for p in module.parent.glob("palette.*.min.css") if p != module)
    assert theme_file and all("data-md-color-primary=indigo" in p.read_text(encoding="utf-8") for p in theme_file)
    for page in site.rglob("*.html"):
        if 'rel="stylesheet"' in page.read_text(encoding="utf-8"):
            assert linked_sheet(site, page.relative_to(site).as_posix()) == module, page


def test_a_fork_with_a_named_primary_colour_keeps_its_rules(site_copy, tmp_path):
    config = site_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, count = re.subn(r"(scheme: default\n\s+)primary: custom", r"\1primary: indigo", text)
    assert count == 1
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    css = linked_sheet(tmp_path / "site", "index.html").read_text(encoding="utf-8")
    assert "[data-md-color-primary=indigo]{" in css
    assert "[data-md-color-scheme=slate]{" in css
    assert "data-md-color-primary=red" not in css
