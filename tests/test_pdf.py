"""Printed worksheets: every one as a clean paper form, and the whole pack,
in A4 and US Letter, printed by the deploy workflows' own PDF step.

The module's PDFs come from running that step (`make pdf`, as read from
.github/workflows/deploy.yml and .gitlab-ci.yml) in a copy of the project:
each form is printed once per paper size, in one browser.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from career_allies import load_catalog
from career_allies.pdf import PACK_STEM, file_for

ROOT = Path(__file__).resolve().parent.parent
CATALOG = load_catalog(ROOT / "docs" / "_data")
DEFINITIONS = {**CATALOG.worksheets, **CATALOG.checklists}
ALL_IDS = sorted(DEFINITIONS)
PAPERS = {"A4": "595.92 x 842.88", "Letter": "612 x 792"}
PROGRAMME = yaml.safe_load((ROOT / "organisation.yml").read_text(encoding="utf-8"))["programme"]["name"]
ADDRESS = "https://example.github.io/career-allies/"  # as a Pages deploy sets SITE_URL
MARGIN_PT = 18 / 25.4 * 72  # the running header and footer live in 18 mm margins
DPI = 50  # enough to see a writing line
# Text that only navigation, the site footer or buttons would put on paper.
# (Header, table of contents, footer, buttons; "Worksheet pack" is a nav entry.)
CHROME = ["Skip to content", "Table of contents", "Code MIT", "Made with", "Print this", "Clear this", "Download a blank copy", "Worksheet pack"]


def workflow_pdf_commands() -> list[str]:
    """The PDF step's commands, as the GitHub workflow runs them; the GitLab
    job runs the same ones."""
    steps = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    step = next(s for s in steps if "make pdf" in s.get("run", ""))
    github = [line.strip() for line in step["run"].splitlines() if line.strip()]
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))["pages"]["script"]
    assert all(command in gitlab for command in github), f"GitLab's job lacks {github}"
    assert gitlab.index(github[0]) > gitlab.index("make build") and gitlab.index(github[-1]) < gitlab.index("make offline")
    assert step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    return github


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """Run the workflows' PDF step in a copy of the project (with this
    checkout's virtual environment); return the site it published."""
    project = tmp_path_factory.mktemp("deploy") / "project"
    project.mkdir()
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("mkdocs.yml", "organisation.yml", "Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, project / name)
    env = dict(os.environ, VENV=str(ROOT / ".venv"), SITE_URL=ADDRESS)
    for command in workflow_pdf_commands():
        result = subprocess.run(["bash", "-c", command], cwd=project, env=env, capture_output=True, text=True, timeout=1500)
        assert result.returncode == 0, f"`{command}` failed:\n{result.stdout}\n{result.stderr}"
    return project / "site"


def pdf_path(site: Path, stem: str, paper: str) -> Path:
    return site / "pdf" / file_for(stem, paper)


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def labels(ident: str) -> list[str]:
    definition = DEFINITIONS[ident]
    if definition["kind"] == "worksheet":
        return [f["label"] for f in definition["fields"]]
    return [s["text"] for s in definition["statements"]] + [b["name"] for b in definition["bands"]]


def used_heights(pdf: Path) -> list[float]:
    """Per page, the share of the page's height between the first and the
    last ink (text, writing lines, boxes) inside the header and footer
    margins, from a small greyscale rendering (PGM)."""
    shares = []
    data = subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf)], capture_output=True, check=True).stdout
    for _header, width, height, pixels in _pgm_pages(data):
        margin = int(MARGIN_PT / 72 * DPI) + 2
        # Writing lines are thin and grey: anything darker than near-white is ink.
        rows = [y for y in range(margin, height - margin) if min(pixels[y * width:(y + 1) * width]) < 235]
        shares.append((rows[-1] - rows[0] + 1) / height if rows else 0.0)
    return shares


