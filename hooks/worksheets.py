"""MkDocs adapter for worksheets and self-assessments (site-level checks only).

The page-level work is done by the `career_allies` Markdown extension, which
also runs without MkDocs. This hook:

- points the extension at folders relative to mkdocs.yml, not the shell's cwd
  (definitions, templates, printed PDFs and the build cache);
- checks every definition before any page is built, every link in a
  definition against the site's pages, and every shortcode on every page,
  so mistakes stop the build with file, line and fix, no traceback;
- tells the extension when a build starts, so it looks for changed
  definitions and templates once per build rather than once per page;
- tells the templates what paper copies say about the site (programme name,
  address, licence credit), once organisation.yml has set them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from career_allies import DefinitionError, Problem
from career_allies.errors import closest
from career_allies.cache import begin_build
from career_allies.extension import catalog_for, unknown_id_message
from career_allies.shortcodes import front_matter_lines, scan
from career_allies.site import licence_credit

log = logging.getLogger("mkdocs.plugins.career_allies")
EXTENSION = "career_allies"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    begin_build()  # each build (serve rebuilds too) looks at definition and template files once
    if EXTENSION not in config.markdown_extensions:
        raise PluginError(f"hooks/worksheets.py needs the '{EXTENSION}' Markdown extension: add it under markdown_extensions in mkdocs.yml")
    root = Path(config.config_file_path).resolve().parent
    options = config.mdx_configs.setdefault(EXTENSION, {})
    options["definitions"] = str(root / options.get("definitions", "docs/_data"))
    templates = options.get("templates", ["overrides/partials/career-allies"])
    options["templates"] = [str(root / t) for t in ([templates] if isinstance(templates, str) else templates)]
    options["relative_to"] = str(root)
    # `make pdf` prints worksheets into build/pdf, then rebuilds: pages link to them.
    options["pdf_dir"] = str(root / "build" / "pdf")
    if options.get("cache_dir"):
        options["cache_dir"] = str(root / options["cache_dir"])
    try:
        catalog_for(options["definitions"], root, options.get("cache_dir"))
    except DefinitionError as error:
        raise PluginError(error.report()) from None
    return config


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    """A link in a definition must lead to a page of the site; a broken one is
    reported here against the definition, not against the pages showing it."""
    options = config.mdx_configs[EXTENSION]
    catalog = catalog_for(options["definitions"], options["relative_to"])
    problems = []
    for file, line, page in catalog.links:
        path = page.split("#", 1)[0]
        target = files.get_file_from_path(path)
        if target is None or not target.is_documentation_page() or target.inclusion.is_excluded():
            known = [f.src_uri for f in files.documentation_pages()]
            hint = closest(path, known)
            fix = f"did you mean {hint[0]}?" if hint else "use the path of a page inside docs/, like modules/finding-mentors.md"
            problems.append(Problem(file, line, f"link to '{page}': there is no page docs/{path}: {fix}"))
    if problems:
        raise PluginError(DefinitionError(problems).report())
    return files


def on_pre_build(config: MkDocsConfig) -> None:
    """After every hook's on_config, so the programme name from organisation.yml is in."""
    config.mdx_configs[EXTENSION]["paper"] = {
        "programme": config.site_name,
        "address": config.site_url or "",
        "credit": licence_credit(config.copyright),
    }


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    options = config.mdx_configs[EXTENSION]
    try:
        catalog = catalog_for(options["definitions"], options["relative_to"])
    except DefinitionError as error:  # a definition changed during `mkdocs serve`
        raise PluginError(error.report()) from None
    found, broken = scan(markdown)
    where = f"docs/{page.file.src_uri}"
    offset = front_matter_lines(page.file.content_string)
    problems = [
        Problem(where, s.line + offset, unknown_id_message(s.kind, s.id, catalog))
        for s in found
        if catalog.get(s.kind, s.id) is None
    ]
    problems += [
        Problem(where, b.line + offset, f"'{b.text}' looks like a shortcode but is not one: write <!-- worksheet: some-id --> or <!-- checklist: some-id -->")
        for b in broken
    ]
    if problems:
        raise PluginError(DefinitionError(problems).report())
    return markdown
