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

from readability import DOCS, module_pages, reading_text, track_pages, word_count

MODULES = module_pages()
# The track for mentors and sponsors: its own numbering ("Module 2 of 4") and
# its own closing prompts, addressed to the mentor.
TRACK = track_pages()
TRACK_FOLDER = "modules/for-mentors/"
PROMPTS = {"course": "Bring this to your mentor", "track": "Talk about this with your mentee"}
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


def test_the_track_for_mentors_and_sponsors_has_four_modules_in_its_folder():
    assert [_id(p) for p in TRACK] == [f"{TRACK_FOLDER}{name}.md" for name in (
        "being-a-mentor", "feedback-and-stretch", "being-a-sponsor", "across-difference-and-endings")]
    assert all(p.is_file() for p in TRACK)


@pytest.mark.parametrize("page", MODULES + TRACK, ids=_id)
def test_module_has_every_required_part_in_order(page: Path):
    markdown = page.read_text(encoding="utf-8")
    prompts_heading = PROMPTS["track" if page in TRACK else "course"]
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

    prompts = sections.get(prompts_heading)
    if prompts is None:
        problems.append(f"no '## {prompts_heading}' heading")
    elif not 2 <= len(_bullets(prompts)) <= 5:
        problems.append(f"{len(_bullets(prompts))} mentor prompts (want 2-5)")

    if not problems:
        order = [
            markdown.index("## What you'll be able to do"),
            markdown.index("## Scenario:"),
            SHORTCODE.search(markdown).start(),
            markdown.index("## Key takeaways"),
            markdown.index(f"## {prompts_heading}"),
        ]
        if order != sorted(order):
            problems.append("parts are out of order: outcomes, scenario, worksheet, takeaways, mentor prompts")

    assert not problems, f"{_id(page)}: " + "; ".join(problems)


def test_each_built_module_shows_its_place_in_the_course(built_site):
    for series in (MODULES, TRACK):
        for number, page in enumerate(series, 1):
            built = built_site / page.relative_to(DOCS).with_suffix("") / "index.html"
            shown = re.search(r'<p class="ca-module-meta"><strong>Module (\d+) of (\d+)</strong>', built.read_text(encoding="utf-8"))
            assert shown and shown.groups() == (str(number), str(len(series))), f"{_id(page)}: {shown and shown.group(0)}"


@pytest.mark.parametrize("page", MODULES + TRACK, ids=_id)
def test_module_has_1000_to_2500_words_of_reading(page: Path):
    """The track's modules are short: 800 to 1,600 words."""
    words = word_count(reading_text(page.read_text(encoding="utf-8")))
    low, high = (800, 1600) if page in TRACK else (1000, 2500)
    assert low <= words <= high, f"{_id(page)} has {words} words of reading"


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
    used_by_modules = {(k, i) for page in MODULES + TRACK for k, i in SHORTCODE.findall(page.read_text(encoding="utf-8"))}
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


@pytest.mark.parametrize("page", MODULES + TRACK, ids=_id)
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
    sources = [*MODULES, *TRACK, *_docs_pages(), *sorted(DATA.rglob("*.yml"))]
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
    for page in MODULES + TRACK:
        if "<!-- checklist:" not in page.read_text(encoding="utf-8"):
            continue
        built = built_site / page.relative_to(DOCS).with_suffix("") / "index.html"
        assert "reflection aid, not a validated test" in built.read_text(encoding="utf-8"), built


# --- module numbers come from the site; figures carry a citation ----------
#
# A module page never types a module number ("Module 3", "modules 2 and 3"):
# the site fills in {{ module.number }} and {{ module.total }}, and other
# modules are linked by title, so switching one off never leaves a wrong
# number. A paragraph or list item that states a figure (a percentage, or a
# number of studies, people, participants, companies, times...) links to an
# entry on the references page in the same paragraph or item, or in the
# sentence just before it (for a list, the sentence that introduces it).
# Scenarios are fiction, so their figures need no source; tables and
# headings are not checked for figures.

