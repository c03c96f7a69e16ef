"""Career Allies core: worksheet and self-assessment definitions to HTML.

Plain Python with no MkDocs objects, so it runs under any Python-Markdown
host (MkDocs today, Zensical tomorrow) and is testable on its own.
"""

from .errors import DefinitionError, Problem
from .definitions import Catalog, load_catalog
from .render import Renderer
from .shortcodes import Shortcode, find_shortcodes

__all__ = [
    "Catalog",
    "DefinitionError",
    "Problem",
    "Renderer",
    "Shortcode",
    "find_shortcodes",
    "load_catalog",
]