def _pgm_pages(data: bytes):
    pos = 0
    while pos < len(data):
        match = re.compile(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s").match(data, pos)
        assert match, "pdftoppm did not write PGM"
        width, height = int(match.group(1)), int(match.group(2))
        start = match.end()
        yield match.group(0), width, height, data[start:start + width * height]
        pos = start + width * height


def test_the_deploy_step_publishes_every_form_and_the_pack_in_a4_and_letter(published):
    for stem in [*ALL_IDS, PACK_STEM]:
        for paper, size in PAPERS.items():
            pdf = pdf_path(published, stem, paper)
            assert pdf.is_file(), f"{pdf.name} was not published"
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            assert size in info, f"{pdf.name} is not {paper}"
    # Pages link to both sizes (the rebuild after printing).
    page = (published / "modules" / "finding-mentors" / "index.html").read_text(encoding="utf-8")
    for ident in ("prospect-list", "mentor-fit"):
        links = re.search(rf'data-(?:worksheet|checklist)="{ident}".*?ca-sheet__pdf">(.*?)</p>', page, re.S)
        assert links, f"{ident}: no download links"
        assert re.search(rf'href="[./]*pdf/{ident}\.pdf">A4', links.group(1)) and re.search(rf'href="[./]*pdf/{ident}-letter\.pdf">US Letter', links.group(1)), links.group(1)
    pack = (published / "worksheets" / "index.html").read_text(encoding="utf-8")
    assert f"{PACK_STEM}.pdf" in pack and f"{PACK_STEM}-letter.pdf" in pack


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("ident", ALL_IDS)
def test_each_form_prints_as_a_clean_form_that_says_what_it_is(published, ident, paper):
    pdf = pdf_path(published, ident, paper)
    pages = page_texts(pdf)
    assert 1 <= len(pages) <= 5, f"{ident} prints on {len(pages)} pages"
    definition = DEFINITIONS[ident]
    # Running header and footer on every page: programme, title, address,
    # licence credit, page n of m.
    for number, text in enumerate(pages, 1):
        flat = squash(text)
        assert PROGRAMME in flat, f"{ident} page {number}: no programme name"
        assert squash(definition["title"]) in flat
        assert f"Page {number} of {len(pages)}" in flat, f"{ident} page {number}: no page number"
        assert ADDRESS in flat and "CC BY 4.0" in flat, f"{ident} page {number}: no address or licence"
    text = squash(" ".join(pages))
    for label in labels(ident):
        assert squash(label) in text, f"{ident}: label missing on paper: {label}"
    for chrome in CHROME:
        assert chrome not in text, f"{ident}: '{chrome}' printed"
    others = [d["title"] for i, d in DEFINITIONS.items() if i != ident]
    assert not [t for t in others if re.search(rf"(?:WORKSHEET|SELF-ASSESSMENT) {re.escape(t)}", text)], "another form leaked onto this one"
    if definition["kind"] == "worksheet":
        assert re.search(r"Name: .*Date:", text)
    else:
        # Scored by hand: points beside every option, a line to add them up,
        # the bands as a key with where each next step is; no empty score.
        for statement in definition["statements"]:
            for step in definition["scale"]:
                points = step["value"] * statement["weight"]
                assert f"{squash(step['label'])} ({points} point" in text, f"{ident}: no points beside '{step['label']}'"
        assert f"Add up your points: out of {definition['max']}" in text
        assert "Your score" not in text and "not scored yet" not in text
        for band in definition["bands"]:
            assert f"{band['min']}–{band['max']} {squash(band['name'])}" in text
            for link in band.get("links", []):
                # Address lines may wrap at a hyphen: compare without spaces.
                path, _, anchor = link["page"].partition("#")
                address = f"{ADDRESS}{path[:-3]}/" + (f"#{anchor}" if anchor else "")
                assert f"{link['title']}({address})".replace(" ", "") in text.replace(" ", ""), f"{ident}: no address for '{link['title']}'"
    # No page left nearly empty (a title alone, a band spilled over).
    for number, share in enumerate(used_heights(pdf), 1):
        assert share >= 0.1, f"{ident} ({paper}) page {number} uses {share:.0%} of its height"


@pytest.mark.parametrize("paper", PAPERS)
def test_the_pack_has_a_cover_numbered_contents_and_every_form_in_course_order(published, paper):
    pdf = pdf_path(published, PACK_STEM, paper)
    pages = page_texts(pdf)
    cover = squash(pages[0])
    assert PROGRAMME in cover and "Worksheet pack" in cover and "CC BY 4.0" in cover and ADDRESS in cover
    assert "worksheets and self-assessments" in cover
    for number, text in enumerate(pages, 1):
        assert PROGRAMME in text and f"Page {number} of {len(pages)}" in squash(text), f"pack page {number}"
    html = (published / "worksheets" / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'data-(?:worksheet|checklist)="([a-z0-9-]+)"', html)
    assert sorted(order) == ALL_IDS  # every worksheet is in the pack, once
    contents = squash(pages[1])
    assert "Contents" in contents
    starts = []
    for ident in order:
        title = squash(DEFINITIONS[ident]["title"])
        listed = re.search(re.escape(title) + r" · [^·]*? page (\d+)", contents)
        assert listed, f"{title}: no page number in the contents"
        start = int(listed.group(1))
        heading = re.compile(r"(?:WORKSHEET|SELF-ASSESSMENT) " + re.escape(title))
        assert heading.search(squash(pages[start - 1])), f"{title} is not on page {start}"
        assert not any(heading.search(squash(p)) for p in pages[: start - 1]), f"{title} starts before page {start}"
        starts.append(start)
    assert starts == sorted(starts) and len(set(starts)) == len(starts), "forms are not in course order, one per sheet"
    for chrome in CHROME[:-1]:
        assert chrome not in " ".join(pages)
    for number, share in enumerate(used_heights(pdf), 1):
        assert share >= 0.1, f"pack ({paper}) page {number} uses {share:.0%} of its height"