MODULE_PAGES = sorted((DOCS / "modules").rglob("*.md"))
TYPED_MODULE = re.compile(r"\bmodules?\s+\d+(?:\s*(?:,|&|and|or|to|-|–)\s*\d+)*", re.I)
_NUMBER_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|a hundred|hundreds|a thousand|thousands"
FIGURE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:%|per\s?cent\b)"
    r"|\b(?:" + _NUMBER_WORDS + r")\s+per\s?cent\b"
    r"|\b\d[\d,.]*\s+(?:[a-z-]+\s+)?(?:stud(?:y|ies)|people|participants|companies|times|employees|organi[sz]ations|firms"
    r"|respondents|workers|managers|professionals|women|men|mentees|mentors|protégés|proteges|pairs|trials|surveys|papers"
    r"|relationships|programmes|programs|countries)\b"
    r"|\b(?:" + _NUMBER_WORDS + r"|\d+)\s+times\s+(?:as|more|less|higher|lower|likelier)\b",
    re.I,
)
CITATION = re.compile(r"references\.md#([A-Za-z0-9_-]+)")
_FENCE_LINE = re.compile(r"^\s*(`{3,}|~{3,})")
_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_ADMONITION = re.compile(r"^(?:!!!|\?\?\?\+?)\s")


def reference_anchors(references: str) -> set[str]:
    """The anchors an entry or heading on the references page can be linked by."""
    headings = {re.sub(r"[\s]+", "-", re.sub(r"[^\w\s-]", "", h.strip().lower())) for h in re.findall(r"^#{1,6}\s+([^{\n]+?)\s*(?:\{|$)", references, re.M)}
    return headings | set(re.findall(r"\{\s*#([A-Za-z0-9_-]+)", references)) | set(re.findall(r'\sid="([^"]+)"', references))


def _blocks(markdown: str) -> list[dict]:
    """Paragraphs, list items, headings and table rows outside code, each
    with its lines (number, text), its kind and whether it is in a scenario."""
    lines = markdown.split("\n")
    start = 0
    if lines and lines[0] == "---":
        start = next((i + 1 for i in range(1, len(lines)) if lines[i] in ("---", "...")), 0)
    blocks: list[dict] = []
    current: dict | None = None
    fence = None
    scenario = False
    for index in range(start, len(lines)):
        number, raw = index + 1, lines[index]
        opener = _FENCE_LINE.match(raw)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            fence, current = opener.group(1), None
            continue
        text = re.sub(r"<!--.*?-->", "", raw).strip()
        if not text:
            current = None
            continue
        if text.startswith("#"):
            scenario = text.startswith("## Scenario:") if text.startswith("## ") else scenario
            blocks.append({"kind": "heading", "lines": [(number, text)], "scenario": scenario})
            current = None
            continue
        kind = "table" if text.startswith("|") else "admonition" if _ADMONITION.match(text) or text.startswith("===") else "item" if _ITEM.match(text) else None
        if kind in ("table", "admonition"):
            blocks.append({"kind": kind, "lines": [(number, text)], "scenario": scenario})
            current = None
            continue
        if kind == "item" or current is None:
            current = {"kind": kind or "paragraph", "lines": [], "scenario": scenario}
            blocks.append(current)
        current["lines"].append((number, text))
    return blocks


def _plain(text: str) -> str:
    """Text without code spans and placeholders, where numbers don't count."""
    return re.sub(r"\{\{.*?\}\}", " ", re.sub(r"(`+).+?\1", " ", text))


def _last_sentence(block: dict | None) -> str:
    if block is None:
        return ""
    text = " ".join(t for _, t in block["lines"])
    return re.split(r"(?<=[.!?])\s+(?=[A-Z\[*_])", text)[-1]


