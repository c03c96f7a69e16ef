"""The course content: every module has its parts, every worksheet and
self-assessment is used, every citation resolves, and the weak claims listed
in REFERENCES.md never appear as fact.

The Markdown checks read the files under docs/ directly; the link and weak
claim checks read the strict build (`built_site`), so they see exactly what
a reader sees.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from readability import DOCS, module_pages, reading_text, word_count

MODULES = module_pages()
DATA = DOCS / "_data"
SHORTCODE = re.compile(r"^<!--\s*(worksheet|checklist):\s*([a-z0-9-]+)\s*-->\s*$", re.M)
META = re.compile(
    r'^<p class="ca-module-meta" markdown>\*\*Module \{\{ module\.number \}\} of \{\{ module\.total \}\}\*\* · \*\*Time:\*\* about (\d+) minutes</p>$', re.M
)
META_LINE = '<p class="ca-module-meta" markdown>**Module {{ module.number }} of {{ module.total }}** · **Time:** about 40 minutes</p>'

BULLET = re.compile(r"^(?:[-*+]|\d+\.)\s+\S")
SCENARIO_LABEL = '!!! example "A fictional scenario"'

# The three claims REFERENCES.md says the site must never state as fact.
# Each pattern looks for the figure within a short distance of its subject,
# in either order, so rewordings ("ten times as likely to reach their
# goals", "networking fills 85 per cent of roles") are caught too.
_NEAR = 160


def _near(a: str, b: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{a})[\s\S]{{0,{_NEAR}}}?(?:{b})|(?:{b})[\s\S]{{0,{_NEAR}}}?(?:{a})", re.I)


WEAK_CLAIMS = {
    "85% of jobs are filled through networking": _near(r"\b85\s*(?:%|per\s?cent)|eighty[- ]five\s+per\s?cent", r"network"),
    "people with goals are ten times more likely to achieve them": _near(r"\b(?:10|ten)\s*(?:times|x)\b|tenfold", r"\bgoals?\b"),
    "70% of mentored small businesses survive": _near(r"\b70\s*(?:%|per\s?cent)|seventy\s+per\s?cent", r"surviv"),
}


def _id(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


def _sections(markdown: str) -> dict[str, str]:
    """Level-2 sections by heading text (fenced code kept as is)."""
    parts = re.split(r"^## +(.+?)\s*$", markdown, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _bullets(body: str) -> list[str]:
    return [line for line in body.splitlines() if BULLET.match(line)]


def _definitions() -> dict[tuple[str, str], Path]:
    found = {}
    for kind, folder in (("worksheet", "worksheets"), ("checklist", "checklists")):
        for path in sorted((DATA / folder).glob("*.yml")):
            found[(kind, path.stem)] = path
    return found


def _docs_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "_data" not in p.relative_to(DOCS).parts)


# --- every module has the required parts ---------------------------------


def test_the_course_has_ten_modules_in_the_nav():
    assert len(MODULES) == 10, [_id(p) for p in MODULES]
    assert all(p.is_file() for p in MODULES), [_id(p) for p in MODULES if not p.is_file()]


@pytest.mark.parametrize("page", MODULES, ids=_id)
def test_module_has_every_required_part_in_order(page: Path):
    markdown = page.read_text(encoding="utf-8")
    problems = []

    meta = META.search(markdown)
    if not meta:
        problems.append(f"no meta line like {META_LINE} (the site fills in the numbers)")
    elif not 15 <= int(meta.group(1)) <= 60:
        problems.append(f"time estimate of {meta.group(1)} minutes is outside 15-60")

    sections = _sections(markdown)
    outcomes = sections.get("What you'll be able to do")
    if outcomes is None:
        problems.append("no '## What you'll be able to do' heading")
    elif not 3 <= len(_bullets(outcomes)) <= 5:
        problems.append(f"{len(_bullets(outcomes))} outcomes (want 3-5 bullet items)")

    scenarios = [name for name in sections if name.startswith("Scenario:")]
    if not scenarios:
        problems.append("no '## Scenario: ...' heading")
    for name in scenarios:
        if SCENARIO_LABEL not in sections[name]:
            problems.append(f"scenario '{name}' is not labelled {SCENARIO_LABEL}")

    if not SHORTCODE.search(markdown):
        problems.append("no <!-- worksheet: id --> or <!-- checklist: id --> shortcode")

    takeaways = sections.get("Key takeaways")
    if takeaways is None:
        problems.append("no '## Key takeaways' heading")
    elif not 3 <= len(_bullets(takeaways)) <= 6:
        problems.append(f"{len(_bullets(takeaways))} key takeaways (want 3-6)")

    prompts = sections.get("Bring this to your mentor")
    if prompts is None:
        problems.append("no '## Bring this to your mentor' heading")
    elif not 2 <= len(_bullets(prompts)) <= 5:
        problems.append(f"{len(_bullets(prompts))} mentor prompts (want 2-5)")

    if not problems:
        order = [
            markdown.index("## What you'll be able to do"),
            markdown.index("## Scenario:"),
            SHORTCODE.search(markdown).start(),
            markdown.index("## Key takeaways"),
            markdown.index("## Bring this to your mentor"),
        ]
        if order != sorted(order):
            problems.append("parts are out of order: outcomes, scenario, worksheet, takeaways, mentor prompts")

    assert not problems, f"{_id(page)}: " + "; ".join(problems)


def test_each_built_module_shows_its_place_in_the_course(built_site):
    for number, page in enumerate(MODULES, 1):
        built = built_site / page.relative_to(DOCS).with_suffix("") / "index.html"
        shown = re.search(r'<p class="ca-module-meta"><strong>Module (\d+) of (\d+)</strong>', built.read_text(encoding="utf-8"))
        assert shown and shown.groups() == (str(number), str(len(MODULES))), f"{_id(page)}: {shown and shown.group(0)}"


@pytest.mark.parametrize("page", MODULES, ids=_id)
def test_module_has_1000_to_2500_words_of_reading(page: Path):
    words = word_count(reading_text(page.read_text(encoding="utf-8")))
    assert 1000 <= words <= 2500, f"{_id(page)} has {words} words of reading"


def test_scenario_people_are_not_reused_across_modules():
    """Each module's fictional lead character has a name of their own."""
    seen: dict[str, str] = {}
    for page in MODULES:
        sections = _sections(page.read_text(encoding="utf-8"))
        body = next(text for name, text in sections.items() if name.startswith("Scenario:"))
        lead = re.search(r"^ {4}\**([A-Z][\w'-]+)\**\s+(?:is|was|has|runs|works)\b", body, re.M)
        assert lead, f"{_id(page)}: the scenario should open by introducing its person ('Name is ...')"
        name = lead.group(1)
        assert name not in seen, f"{name} leads the scenario in both {seen[name]} and {_id(page)}"
        seen[name] = _id(page)


