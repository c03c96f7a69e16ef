"""Helpers for the quality gates (tests/test_quality_*.py), importable by any test.

Everything here discovers what to check from the built site, so new pages,
worksheets, self-assessments and controls are covered without editing a list:

- `built_pages(site)`: every page MkDocs wrote, as URL paths;
- `fill_everything(page)`: types into, ticks and picks every control inside
  every `[data-ca-key]` root on the page;
- `PAYLOADS`, `put_payloads_in_storage(page)`, `assert_payloads_inert(page)`
  and `assert_markdown_inert(text)`: script and HTML payloads in answers must
  stay text. Call them on any page that shows answers back (My plan, an
  import preview) and on any export;
- `HeadersServer(site)`: serves a built site with the headers from its
  `_headers` file (Netlify and Cloudflare Pages format).
"""

from __future__ import annotations

import fnmatch
import functools
import http.server
import threading
from urllib.parse import urlsplit
from pathlib import Path

TESTS = Path(__file__).resolve().parent
NODE_MODULES = TESTS / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def need_node_tools() -> None:
    """Fail with the fix, not a confusing error, when `npm ci` has not run."""
    if not AXE_JS.is_file() or not VNU_JAR.is_file():
        import pytest

        pytest.fail("tests/node_modules is missing axe-core or vnu-jar: run `make test` (it runs `npm ci --prefix tests --ignore-scripts`)")


def built_pages(site: Path) -> list[str]:
    """URL paths of every HTML page in a built site, home first."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel == "index.html":
            paths.append("/")
        elif rel.endswith("/index.html"):
            paths.append("/" + rel[: -len("index.html")])
        else:
            paths.append("/" + rel)
    return sorted(paths, key=lambda p: (p != "/", p))


def pages_with_sheets(site: Path) -> list[str]:
    return [p for p in built_pages(site) if "data-ca-key=" in page_file(site, p).read_text(encoding="utf-8")]


def page_file(site: Path, path: str) -> Path:
    rel = path.lstrip("/")
    return site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def run_axe(page) -> list[dict]:
    """Run axe-core on the page as it is now; return the violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the pages' own CSP (a <meta>
        # tag, even without headers) rightly blocks an inline script.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(0, 3).join(' '))}));
        }""",
        AXE_TAGS,
    )


def format_violations(where: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {n}" for n in v["nodes"]]
    return "\n".join(lines)


def wait_ready(page) -> None:
    """Wait until the page's script has set up every worksheet and self-assessment."""
    page.wait_for_function("[...document.querySelectorAll('[data-ca-key]')].every(r => r.getAttribute('data-ca-ready') === '1')")


def fill_everything(page, text: str = "A sample answer") -> int:
    """Fill every control in every [data-ca-key] root: press each visible
    "Add a row" button once, type `text` into every box, a date into every
    date box, tick every check box and pick the last radio of each group.
    Values are set in the page with real input and change events (fast enough
    for hundreds of controls; the keyboard tests type for real). Waits for
    every save. Returns the number of controls touched."""
    wait_ready(page)
    touched = page.evaluate(
        """(text) => {
            for (const b of document.querySelectorAll('[data-ca-key] [data-ca-add-row]')) if (!b.hidden) b.click();
            let n = 0;
            for (const el of document.querySelectorAll('[data-ca-key] [data-ca-input]')) {
                const kind = el.tagName === 'TEXTAREA' ? 'textarea' : el.type;
                if (kind === 'date') el.value = '2027-03-31';
                else if (kind === 'text' || kind === 'textarea') el.value = text;
                else if (kind === 'checkbox' || kind === 'radio') el.checked = true;
                else throw new Error('fill_everything does not know the control type ' + kind + ': teach it');
                el.dispatchEvent(new Event('input', {bubbles: true}));
                el.dispatchEvent(new Event('change', {bubbles: true}));
                n += 1;
            }
            return n;
        }""",
        text,
    )
    roots = page.locator("[data-ca-key]").count()
    if roots:
        page.wait_for_function(
            "n => [...document.querySelectorAll('[data-ca-key] [data-ca-status]')].filter(s => s.textContent.includes('Saved')).length === n",
            arg=roots,
        )
    return touched