def check_module_page(markdown: str, anchors: set[str]) -> list[tuple[int, str]]:
    """(line, problem) for each typed module number and each uncited figure."""
    problems: list[tuple[int, str]] = []
    blocks = _blocks(markdown)
    for position, block in enumerate(blocks):
        for number, text in block["lines"]:
            for match in TYPED_MODULE.finditer(_plain(text)):
                problems.append((number, f"types a module number, '{match.group(0)}': link the module by its title instead"))
        if block["kind"] not in ("paragraph", "item") or block["scenario"]:
            continue
        text = " ".join(t for _, t in block["lines"])
        for anchor in CITATION.findall(text):
            if anchor not in anchors:
                problems.append((block["lines"][0][0], f"links to references.md#{anchor}, which is not an entry on docs/references.md"))
        figures = [(n, m.group(0)) for n, t in block["lines"] for m in FIGURE.finditer(_plain(re.sub(r"\]\([^)]*\)", "]", t)))]
        if not figures:
            continue
        before = [blocks[position - 1]] if position else []
        if block["kind"] == "item":  # the sentence that introduces the list counts for all its items
            lead = position - 1
            while lead >= 0 and blocks[lead]["kind"] == "item":
                lead -= 1
            if lead >= 0 and blocks[lead]["kind"] == "paragraph":
                before.append(blocks[lead])
        nearby = [text] + [_last_sentence(b) for b in before]
        if not any(anchor in anchors for part in nearby for anchor in CITATION.findall(part)):
            for number, figure in figures:
                problems.append((number, f"states a figure, '{figure}', with no link to its entry on the references page (references.md#...) in the same paragraph or list item or the sentence before"))
    return problems


def test_the_module_page_checker_catches_typed_numbers_and_uncited_figures():
    anchors = {"allen-2004"}
    bad = "\n".join([
        "# A page",                                                                   # 1
        "",
        "As you saw in Module 3, and again in modules 2 and 4, it helps.",            # 3
        "",
        "Mentored people earn more: 27% of them got a raise.",                        # 5
        "",
        "- In 43 studies, mentoring helped a little.",                                 # 7
        "- It cites [a source](../references.md#nope), 5 times as often.",             # 8
        "",
        "```text",
        "Module 9 and 40% inside code are fine.",
        "```",
    ])
    assert check_module_page(bad, anchors) == [
        (3, "types a module number, 'Module 3': link the module by its title instead"),
        (3, "types a module number, 'modules 2 and 4': link the module by its title instead"),
        (5, "states a figure, '27%', with no link to its entry on the references page (references.md#...) in the same paragraph or list item or the sentence before"),
        (7, "states a figure, '43 studies', with no link to its entry on the references page (references.md#...) in the same paragraph or list item or the sentence before"),
        (8, "links to references.md#nope, which is not an entry on docs/references.md"),
        (8, "states a figure, '5 times', with no link to its entry on the references page (references.md#...) in the same paragraph or list item or the sentence before"),
    ]


def test_the_module_page_checker_accepts_cited_figures_placeholders_and_fiction():
    anchors = {"allen-2004", "kram-1983"}
    good = "\n".join([
        "<p class=\"ca-module-meta\" markdown>**Module {{ module.number }} of {{ module.total }}** · about 40 minutes</p>",
        "",
        "A [meta-analysis](../references.md#allen-2004) pooled 43 studies.",
        "",
        "In a study of 18 relationships, phases showed. [Kram](../references.md#kram-1983) found:",
        "",
        "- 27% of them moved on.",
        "- 12 people stayed.",
        "",
        "## Scenario: Leah plans",
        "",
        '!!! example "A fictional scenario"',
        "    Leah's team of 12 people ships twice a week; 90% of her tickets close.",
        "",
        "## Key takeaways",
        "",
        "| Mentors | 30% |",
        "Use `Module 3` in code, and write `{{ module.number }}`.",
    ])
    assert check_module_page(good, anchors) == []


@pytest.mark.parametrize("page", MODULE_PAGES, ids=_id)
def test_module_pages_type_no_module_numbers_and_cite_every_figure(page: Path):
    anchors = reference_anchors((DOCS / "references.md").read_text(encoding="utf-8"))
    found = check_module_page(page.read_text(encoding="utf-8"), anchors)
    assert not found, "\n".join(f"{_id(page)}:{line}: {problem}" for line, problem in found)
