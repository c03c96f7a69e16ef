"""Printed worksheets: every one as a clean paper form, and the whole pack."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from career_allies import load_catalog
from career_allies.pdf import PACK_FILE, render

ROOT = Path(__file__).resolve().parent.parent
CATALOG = load_catalog(ROOT / "docs" / "_data")
ALL_IDS = sorted([*CATALOG.worksheets, *CATALOG.checklists])
# Text that only navigation, headers, footers or buttons would put on paper.
# (Header, table of contents, footer, buttons; "Worksheet pack" is a nav entry.)
CHROME = ["Skip to content", "Table of contents", "Course content CC BY", "Made with", "Print this", "Clear this", "Download a blank copy", "Worksheet pack"]


@pytest.fixture(scope="module")
def pdfs(built_site, browser, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    written = render(built_site, out, browser=browser)
    assert len(written) == len(ALL_IDS) + 1
    return out


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pages_of(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def labels(ident: str) -> list[str]:
    definition = CATALOG.worksheets.get(ident) or CATALOG.checklists[ident]
    if definition["kind"] == "worksheet":
        return [f["label"] for f in definition["fields"]]
    return [s["text"] for s in definition["statements"]] + [b["name"] for b in definition["bands"]]


@pytest.mark.parametrize("ident", ALL_IDS)
def test_each_worksheet_prints_as_a_clean_form(pdfs, ident):
    pdf = pdfs / f"{ident}.pdf"
    pages = pages_of(pdf)
    assert 1 <= pages <= 4, f"{ident} prints on {pages} pages"
    text = squash(text_of(pdf))
    definition = CATALOG.worksheets.get(ident) or CATALOG.checklists[ident]
    assert squash(definition["title"]) in text
    for label in labels(ident):
        assert squash(label) in text, f"{ident}: label missing on paper: {label}"
    for chrome in CHROME:
        assert chrome not in text, f"{ident}: '{chrome}' printed"
    # No other worksheet leaks onto this one's paper.
    others = [d["title"] for i, d in {**CATALOG.worksheets, **CATALOG.checklists}.items() if i != ident]
    assert not [t for t in others if f"Worksheet {t}" in text or f"Self-assessment {t}" in text]
    # The last page is not blank.
    last = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert last.strip(), f"{ident}: blank last page"


def test_the_pack_has_a_contents_list_and_every_worksheet_in_course_order(pdfs, built_site):
    text = squash(text_of(pdfs / PACK_FILE))
    assert "Contents" in text
    html = (built_site / "worksheets" / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'data-(?:worksheet|checklist)="([a-z0-9-]+)"', html)
    assert sorted(order) == ALL_IDS  # every worksheet is in the pack, once
    titles = [squash((CATALOG.worksheets.get(i) or CATALOG.checklists[i])["title"]) for i in order]
    # Each sheet's heading on paper reads "WORKSHEET <title>" or "SELF-ASSESSMENT <title>".
    positions = []
    for title in titles:
        found = re.search(r"(?:WORKSHEET|SELF-ASSESSMENT) " + re.escape(title), text)
        assert found, title
        positions.append(found.start())
    assert positions == sorted(positions), "worksheets are not in course order"
    for chrome in CHROME[:-1]:
        assert chrome not in text
    assert pages_of(pdfs / PACK_FILE) >= len(ALL_IDS) + 1  # a contents page, then each on its own sheet


def test_the_pack_also_fits_us_letter(built_site, browser, tmp_path):
    render(built_site, tmp_path, paper="Letter", sheets=False, browser=browser)
    pdf = tmp_path / PACK_FILE
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "612 x 792" in info  # Letter, in points
    text = squash(text_of(pdf))
    for ident in ALL_IDS:
        for label in labels(ident)[:2]:
            assert squash(label) in text
