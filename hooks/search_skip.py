"""MkDocs adapter: spare the search plugin from reading worksheet forms.

Forms carry data-search-exclude, so they never reach the search index. But
Material's search plugin still runs every page's HTML through Python's
HTMLParser, and on a module page the forms are most of the markup. So
between Markdown's output (page_content) and the written page (post_page),
the inside of each form, which the extension brackets with
<!--ca:form--> ... <!--/ca:form-->, waits aside under a short comment. The
index comes out the same; the build does less work. Other hosts (Zensical)
simply keep the brackets, which are plain HTML comments.

What waits aside travels with its page (an attribute of the Page object),
not in this module: nothing is left over from a build that stopped halfway,
and nothing from one page can reach another.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from career_allies.extension import FORM_END, FORM_START

HELD_RE = re.compile(r"<!--ca:held (\d+)-->")
HELD = "career_allies_held"  # the Page attribute that carries the forms' insides between the two events


@event_priority(-100)  # after every other plugin has seen the whole page
def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    held: list[str] = []
    out: list[str] = []
    at = 0
    while (start := html.find(FORM_START, at)) >= 0 and (end := html.find(FORM_END, start)) >= 0:
        out += [html[at:start], f"<!--ca:held {len(held)}-->"]
        held.append(html[start + len(FORM_START) : end])
        at = end + len(FORM_END)
    if not held:
        return html
    setattr(page, HELD, held)
    return "".join(out) + html[at:]


@event_priority(100)  # before any other plugin sees the written page
def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str:
    held = page.__dict__.pop(HELD, None)
    if not held:
        return output

    def give_back(text: str) -> str:
        return HELD_RE.sub(lambda m: held[int(m.group(1))], text)

    page.content = give_back(page.content or "")  # whole again for any post_build reader
    return give_back(output)
