"""MkDocs adapter for site-level pages: the course index, My plan, the pack.

- on_nav: list the course modules in reading order with the worksheets and
  self-assessments each one uses (`config.extra.career_allies`); templates
  embed it so the browser script can show progress and build My plan. The
  labels My plan needs to show answers (every field, option and statement,
  ~40 KB) go in a file of their own, named by its content so browsers may
  keep it, which My plan's script loads only once there are answers to show;
  so does the course index itself, which pages other than My plan load
  only once this browser has saved something (for progress marks);
- on_page_markdown: expand `<!-- career-allies: worksheet-pack -->` into every
  worksheet in course order (Markdown, so its headings reach the contents);
- on_page_content: expand `<!-- career-allies: my-plan -->`,
  `<!-- career-allies: my-plan-tools -->` (the toolbar) and
  `<!-- career-allies: my-plan-clear -->` into My plan's containers, and
  `<!-- career-allies: overview -->` (on My plan and the home page) into the
  "3 of 14 modules done, continue where you left off" box.

The modules come from the navigation, so a module switched off by an
organisation (removed from the nav) drops out of all of these by itself.
Modules are the pages under modules/, subfolders included (the track for
mentors and sponsors is modules/for-mentors/); a file name is a module's id,
so two modules may not share one.
"""

from __future__ import annotations

import hashlib
import json
import re
from html import escape
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from career_allies.extension import catalog_for, pdf_names, renderer_for
from career_allies.manifest import storage_key, summary
from career_allies.markup import markdown_text
from career_allies.shortcodes import FRONT_MATTER_RE, find_shortcodes

MODULES = "modules/"
PACK = "<!-- career-allies: worksheet-pack -->"
PLAN = "<!-- career-allies: my-plan -->"
TOOLS = "<!-- career-allies: my-plan-tools -->"
CLEAR = "<!-- career-allies: my-plan-clear -->"
OVERVIEW = "<!-- career-allies: overview -->"
PACK_PDF, PACK_PDF_LETTER = pdf_names("career-allies-worksheet-pack")  # the names career_allies.pdf writes
TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    """Publish the PDFs `make pdf` printed, under pdf/."""
    folder = Path(config.mdx_configs["career_allies"].get("pdf_dir") or "")
    if str(folder) not in ("", ".") and folder.is_dir():
        for pdf in sorted(folder.glob("*.pdf")):
            files.append(File.generated(config, f"pdf/{pdf.name}", abs_src_path=str(pdf)))
    return files


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
    options = config.mdx_configs["career_allies"]
    catalog = catalog_for(options["definitions"], options.get("relative_to"))
    site_id = options.get("site_id", "career-allies")
    modules, plan_url = [], None
    for page in nav.pages:
        src = page.file.src_uri
        if src == "my-plan.md":
            plan_url = page.url
        if not src.startswith(MODULES):
            continue
        text = FRONT_MATTER_RE.sub("", page.file.content_string)
        heading = TITLE.search(text)
        items = []
        for code in find_shortcodes(text):
            definition = catalog.get(code.kind, code.id)
            if definition is not None:
                items.append({"kind": code.kind, "id": code.id, "key": storage_key(site_id, code.kind, code.id), "title": definition["title"]})
        ident = PurePosixPath(src).stem
        twin = next((m["src"] for m in modules if m["id"] == ident), None)
        if twin:
            raise PluginError(f"docs/{src}: a module's file name is its id (for progress and My plan), and docs/{twin} has the same one: rename one of them")
        modules.append({
            "id": ident,
            "title": heading.group(1) if heading else (page.title or src),
            "src": src,
            "url": page.url,
            "items": items,
        })
    labels = {i["key"]: summary(catalog.get(i["kind"], i["id"])) for m in modules for i in m["items"]}
    index = {"site": site_id, "plan": plan_url, "modules": [{k: v for k, v in m.items() if k != "src"} for m in modules]}
    config.extra["career_allies"] = {
        "site": site_id, "plan": plan_url, "modules": modules,
        # What the browser reads inline: all of the index on My plan, the rest without its modules elsewhere.
        "browser": index, "page": {k: v for k, v in index.items() if k != "modules"},
        "index": _data_file(config, files, "course-index", "careerAlliesIndex", index),
        "fields": _data_file(config, files, "plan-fields", "careerAlliesFields", labels),
    }
    return nav


