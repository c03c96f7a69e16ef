"""Turn checked definitions into HTML through Jinja templates.

The templates live in the site's `overrides/` folder so a fork can restyle
them without touching Python. They must produce well-formed markup (XHTML
style: `<input ... />`) because the Markdown extension inserts the result
into the document tree, where links are resolved and checked like any other.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2

from .cache import bytecode_cache, digest, once_per_build
from .errors import DefinitionError, Problem
from .manifest import storage_key
from .vocabulary import DEFAULT_SITE_ID, template_globals

TEMPLATES = {"worksheet": "worksheet.html", "checklist": "checklist.html"}


def _bytecode_cache(folder: str | Path | None) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds (Jinja's own cache), if a folder is given."""
    return bytecode_cache(Path(folder) / "jinja") if folder else None


def page_path(page: str) -> str:
    """A docs page as its address below the site root, for paper:
    "modules/finding-mentors.md#the-ask" -> "modules/finding-mentors/#the-ask"."""
    path, _, anchor = page.partition("#")
    if path.endswith(".md"):
        path = path[:-3]
        path = path[: -len("index")] if path == "index" or path.endswith("/index") else path + "/"
    return path + (f"#{anchor}" if anchor else "")


class _Environment(jinja2.Environment):
    """Jinja, reading `sheet.title` from a plain dict (every definition is
    one) as the item first, as MiniJinja does. Jinja's own order tries the
    attribute first, so every such lookup raised and caught an
    AttributeError, about a quarter of rendering the forms; and a key named
    like a dict method (`items`, `values`) gave the method. Anything else
    (no such key, not a plain dict) is looked up as Jinja always does."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class Renderer:
    def __init__(
        self,
        template_dirs: Iterable[str | Path],
        site_id: str = DEFAULT_SITE_ID,
        strings: dict[str, str] | None = None,
        cache_dir: str | Path | None = None,
    ):
        dirs = [str(d) for d in template_dirs]
        self.env = _Environment(
            bytecode_cache=_bytecode_cache(cache_dir),
            loader=jinja2.FileSystemLoader(dirs),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            # Jinja's constant folding finds next to nothing to fold in these
            # templates, and costs a seventh of compiling them (a fresh
            # clone's build compiles every one).
            optimized=False,
        )
        self.env.globals.update(template_globals())
        self.site_id = site_id
        self.strings = strings or {}
        # A worksheet appears on its module page and again in the pack: render
        # it once. Keyed on the very definition object and the templates' change
        # times, so an edited definition or template (live reload) renders afresh.
        self._dirs = [Path(d) for d in dirs]
        self._cache: dict[tuple, tuple[Any, tuple, str]] = {}
        self._digest: tuple[tuple, str] = ((), "")

    def html(self, definition: dict[str, Any], pdf: str | None = None) -> str:
        kind = definition["kind"]
        template = self.env.get_template(TEMPLATES[kind])
        key = (kind, definition["id"], pdf)
        stamp = self._stamp()
        hit = self._cache.get(key)
        if hit and hit[0] is definition and hit[1] == stamp:
            return hit[2]
        markup = self._render(template, definition, pdf)
        self._cache[key] = (definition, stamp, markup)
        return markup

    def templates_digest(self) -> str:
        """Changes when any template in the folders changes (for caches)."""
        stamp = self._stamp()
        if self._digest[0] != stamp or not self._digest[1]:
            sources = []
            for folder in self._dirs:
                for name, _ in stamp:
                    if (folder / name).is_file():
                        text = (folder / name).read_text(encoding="utf-8", errors="replace")
                        sources.append((str(folder), name, text))
            self._digest = (stamp, digest(sources))
        return self._digest[1]

    def _stamp(self) -> tuple:
        """Names and change times of the templates: once per form, or once
        per build where the host calls cache.begin_build()."""
        return once_per_build(("templates", tuple(self._dirs)), self._scan_templates)

    def _scan_templates(self) -> tuple:
        stamp = []
        for folder in self._dirs:
            try:
                stamp.extend(
                    sorted((e.name, e.stat().st_mtime_ns) for e in os.scandir(folder) if e.name.endswith(".html"))
                )
            except FileNotFoundError:
                pass
        return tuple(stamp)

    def _render(self, template: jinja2.Template, definition: dict[str, Any], pdf: str | None) -> str:
        kind = definition["kind"]
        links = [link["page"] for band in definition.get("bands", []) for link in band.get("links", [])]
        try:
            return template.render(
                sheet=definition,
                key=storage_key(self.site_id, kind, definition["id"]),
                site_id=self.site_id,
                strings=self.strings,
                pdf=pdf,
                paths={page: page_path(page) for page in links},
            ).strip()
        except jinja2.UndefinedError as exc:
            # The schema check lets through only what the templates know (a
            # field type fields.html has no macro for fails here): a template
            # and vocabulary.py out of step, said plainly, not a traceback.
            message = (
                f"could not render the {kind} {definition['id']!r}: {exc}; the templates in "
                f"overrides/partials/career-allies/ and vocabulary.py must name the same field types and keys"
            )
            raise DefinitionError([Problem(TEMPLATES[kind], None, message)]) from None

    def page_part(self, template: str, **context: Any) -> str:
        """Render any other template in the same folders (My plan, the pack cover)."""
        return self.env.get_template(template).render(site_id=self.site_id, **context).strip()

    def element(self, definition: dict[str, Any], pdf: str | None = None) -> etree.Element:
        """Render and parse into an ElementTree element."""
        markup = self.html(definition, pdf)
        try:
            return etree.fromstring(markup)
        except etree.ParseError as exc:
            line, column = exc.position
            name = TEMPLATES[definition["kind"]]
            message = (
                f"the template produced markup that is not well-formed at line {line}, column {column} "
                f"of its output ({exc.msg}); close every tag and write empty ones as <input ... />"
            )
            raise DefinitionError([Problem(name, None, message)]) from None