def search(page, term: str) -> None:
    """Open Material's search and type `term` until results show (the search
    index loads in a worker after the page, and typing before it is ready
    finds nothing)."""
    page.keyboard.press("/")
    box = page.locator(".md-search__input")
    results = page.locator(".md-search-result__item")
    for _ in range(40):
        box.fill("")
        box.type(term)
        try:
            results.first.wait_for(timeout=500)
            return
        except Exception:  # not ready yet: type again
            continue
    raise AssertionError(f"search for {term!r} never showed results")


# Answers a hostile file or a curious reader might type. If any of them runs,
# it sets window.__pwned; if any becomes markup, the page grows an element
# carrying the marker class or attribute.
PAYLOADS = [
    '<img src=x onerror="window.__pwned=1" class="ca-xss-marker">',
    "<script>window.__pwned=1</script>",
    '<a href="javascript:window.__pwned=1" class="ca-xss-marker">click me</a>',
    '"><svg onload="window.__pwned=1" class="ca-xss-marker"></svg>',
    "</textarea><b class=ca-xss-marker>bold</b>",
    "javascript:window.__pwned=1",
    "{{ 7*7 }} ${7*7} <!-- comment -->",
]


def assert_payloads_inert(page) -> None:
    """After payloads were shown on this page: none ran, none became markup,
    and no link anywhere points at javascript:."""
    assert page.evaluate("window.__pwned") is None, "a payload ran"
    assert page.locator(".ca-xss-marker, [onerror], [onload]").count() == 0, "a payload became markup"
    assert page.locator("a[href^='javascript:' i]").count() == 0, "a javascript: link appeared"


def put_payloads_in_storage(page) -> list[str]:
    """Save hostile answers for every worksheet and self-assessment on this
    page straight into localStorage, as a tampered backup or another script
    could: payloads as text answers, as choice values, as table cells, and as
    field names. Reload the page (or open My plan) afterwards. Returns the keys."""
    return page.evaluate(
        """(payloads) => {
            const keys = [];
            for (const root of document.querySelectorAll('[data-ca-key]')) {
                const values = {};
                const fields = [...new Set([...root.querySelectorAll('[data-ca-input]')].map(el => el.getAttribute('data-ca-input')))];
                fields.forEach((f, i) => {
                    const p = payloads[i % payloads.length];
                    const el = root.querySelector(`[data-ca-input="${f}"]`);
                    if (el.hasAttribute('data-ca-row')) values[f] = [{[el.getAttribute('data-ca-col')]: p}, {[p]: p}];
                    else if (el.type === 'checkbox') values[f] = [p, el.value];
                    else values[f] = p;
                });
                payloads.forEach((p, i) => { values[p] = p; values['old-' + i] = p; });
                const key = root.getAttribute('data-ca-key');
                const kind = root.hasAttribute('data-checklist') ? 'checklist' : 'worksheet';
                localStorage.setItem(key, JSON.stringify({format: 1, kind, id: root.getAttribute('data-' + kind), updated: new Date().toISOString(), values}));
                keys.push(key);
            }
            return keys;
        }""",
        PAYLOADS,
    )


def assert_markdown_inert(text: str) -> None:
    """A Markdown export of answers holding PAYLOADS: no payload survives as
    raw HTML or as a javascript: link when the file is rendered elsewhere
    (a code host, a Markdown editor, a mail client). Escaped forms (`\\<`,
    `&lt;`) and code spans or blocks are fine."""
    import re

    plain = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.S | re.M)  # fenced code
    plain = re.sub(r"(`+).+?\1", "", plain)  # code spans
    raw = re.findall(r"(?<!\\)<\s*/?\s*(img|script|svg|b|textarea|a)\b", plain, re.I)
    assert not raw, f"raw HTML tags {sorted(set(raw))} in the Markdown export"
    assert not re.search(r"(?<!\\)\]\(\s*javascript:", plain, re.I), "a javascript: link in the Markdown export"
    assert not re.search(r"(?<!\\)<\s*javascript:", plain, re.I), "a javascript: autolink in the Markdown export"