def _data_file(config: MkDocsConfig, files: Files, name: str, variable: str, data: dict) -> str:
    """Write data for the browser as a script named by its content (browsers
    may keep it); return its path from the site root. A script, not JSON, so
    that it also loads in the offline copy (file://, where fetch cannot read)."""
    text = f"window.{variable}=" + json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + ";\n"
    path = f"assets/career-allies/{name}.{hashlib.sha256(text.encode()).hexdigest()[:10]}.js"
    files.append(File.generated(config, path, content=text))
    return path


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if PACK not in markdown:
        return markdown
    folder = Path(config.mdx_configs["career_allies"].get("pdf_dir") or "")
    printed = str(folder) not in ("", ".") and all((folder / name).is_file() for name in (PACK_PDF, PACK_PDF_LETTER))
    paper = config.mdx_configs["career_allies"].get("paper") or {}
    return markdown.replace(PACK, _pack(config.extra["career_allies"], printed, paper))


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """My plan's containers go in after Markdown: they are finished HTML
    with links already relative to the page, so Markdown need not read them."""
    if not any(code in html for code in (PLAN, TOOLS, CLEAR, OVERVIEW)):
        return html
    index = config.extra["career_allies"]
    options = config.mdx_configs["career_allies"]
    renderer = renderer_for(list(options["templates"]), index["site"], options.get("cache_dir"))
    html = html.replace(OVERVIEW, renderer.page_part("overview.html"))
    html = html.replace(TOOLS, renderer.page_part("plan-tools.html", part="top"))
    html = html.replace(CLEAR, renderer.page_part("plan-tools.html", part="clear"))
    if PLAN not in html:
        return html
    site = {"id": index["site"], "name": config.site_name, "url": config.site_url or ""}
    links = {m["url"]: get_relative_url(m["url"], page.url) for m in index["modules"]}
    return html.replace(PLAN, renderer.page_part("plan.html", site=site, modules=index["modules"], fields=index["fields"], links=links))


def _pack(index: dict, printed: bool = False, paper: dict | None = None) -> str:
    """Markdown for every worksheet in course order: a cover (on paper only),
    the downloads, a contents list, then each module's worksheets."""
    paper = paper or {}
    count = sum(len(m["items"]) for m in index["modules"])
    lines = [
        '<div class="ca-pack-cover">',
        f'<p class="ca-pack-cover__programme">{escape(paper.get("programme") or "")}</p>',
        '<p class="ca-pack-cover__title">Worksheet pack</p>',
        f'<p class="ca-pack-cover__what">All {count} worksheets and self-assessments from the course, in the order you meet them, with space to write your answers by hand. Take each one alongside its module, or bring it to a mentoring conversation.</p>',
        '<p class="ca-pack-cover__who">Name: <span class="ca-paper ca-paper--inline"></span></p>',
        f'<p class="ca-pack-cover__credit">{escape(paper.get("address") or "")}<br />{escape(paper.get("credit") or "")}</p>',
        "</div>",
        "",
    ]
    if printed:
        lines += [f"Download the whole pack, blank, to print: [A4 (PDF)](/pdf/{PACK_PDF}){{ .md-button }} [US Letter (PDF)](/pdf/{PACK_PDF_LETTER}){{ .md-button }}", "{: .ca-print-hide }", ""]
    lines += ["## Contents { .ca-pack-contents }", ""]
    number = 0
    for module in index["modules"]:
        for item in module["items"]:
            number += 1
            # The title is data, shown as text; the module's title is the
            # module page's own Markdown heading.
            lines.append(f"{number}. [{markdown_text(item['title'])}](#ca-{item['id']}-title) · {module['title']}")
    lines.append("")
    for module in index["modules"]:
        if not module["items"]:
            continue
        lines += [f"## {module['title']} {{ #pack-{module['id']} .ca-pack-module }}", ""]
        for item in module["items"]:
            lines += [f"<!-- {item['kind']}: {item['id']} -->", ""]
    return "\n".join(lines)
