"""What parts of a built page cost its main thread at start-up (issue 19).

Loads the page as bench.py's bench_cpu does (phone-sized, fresh context,
traced thread time), in interleaved pairs: the page as built, then the page
with one thing taken away by request routing (a stylesheet or script served
empty, elements cut from the HTML, a CSS rule edited). Prints each
variant's median thread time beside the baseline's, the median of the pairs'
ratios and the categories; with --counts also the elements styled and
objects laid out, which the machine's load moves far less (only through
where the parser splits the page: a few dozen either way).

    .venv/bin/mkdocs build -d /tmp/site
    .venv/bin/python bench/ablate.py /tmp/site --pairs 9 no-examples no-ca-js

Differences under about 30 ms are within the noise of a shared 2-core
machine even at 9 pairs; for small changes look at the counts too.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import statistics
import threading
from collections.abc import Callable

from bench import TRACE_CATEGORIES, thread_time


def strip_blocks(html: str, cls: str, tag: str) -> str:
    """`html` without each <tag class="... cls ..."> and all it holds."""
    start = re.compile(rf'<{tag}\b[^>]*class="[^"]*\b{re.escape(cls)}\b[^"]*"[^>]*>')
    either = re.compile(rf"<(/?){tag}\b[^>]*?(/?)>")
    out, i = [], 0
    while m := start.search(html, i):
        out.append(html[i:m.start()])
        depth, j = 1, m.end()
        while depth:
            t = either.search(html, j)
            if t is None:
                break
            depth += -1 if t.group(1) else 0 if t.group(2) else 1
            j = t.end()
        i = j
    return "".join(out) + html[i:]


def without_paper(html: str) -> str:
    html = re.sub(r'<(div|span) class="ca-paper[^"]*"[^>]*></\1>', "", html)
    return strip_blocks(html, "ca-sheet__paper-only", "p")


Edit = Callable[[str], str]
VARIANTS: dict[str, dict[str, list[str] | Edit]] = {
    "no-ca-css": {"empty": ["career-allies.css"]},
    "no-ca-js": {"empty": ["career-allies.js"]},
    "no-main-css": {"empty": ["/stylesheets/main."]},
    "no-palette-css": {"empty": ["/stylesheets/palette."]},
    "no-bundle-js": {"empty": ["/javascripts/bundle."]},
    "no-examples": {"html": lambda h: strip_blocks(h, "ca-example", "details")},
    "no-paper": {"html": without_paper},
    "no-sheets": {"html": lambda h: strip_blocks(h, "ca-sheet", "section")},
    "no-option-overlay": {"css": lambda c: c.replace(".md-typeset .ca-option label::after{", ".ca-none::after{")},
    "skip-offscreen-sheets": {"css": lambda c: c + "@media screen{.md-typeset .ca-sheet{content-visibility:auto;contain-intrinsic-size:auto 40rem}}"},
    "contain-sheet": {"css": lambda c: c + "@media screen{.md-typeset .ca-sheet{contain:layout style}}"},
}


def counts(trace: dict) -> dict:
    events = trace["traceEvents"]
    page = {(e["pid"], e["tid"]) for e in events if e.get("name") == "ParseHTML"}
    mine = [e for e in events if (e["pid"], e["tid"]) in page and e.get("ph") == "X"]
    styled = sum((e.get("args") or {}).get("elementCount") or 0 for e in mine if e["name"] == "UpdateLayoutTree")
    laid = sum(((e.get("args") or {}).get("beginData") or {}).get("dirtyObjects") or 0 for e in mine if e["name"] == "Layout")
    return {"styled": styled, "laid_out": laid}


def load(browser, url: str, origin: str, variant: dict, with_counts: bool) -> dict:
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)

    def route(r):
        u = r.request.url
        if any(part in u for part in variant.get("empty", [])):
            return r.fulfill(status=200, body="", content_type="text/css" if u.endswith(".css") else "text/javascript")
        edit = variant.get("css") if u.endswith("career-allies.css") else variant.get("html") if u == url else None
        if edit:
            response = r.fetch()
            return r.fulfill(response=response, body=edit(response.text()))
        return r.continue_()

    context.route("**/*", route)
    page = context.new_page()
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
    finally:
        trace = json.loads(browser.stop_tracing())
        context.close()
    return {**thread_time(trace, origin), **(counts(trace) if with_counts else {})}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", help="a built site (mkdocs build -d DIR)")
    parser.add_argument("variants", nargs="*", help=f"default: all of {', '.join(VARIANTS)}")
    parser.add_argument("--page", default="modules/know-what-you-want/")
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--counts", action="store_true", help="also elements styled and objects laid out")
    args = parser.parse_intermixed_args()
    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=args.site)
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    url = f"{origin}/{args.page}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        run = functools.partial(load, browser, url, origin, with_counts=args.counts)
        run({})  # warm the server and the browser
        for name in args.variants or list(VARIANTS):
            base, var = [], []
            for i in range(args.pairs):
                if i % 2:
                    var.append(run(VARIANTS[name]))
                    base.append(run({}))
                else:
                    base.append(run({}))
                    var.append(run(VARIANTS[name]))
            b, v = (statistics.median(d["total_ms"] for d in runs) for runs in (base, var))
            ratio = statistics.median(y["total_ms"] / x["total_ms"] for x, y in zip(base, var, strict=True))
            groups = sorted(set().union(*(d["groups_ms"] for d in base + var)))
            cats = " ".join(f"{g} {statistics.median(d['groups_ms'].get(g, 0) for d in base):.0f}"
                            f"->{statistics.median(d['groups_ms'].get(g, 0) for d in var):.0f}" for g in groups)
            extra = "".join(f" {k} {statistics.median(d[k] for d in base):.0f}->{statistics.median(d[k] for d in var):.0f}"
                            for k in ("styled", "laid_out") if args.counts)
            print(f"{name:18s} {b:6.1f} -> {v:6.1f} ms ({v - b:+.1f}), ratio {ratio:.3f}{extra} | {cats}", flush=True)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
