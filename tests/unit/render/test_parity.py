"""Cards show what GitHub shows: our field HTML against cmark-gfm's, on a corpus and the samples.

The corpus (``tests/data/parity/*.md``) is Markdown as authors write it; every Markdown field of
the sample deck (``content/``) and of the deck ``ankismith init`` writes joins it. A case that
differs must differ only in ways docs/format.md lists under "Differences from GitHub", and the
parity figure printed at the end of the run is the one docs/format.md states.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import pytest

from ankismith.content.read import read_content
from ankismith.parse.scanner import parse_files
from ankismith.render.fields import Renderer
from tests.helpers import DATA, ROOT, SAMPLE
from tests.unit.render.parity import DIFFERENCES, Outcome, compare, normalise

CORPUS = DATA / "parity"
SAMPLES = (SAMPLE, ROOT / "src" / "ankismith" / "scaffold" / "project" / "content")
FORMAT_DOC = ROOT / "docs" / "format.md"


def sample_fields() -> dict[str, str]:
    """Return every non-empty Markdown field of the sample decks, named ``file:line part``."""
    fields: dict[str, str] = {}
    for folder in SAMPLES:
        content = read_content(folder)
        assert content.settings is not None
        cards, problems = parse_files(content.settings, content.sources)
        assert problems == []
        for card in cards:
            parts = {
                "question": card.question,
                "answer": card.answer,
                "explanation": card.explanation,
                "hint": card.hint,
            }
            for part, text in parts.items():
                if text.strip() and not (part == "answer" and card.kind.value == "typein"):
                    fields[
                        f"{folder.relative_to(ROOT)}/{card.source}:{card.location.line} {part}"
                    ] = text
    return fields


def cases() -> dict[str, str]:
    """Return the whole corpus: the written cases, then the samples' fields."""
    written = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md"))}
    return {**written, **sample_fields()}


@pytest.fixture(scope="module", name="outcomes")
def _outcomes() -> dict[str, Outcome]:
    renderer = Renderer()
    return {name: compare(text, renderer) for name, text in cases().items()}


def figure(outcomes: dict[str, Outcome]) -> str:
    """Return the parity figure as docs/format.md states it: 'N of M cases equal'."""
    equal = sum(o.equal for o in outcomes.values())
    return f"{equal} of {len(outcomes)} cases equal"


def documented() -> set[str]:
    """Return the names of the differences docs/format.md lists (bold, first table column)."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    section = text.split("## Differences from GitHub", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| \*\*(.+?)\*\* \|", section, re.M))


def test_the_corpus_covers_what_authors_write() -> None:
    names = {p.stem for p in CORPUS.glob("*.md")}
    for topic in ("nested-2", "nested-4", "list-after-paragraph", "table", "task-list", "links"):
        assert topic in names
    assert len(sample_fields()) >= 60


def test_every_difference_from_github_is_documented(
    outcomes: dict[str, Outcome], summary: Callable[[str], None]
) -> None:
    unexplained = {name: o for name, o in outcomes.items() if not o.explained}
    report = "\n".join(
        f"{name}:\n  ours:   {normalise(o.ours)}\n  github: {normalise(o.theirs)}"
        for name, o in unexplained.items()
    )
    assert not unexplained, f"differences from GitHub not in docs/format.md:\n{report}"
    reasons = Counter(r for o in outcomes.values() for r in o.reasons)
    summary(
        f"GitHub parity: {figure(outcomes)}; the others differ by "
        + ", ".join(f"{name} ({count})" for name, count in sorted(reasons.items()))
    )
    assert documented() == {d.name for d in DIFFERENCES}


def test_docs_state_the_measured_figure(outcomes: dict[str, Outcome]) -> None:
    assert f"**{figure(outcomes)}**" in FORMAT_DOC.read_text(encoding="utf-8")


def test_each_documented_difference_is_real(outcomes: dict[str, Outcome]) -> None:
    """A listed difference that no case shows any more should leave the list."""
    shown = {r for o in outcomes.values() for r in o.reasons}
    assert shown == {d.name for d in DIFFERENCES}


@pytest.mark.parametrize(
    ("markdown", "fragment"),
    [
        ("Steps:\n- one\n- two", "<p>Steps:</p>\n<ul>\n<li>one</li>"),
        ("- a\n  - b", "<li>a<ul>\n<li>b</li>"),
        ("- a\n    - b", "<li>a<ul>\n<li>b</li>"),
        ("```text\nx\n- y\n```", "x\n- y\n"),
        ("3. three\n4. four", '<ol start="3">'),
    ],
)
def test_lists_render_as_on_github(markdown: str, fragment: str) -> None:
    assert fragment in Renderer().html(markdown)
