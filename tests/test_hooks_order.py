"""The order of `hooks:` in mkdocs.yml means nothing.

Each hook reads what it needs from the files (career_allies.site.load_site),
none reads what another wrote. So the example organisation (switches, notes,
colours, placeholders) builds byte for byte the same site with the hooks in
any order, and a mistake is reported at the same file and line.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from conftest import build_fails, mkdocs_build

FIXTURE = Path(__file__).parent / "fixtures" / "org"
HOOK_LINE = re.compile(r"^  - hooks/\S+\.py.*$", re.M)
VOLATILE = {"sitemap.xml.gz"}  # gzip stamps the time it was written


def with_hooks_in_order(project: Path, order: list[int]) -> list[str]:
    """Rewrite the copy's hooks list in `order` (indexes into the listed order)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = HOOK_LINE.findall(text)
    assert len(lines) >= 4, lines
    block = "\n".join(lines)
    assert block in text, "the hooks are listed one after another"
    config.write_text(text.replace(block, "\n".join(lines[i] for i in order)), encoding="utf-8")
    return [line.split()[1] for line in lines]


def orders(count: int) -> list[list[int]]:
    listed = list(range(count))
    shuffled = listed[:]
    random.Random(17).shuffle(shuffled)
    return [listed[::-1], shuffled]


def files_of(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name not in VOLATILE
    }


def test_the_built_site_is_the_same_with_the_hooks_in_any_order(site_copy, tmp_path):
    shutil.copy(FIXTURE / "organisation.yml", site_copy / "organisation.yml")
    shutil.copytree(FIXTURE / "docs", site_copy / "docs", dirs_exist_ok=True)
    result = mkdocs_build(site_copy / "mkdocs.yml", tmp_path / "listed")
    assert result.returncode == 0, result.stdout + result.stderr
    listed = files_of(tmp_path / "listed")
    assert "org/our-programme/index.html" in listed and "modules/paying-it-forward/index.html" not in listed
    assert any(name.endswith("organisation-colours.css") for name in listed)

    original = (site_copy / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = with_hooks_in_order(site_copy, list(range(len(HOOK_LINE.findall(original)))))
    for number, order in enumerate(orders(len(hooks))):
        (site_copy / "mkdocs.yml").write_text(original, encoding="utf-8")
        with_hooks_in_order(site_copy, order)
        site = tmp_path / f"order-{number}"
        result = mkdocs_build(site_copy / "mkdocs.yml", site)
        assert result.returncode == 0, result.stdout + result.stderr
        built = files_of(site)
        shown = [hooks[i] for i in order]
        assert sorted(built) == sorted(listed), shown
        different = [name for name in listed if built[name] != listed[name]]
        assert not different, (shown, different[:5])


def test_a_mistake_is_reported_at_its_line_with_the_hooks_in_any_order(site_copy):
    """An if-block that drops lines above a mistake must not move the line the build names."""
    shutil.copy(FIXTURE / "organisation.yml", site_copy / "organisation.yml")
    shutil.copytree(FIXTURE / "docs", site_copy / "docs", dirs_exist_ok=True)
    page = site_copy / "docs" / "modules" / "start-here.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    at = len(lines) + 5  # the line the unknown worksheet will be on
    lines += [
        "",
        "<!-- if on: modules/paying-it-forward.md -->",
        "Gone with the module.",
        "<!-- end if -->",
        "<!-- worksheet: no-such-sheet -->",
        "",
    ]
    page.write_text("\n".join(lines), encoding="utf-8")
    expected = f"docs/modules/start-here.md:{at}: unknown worksheet id 'no-such-sheet'"

    original = (site_copy / "mkdocs.yml").read_text(encoding="utf-8")
    count = len(HOOK_LINE.findall(original))
    for order in [list(range(count)), *orders(count)]:
        (site_copy / "mkdocs.yml").write_text(original, encoding="utf-8")
        with_hooks_in_order(site_copy, order)
        output = build_fails(site_copy)
        assert expected in output, (order, output[-2000:])
