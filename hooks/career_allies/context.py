"""Which page is being converted: the `rendering_context` preprocessor.

The career_allies extension does the per-page work of the site (if-blocks,
placeholders, notes, switched-off links, the pack, My plan) and needs the
page's docs path and URL, and the config file the Site comes from. Zensical
registers a preprocessor named `rendering_context` with `.page.path`,
`.page.url` and `.config` on every Markdown instance
(`zensical.extensions.context.ContextPreprocessor`). Under MkDocs,
hooks/context.py registers `PageContextExtension`, which does the same, and
sets its page as each page starts.

    ext = PageContextExtension(config_file="mkdocs.yml")
    ext.page = Page(path="modules/finding-mentors.md", url="modules/finding-mentors/")
    markdown.markdown(text, extensions=[ext, "career_allies"])

A host may also say how a problem should stop it (`raise_error`): MkDocs
turns a DefinitionError into its own PluginError, so the build ends with
the report and no traceback.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Callable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .errors import DefinitionError

NAME = "rendering_context"


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative source path: modules/finding-mentors.md
    url: str  # as the engine writes it: modules/finding-mentors/


class PageContextPreprocessor(Preprocessor):
    """Holds the context; changes nothing (as Zensical's own)."""

    def __init__(
        self,
        md: Markdown,
        page: Page,
        config: dict[str, Any],
        raise_error: Callable[[DefinitionError], Any] | None = None,
    ):
        super().__init__(md)
        self.page = page
        self.config = config
        self.raise_error = raise_error

    def run(self, lines: list[str]) -> list[str]:
        return lines


class PageContextExtension(Extension):
    """Registers the rendering context for the page set in `page`."""

    def __init__(
        self, config_file: str | Path, raise_error: Callable[[DefinitionError], Any] | None = None, **kwargs: Any
    ):
        super().__init__(**kwargs)
        self.config_file = str(config_file)
        self.raise_error = raise_error
        self.page: Page | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        if self.page is not None:
            context = PageContextPreprocessor(md, self.page, {"config_file_path": self.config_file}, self.raise_error)
            md.preprocessors.register(context, NAME, 0)


@dataclass(frozen=True)
class Context:
    """What the career_allies extension takes from the rendering context."""

    path: str
    url: str
    config_file: Path
    raise_error: Callable[[DefinitionError], Any] | None
    # Zensical re-bases every relative link in a converted page as if it were
    # written from the page's source file; MkDocs leaves links written after
    # Markdown as they are. (The MkDocs hook registers PageContextPreprocessor.)
    links_from_source: bool = False

    @property
    def link_base(self) -> str:
        """What links written into finished HTML are relative to: the page's
        URL under MkDocs, its source file's folder under Zensical."""
        return (posixpath.dirname(self.path) + "/").lstrip("/") if self.links_from_source else self.url


def find_context(md: Markdown, config_file: str = "") -> Context | None:
    """The page being converted and the config file of its site, or None
    outside a site (plain `markdown.markdown(...)`)."""
    if NAME not in md.preprocessors:
        return None
    context = md.preprocessors[NAME]
    page = getattr(context, "page", None)
    config = getattr(context, "config", None) or {}
    if page is None or not getattr(page, "path", None):
        return None
    if not config_file:
        config_file = config.get("config_file_path") or ""
    if not config_file and config.get("root_dir"):
        config_file = str(Path(config["root_dir"]) / "mkdocs.yml")
    if not config_file:
        return None
    return Context(
        path=str(page.path).replace("\\", "/"),
        url=str(getattr(page, "url", "") or "").lstrip("/"),
        config_file=Path(config_file),
        raise_error=getattr(context, "raise_error", None),
        links_from_source=not isinstance(context, PageContextPreprocessor),
    )