# --- worksheets and self-assessments -------------------------------------


def test_there_are_at_least_ten_worksheets_and_five_self_assessments():
    kinds = [kind for kind, _ in _definitions()]
    assert kinds.count("worksheet") >= 10 and kinds.count("checklist") >= 5, kinds


def test_every_definition_is_used_by_a_module_and_every_used_id_exists():
    defined = set(_definitions())
    used_by_modules = {(k, i) for page in MODULES for k, i in SHORTCODE.findall(page.read_text(encoding="utf-8"))}
    unused = sorted(f"{kind}: {ident}" for kind, ident in defined - used_by_modules)
    assert not unused, f"defined in docs/_data but used by no module: {unused}"
    unknown = [
        f"{_id(page)}: {kind} {ident}"
        for page in _docs_pages()
        for kind, ident in SHORTCODE.findall(page.read_text(encoding="utf-8"))
        if (kind, ident) not in defined
    ]
    assert not unknown, f"pages use ids with no definition: {unknown}"


# --- citations resolve ---------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if attrs.get("id"):
            self.ids[attrs["id"]] = tag


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _reference_anchors_in_writing_guide() -> list[str]:
    return re.findall(r"^\| `([a-z0-9-]+)` \|", (DATA / "WRITING.md").read_text(encoding="utf-8"), re.M)


def test_every_source_in_the_writing_guide_has_an_entry_on_the_references_page(built_site):
    ids = _parse(built_site / "references" / "index.html").ids
    anchors = _reference_anchors_in_writing_guide()
    assert len(anchors) >= 19, anchors
    missing = [a for a in anchors if ids.get(a) != "p"]
    assert not missing, f"no reference entry (a paragraph with this id) for: {missing}"


def test_every_link_to_the_references_page_resolves_to_an_entry(built_site):
    references = built_site / "references" / "index.html"
    ids = _parse(references).ids
    checked, broken = 0, []
    for page in sorted(built_site.rglob("*.html")):
        url = "/" + page.relative_to(built_site).as_posix()
        for href in _parse(page).hrefs:
            target = urlsplit(urljoin(url, href))
            if target.scheme or target.netloc or target.path not in ("/references/", "/references/index.html"):
                continue
            if not target.fragment:
                continue
            checked += 1
            if target.fragment not in ids:
                broken.append(f"{url}: {href}")
    assert checked >= 40, f"only {checked} citation links found; is the references page still linked?"
    assert not broken, f"citation links with no matching entry on the references page: {broken}"


