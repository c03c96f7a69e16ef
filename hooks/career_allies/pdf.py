"""Print every worksheet, and the whole pack, to PDF with headless Chromium.

    python -m career_allies.pdf SITE_DIR OUT_DIR [--paper A4|Letter|both]

Serves the built site on 127.0.0.1, opens the Worksheet pack page in a fresh
browser profile (so every form is blank), and prints it whole and once per
worksheet using the same "print only this one" mode as the page's button,
in A4 (<id>.pdf) and US Letter (<id>-letter.pdf). Every page gets a running
header (programme name, worksheet title) and footer (site address, licence
credit, "Page n of m"), read from the built site, so an organisation's
programme name is on its paper. The pack is printed twice: once to learn on
which page each worksheet starts, then again with those page numbers in its
contents list.

Needs Playwright, Debian's Chromium (/usr/bin/chromium) and poppler's
pdftotext, which reads the first print of the pack; never downloads a browser.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import subprocess
import sys
import threading
from html import escape
from pathlib import Path
from typing import Sequence

from .pages import PACK_STEM, pdf_names

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
PACK_PAGE = "worksheets/"
PACK_FILE = pdf_names(PACK_STEM)[0]
PAPERS = ("A4", "Letter")
# Room above and below the page for the running header and footer; the same
# as the print stylesheet's @page margins.
MARGIN = {"top": "18mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
BAR = "font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8pt; color: #222; width: 100%; margin: 0 14mm; display: flex; justify-content: space-between; gap: 6mm;"
HEADER = '<div style="{bar} border-bottom: 0.5pt solid #888; padding-bottom: 1mm;"><span>{programme}</span><span>{title}</span></div>'
FOOTER = '<div style="{bar}"><span>{credit}</span><span style="white-space: nowrap;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'

# What the page says about the site: each form's credit line (see
# overrides/partials/career-allies/actions.html), else the site header.
SITE_INFO = """() => {
    const text = sel => { const e = document.querySelector(sel); return e ? e.textContent.trim() : ""; };
    return {
        programme: text(".ca-credit__programme") || text(".md-header__topic .md-ellipsis") || document.title,
        address: text(".ca-credit__address"),
        credit: text(".ca-credit__licence") || "Course content CC BY 4.0",
    };
}"""
ONLY = """id => {
    document.querySelectorAll('.ca-print-target').forEach(e => e.classList.remove('ca-print-target'));
    document.body.classList.add('ca-print-one');
    document.querySelector(`[data-worksheet="${id}"], [data-checklist="${id}"]`).classList.add('ca-print-target');
}"""
# The pack's contents list: each entry links to a form's title (#ca-<id>-title).
# (The theme's instant navigation makes the links absolute: read their hash.)
CONTENTS = """() => Array.from(document.querySelectorAll('.ca-pack-contents + ol a[href*="#ca-"]')).map(a => {
    const title = document.getElementById(a.hash.slice(1));
    return { id: a.hash.slice(1), title: title ? title.textContent.trim() : a.textContent.trim() };
})"""
NUMBER = """numbers => {
    document.querySelectorAll('.ca-pack-contents + ol a[href*="#ca-"]').forEach(a => {
        const li = a.closest('li');
        let span = li.querySelector('.ca-pack-page');
        if (!span) { span = document.createElement('span'); span.className = 'ca-pack-page'; li.appendChild(span); }
        const n = numbers[a.hash.slice(1)];
        span.textContent = n ? 'page ' + n : '';
    });
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def file_for(stem: str, paper: str) -> str:
    """<stem>.pdf for A4, <stem>-letter.pdf for US Letter."""
    return pdf_names(stem)[PAPERS.index(paper)]


def options(paper: str, info: dict[str, str], title: str) -> dict:
    credit = " · ".join(p for p in (info["address"], info["credit"]) if p)
    return {
        "format": paper,
        "print_background": True,
        "prefer_css_page_size": False,
        "margin": MARGIN,
        "display_header_footer": True,
        "header_template": HEADER.format(bar=BAR, programme=escape(info["programme"]), title=escape(title)),
        "footer_template": FOOTER.format(bar=BAR, credit=escape(credit)),
    }


def start_pages(pdf: bytes, forms: list[dict[str, str]]) -> dict[str, int]:
    """The page on which each form starts: the first page, after the
    contents, whose text has its kind and title ("Worksheet <title>")."""
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
    texts = [re.sub(r"\s+", " ", page).replace("\u00ad", "") for page in text.split("\f")]
    found: dict[str, int] = {}
    after = 0
    for form in forms:
        heading = re.compile(r"(?:worksheet|self-assessment)\s+" + re.escape(re.sub(r"\s+", " ", form["title"])), re.I)
        for number in range(after, len(texts)):
            if heading.search(texts[number]):
                found[form["id"]] = number + 1
                after = number
                break
    return found


def render(site: Path, out: Path, paper: str | Sequence[str] = PAPERS, pack_page: str = PACK_PAGE, sheets: bool = True, browser=None) -> list[Path]:
    """Write one PDF per worksheet plus the pack, per paper size; return the
    files written.

    Pass a running Playwright `browser` to reuse it (tests do); otherwise one
    is started and closed here.
    """
    papers = [paper] if isinstance(paper, str) else list(paper)
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            try:
                return render(site, out, papers, pack_page, sheets, own)
            finally:
                own.close()

    if not (site / pack_page / "index.html").exists() and not (site / pack_page.rstrip("/")).with_suffix(".html").exists():
        raise SystemExit(f"{site} has no worksheet pack page ({pack_page}): build the site first with `make build`")
    out.mkdir(parents=True, exist_ok=True)
    httpd, base = serve(site)
    written: list[Path] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + pack_page)
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready")
        # The running header and footer carry what the form's own lines say
        # when printed from a browser: hide those, so it is not said twice.
        page.evaluate("document.documentElement.classList.add('ca-pdf')")
        info = page.evaluate(SITE_INFO)
        forms = page.evaluate(CONTENTS)
        for size in papers:
            page.evaluate(NUMBER, {})
            first = page.pdf(**options(size, info, "Worksheet pack"))
            page.evaluate(NUMBER, start_pages(first, forms))
            target = out / file_for(PACK_STEM, size)
            page.pdf(path=str(target), **options(size, info, "Worksheet pack"))
            written.append(target)
        ids = [] if not sheets else page.eval_on_selector_all("[data-ca-key]", "els => els.map(e => [e.getAttribute('data-worksheet') || e.getAttribute('data-checklist'), e.querySelector('.ca-sheet__title').textContent.trim()])")
        for ident, title in ids:
            page.evaluate(ONLY, ident)
            for size in papers:
                target = out / file_for(ident, size)
                page.pdf(path=str(target), **options(size, info, title))
                written.append(target)
    finally:
        context.close()
        httpd.shutdown()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--paper", default="both", choices=[*PAPERS, "both"])
    args = parser.parse_args(argv)
    files = render(args.site, args.out, PAPERS if args.paper == "both" else args.paper)
    print(f"Wrote {len(files)} PDFs to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
