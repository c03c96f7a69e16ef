"""MkDocs adapter: tell the career_allies Markdown extension which page it converts.

Zensical gives every Markdown instance a `rendering_context` with the page
and the config; this registers the same for MkDocs
(career_allies.context.PageContextExtension) and sets its page as each page
starts. A problem the extension finds stops the build as MkDocs' own
PluginError: the report with file and line, no traceback.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from career_allies import DefinitionError
from career_allies.context import Page as ContextPage
from career_allies.context import PageContextExtension

_context: PageContextExtension | None = None  # this build's; set up in on_config


def _stop(error: DefinitionError) -> None:
    raise PluginError(error.report())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _context
    _context = PageContextExtension(config_file=config.config_file_path, raise_error=_stop)
    config.markdown_extensions.append(_context)  # type: ignore[arg-type]  # MkDocs passes instances through
    return config


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _context is not None:
        _context.page = ContextPage(path=page.file.src_uri, url=page.url)
    return markdown