RESEARCH_WORDS = re.compile(r"\b(meta-analys[ie]s|stud(?:y|ies)|survey|review|experiments?|evaluation)\b", re.I)
FINDING = re.compile(r"\bfound\b|\breports?\b|\d+\s*%|\b[dN] = |\d+ (?:times|studies|tests)\b")


@pytest.mark.parametrize("page", MODULES, ids=_id)
def test_paragraphs_that_report_research_link_to_a_reference(page: Path):
    """A paragraph that says a study, survey or review found something, or
    quotes a figure from one, carries a link to the references page."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^## Scenario:[\s\S]*?(?=^## )", "", text, flags=re.M)  # fiction, not research
    text = re.sub(r"^ {4}", "", text, flags=re.M)
    uncited = []
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.)\s)", text)
    for paragraph in blocks:
        if paragraph.lstrip().startswith(("```", "|", "#", "<!--")):
            continue
        if RESEARCH_WORDS.search(paragraph) and FINDING.search(paragraph) and "references.md#" not in paragraph:
            uncited.append(" ".join(paragraph.split())[:120])
    assert not uncited, f"{_id(page)}: research reported without a link to references.md: {uncited}"


# --- weak claims are never stated as fact ---------------------------------


class _Text(HTMLParser):
    """Visible text of a page's main content, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _visible_text(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    match = re.search(r'<article class="md-content__inner[^"]*">([\s\S]*?)</article>', source)
    parser = _Text()
    parser.feed(match.group(1) if match else source)
    return html.unescape(" ".join(" ".join(parser.parts).split()))


def find_weak_claims(text: str) -> list[str]:
    return [claim for claim, pattern in WEAK_CLAIMS.items() if pattern.search(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Did you know that 85% of jobs are filled through networking?",
        "Networking matters: it fills 85 per cent of roles.",
        "People who write down their goals are ten times more likely to achieve them.",
        "Set clear goals and you are 10x as likely to succeed.",
        "Studies show 70% of mentored small businesses survive five years.",
    ],
)
def test_the_weak_claim_detector_catches_rewordings(text):
    assert find_weak_claims(text), text


def test_the_weak_claim_detector_leaves_real_figures_alone():
    honest = (
        "Only 27% of self-described sponsors pushed for their protégé's promotion. Mentors were promoted six "
        "times as often as non-participants. Monitoring goal progress helps (d = 0.40). Moderately weak ties "
        "in a professional network produced the most job mobility."
    )
    assert find_weak_claims(honest) == []


def test_weak_claims_never_appear_as_fact_on_any_page(built_site):
    offending = []
    for page in sorted(built_site.rglob("*.html")):
        rel = page.relative_to(built_site).as_posix()
        if rel.startswith(("search/", "assets/")) or rel == "404.html":
            continue
        text = _visible_text(page)
        if rel == "references/index.html":
            # The page lists them under "Claims we do not repeat", each marked
            # "Not supported"; nowhere else on the page may they appear.
            before, _, claims = text.partition("Claims we do not repeat")
            assert claims, "the references page has lost its 'Claims we do not repeat' section"
            for claim, pattern in WEAK_CLAIMS.items():
                match = pattern.search(claims)
                assert match, f"'Claims we do not repeat' no longer lists: {claim}"
                assert "Not supported" in claims[match.start() : match.end() + 200], f"not marked 'Not supported': {claim}"
            text = before
        offending += [f"{rel}: {claim}" for claim in find_weak_claims(text)]
    assert not offending, f"weak claims stated on the site: {offending}"


def test_weak_claims_are_not_in_any_definition_or_module_source():
    sources = [*MODULES, *_docs_pages(), *sorted(DATA.rglob("*.yml"))]
    offending = []
    for path in dict.fromkeys(sources):
        if path.name == "references.md":
            continue
        text = path.read_text(encoding="utf-8")
        offending += [f"{path.relative_to(DOCS)}: {claim}" for claim in find_weak_claims(text)]
    assert not offending, offending


# --- reference pages -----------------------------------------------------


def test_glossary_defines_every_term_the_course_brief_asks_for(built_site):
    ids = _parse(built_site / "glossary" / "index.html").ids
    terms = ["mentor", "mentee", "sponsor", "protege", "advocate", "coach", "developmental-network",
             "personal-board", "stretch-assignment", "skip-level", "erg", "reverse-mentoring"]
    missing = [t for t in terms if ids.get(t) != "dt"]
    assert not missing, f"glossary has no entry with these ids: {missing}"


def test_self_assessments_say_they_are_reflection_aids(built_site):
    for page in MODULES:
        if "<!-- checklist:" not in page.read_text(encoding="utf-8"):
            continue
        built = built_site / page.relative_to(DOCS).with_suffix("") / "index.html"
        assert "reflection aid, not a validated test" in built.read_text(encoding="utf-8"), built
