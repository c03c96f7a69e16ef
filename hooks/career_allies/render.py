"""Turn checked definitions into HTML through Jinja templates.

The templates live in the site's `overrides/` folder so a fork can restyle
them without touching Python. They must produce well-formed markup (XHTML
style: `<input ... />`) because the Markdown extension inserts the result
into the document tree, where links are resolved and checked like any other.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any, Iterable

import jinja2

from .errors import DefinitionError, Problem
from .manifest import storage_key

TEMPLATES = {"worksheet": "worksheet.html", "checklist": "checklist.html"}


class Renderer:
    def __init__(self, template_dirs: Iterable[str | Path], site_id: str = "career-allies", strings: dict[str, str] | None = None):
        dirs = [str(d) for d in template_dirs]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(dirs),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.site_id = site_id
        self.strings = strings or {}
        # A worksheet appears on its module page and again in the pack: render
        # it once. Keyed on the very definition object and the templates' change
        # times, so an edited definition or template (live reload) renders afresh.
        self._dirs = [Path(d) for d in dirs]
        self._cache: dict[tuple, tuple[Any, tuple, str]] = {}

    def html(self, definition: dict[str, Any], pdf: str | None = None) -> str:
        kind = definition["kind"]
        template = self.env.get_template(TEMPLATES[kind])
        key = (kind, definition["id"], pdf)
        stamp = tuple(f.stat().st_mtime_ns for d in self._dirs if d.is_dir() for f in sorted(d.glob("*.html")))
        hit = self._cache.get(key)
        if hit and hit[0] is definition and hit[1] == stamp:
            return hit[2]
        markup = self._render(template, definition, pdf)
        self._cache[key] = (definition, stamp, markup)
        return markup

    def _render(self, template: jinja2.Template, definition: dict[str, Any], pdf: str | None) -> str:
        kind = definition["kind"]
        return template.render(
            sheet=definition,
            key=storage_key(self.site_id, kind, definition["id"]),
            site_id=self.site_id,
            strings=self.strings,
            pdf=pdf,
        ).strip()

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
            raise DefinitionError([Problem(name, None, f"the template produced markup that is not well-formed at line {line}, column {column} of its output ({exc.msg}); close every tag and write empty ones as <input ... />")]) from None
