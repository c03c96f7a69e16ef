"""Print every worksheet, and the whole pack, to PDF with headless Chromium.

    python -m career_allies.pdf SITE_DIR OUT_DIR [--paper A4|Letter]

Serves the built site on 127.0.0.1, opens the Worksheet pack page in a fresh
browser profile (so every form is blank), and prints it whole and once per
worksheet using the same "print only this one" mode as the page's button.
Needs Playwright and Debian's Chromium (/usr/bin/chromium); never downloads
a browser.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
PACK_PAGE = "worksheets/"
PACK_FILE = "career-allies-worksheet-pack.pdf"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def render(site: Path, out: Path, paper: str = "A4", pack_page: str = PACK_PAGE, sheets: bool = True, browser=None) -> list[Path]:
    """Write one PDF per worksheet plus the pack; return the files written.

    Pass a running Playwright `browser` to reuse it (tests do); otherwise one
    is started and closed here.
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            try:
                return render(site, out, paper, pack_page, sheets, own)
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
        options = {"format": paper, "print_background": True, "prefer_css_page_size": False}
        target = out / PACK_FILE
        page.pdf(path=str(target), **options)
        written.append(target)
        ids = [] if not sheets else page.eval_on_selector_all("[data-ca-key]", "els => els.map(e => e.getAttribute('data-worksheet') || e.getAttribute('data-checklist'))")
        for ident in ids:
            page.evaluate(
                """id => {
                    document.querySelectorAll('.ca-print-target').forEach(e => e.classList.remove('ca-print-target'));
                    document.body.classList.add('ca-print-one');
                    document.querySelector(`[data-worksheet="${id}"], [data-checklist="${id}"]`).classList.add('ca-print-target');
                }""",
                ident,
            )
            target = out / f"{ident}.pdf"
            page.pdf(path=str(target), **options)
            written.append(target)
    finally:
        context.close()
        httpd.shutdown()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--paper", default="A4", choices=["A4", "Letter"])
    args = parser.parse_args(argv)
    files = render(args.site, args.out, args.paper)
    print(f"Wrote {len(files)} PDFs to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