# ---- Watching what the browser fetches ----

class Guard:
    """Routes every request of a browser context; records and blocks any that
    is not for `allowed_origin` (data: and blob: URLs never reach the network)."""

    def __init__(self, context, allowed_origin: str) -> None:
        self.allowed = urlsplit(allowed_origin)
        self.blocked: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = urlsplit(route.request.url)
        if (url.scheme, url.hostname, url.port) == (self.allowed.scheme, self.allowed.hostname, self.allowed.port):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def watch(self, page) -> None:
        page.on("websocket", lambda ws: self.blocked.append(ws.url))


def use_every_feature(page, server: str, site: Path) -> None:
    """Visit every page and do everything a reader can do there."""
    page.on("dialog", lambda d: d.accept())
    for path in built_pages(site):
        page.goto(server + path)
        wait_ready(page)
        page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
        if page.locator("[data-ca-key]").count():
            fill_everything(page)
            for button in page.locator("[data-ca-print]").all():
                button.click()
            page.reload()
            wait_ready(page)
            clear = page.locator("[data-ca-clear]").first
            clear.click()
            fill_everything(page)
        # Every other button the page offers (export, import, progress...).
        for button in page.locator(".md-content button:visible").all():
            if button.get_attribute("data-ca-clear") is None:
                try:
                    button.click(timeout=1500)
                except Exception:  # covered up or gone after an earlier click: fine
                    pass
        page.emulate_media(media="print")
        page.emulate_media(media="screen")
    # Search, palette and instant navigation, from the home page.
    page.goto(server + "/")
    search(page, "sponsor")
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state()
    for _toggle in range(2):
        page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.goto(server + "/modules/know-what-you-want/")
    page.locator(".md-footer__link--next").click()
    page.wait_for_load_state("networkidle")


# ---- Serving a built site with its _headers ----

def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Netlify / Cloudflare Pages `_headers`: a URL pattern on its own line,
    then indented `Name: value` lines. Returns [(pattern, [(name, value)])]."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
            continue
        if not rules or ":" not in line:
            raise ValueError(f"_headers:{number}: expected '  Name: value' under a URL pattern, got {line!r}")
        name, value = line.strip().split(":", 1)
        rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules, path: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for pattern, headers in rules:
        if fnmatch.fnmatchcase(path, pattern.replace(":splat", "*")):
            for name, value in headers:
                found[name] = value
    return found


class _HeadersHandler(http.server.SimpleHTTPRequestHandler):
    site: Path

    def end_headers(self) -> None:
        # Read at each request: the site may be built after the server binds.
        rules = parse_headers_file((self.site / "_headers").read_text(encoding="utf-8"))
        for name, value in headers_for(rules, self.path.split("?")[0]).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"}


class _GzipHeadersHandler(_HeadersHandler):
    """Also gzips text files, as Netlify, Cloudflare and most hosts do."""

    def do_GET(self) -> None:
        raw = self.path.split("?")[0]
        path = Path(self.translate_path(raw))
        if path.is_dir():
            if not raw.endswith("/"):
                return super().do_GET()  # it redirects to the slash
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSIBLE or not path.is_file():
            return super().do_GET()
        import gzip

        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser moved on (a reload mid-load): nothing to report


class HeadersServer:
    """Serves a built site on 127.0.0.1 with the headers its `_headers` file
    sets (Netlify / Cloudflare Pages format). Binds at once, so the site can
    be built for its URL (instant navigation needs the right port) before
    `start()`."""

    def __init__(self, site: Path, gzip: bool = False) -> None:
        self.site = Path(site)
        base = _GzipHeadersHandler if gzip else _HeadersHandler
        handler = functools.partial(type("Handler", (base,), {"site": self.site}), directory=str(self.site))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> HeadersServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
