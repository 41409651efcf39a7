"""Findings, the one value every stage reports a problem as, and the rules that give them severity.

A stage says where (``Location``), which rule (its stable code) and what to do; ``classify``
then gives each finding the severity the rule has in this deck. docs/checks.md has a section
per rule. Deck settings may change a rule's severity (``checks: {near-duplicate: off}``),
except for rules without which no deck can be built. A finding with a code declared nowhere
is a bug, refused as it is made (tests/unit/test_findings.py finds every code the source raises).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import msgspec
import msgspec.structs

from ankismith.model import Location
from ankismith.text import one_line


class Severity(enum.Enum):
    """How much a finding matters."""

    OFF = "off"
    WARNING = "warning"
    ERROR = "error"


class Rule(msgspec.Struct, frozen=True):
    """A check: its default severity and whether settings may relax it."""

    default: Severity
    """Severity unless the deck settings say otherwise."""
    fixed: bool
    """True when no deck can be built past it, so it always stays an error."""
    summary: str
    """One line for docs and ``--help``."""


RULES: dict[str, Rule] = {
    "syntax": Rule(Severity.ERROR, True, "malformed card structure, metadata or encoding"),
    "invalid-yaml": Rule(Severity.ERROR, True, "front matter or deck.yaml is not valid YAML"),
    "unknown-key": Rule(Severity.ERROR, False, "unknown settings or metadata key (typo?)"),
    "missing-answer": Rule(Severity.ERROR, True, "card without an answer, or an empty one"),
    "unclosed-fence": Rule(Severity.ERROR, True, "code fence never closed"),
    "bad-choices": Rule(Severity.ERROR, True, "multiple choice without two options or a right one"),
    "bad-cloze": Rule(Severity.ERROR, True, "cloze card without a deletion, or with an answer"),
    "bad-occlusion": Rule(Severity.ERROR, True, "image occlusion card without an image or masks"),
    "mask-outside": Rule(Severity.ERROR, False, "image occlusion mask reaching outside the image"),
    "mask-degenerate": Rule(Severity.ERROR, True, "image occlusion mask with no area"),
    "mask-duplicate": Rule(Severity.ERROR, False, "the same mask or mask group twice"),
    "duplicate-id": Rule(Severity.ERROR, True, "two cards share an id (and so a note)"),
    "missing-media": Rule(Severity.ERROR, True, "image or sound file not found"),
    "media-outside": Rule(Severity.ERROR, True, "media path leaving the content directory"),
    "bad-template": Rule(
        Severity.ERROR, True, "a template unknown, using unknown fields, or that could run or load"
    ),
    "bad-notetype": Rule(Severity.ERROR, True, "a note type in _notetypes/ Anki cannot use"),
    "bad-field": Rule(Severity.ERROR, True, "a card's fields do not fit its note type"),
    "duplicate-guid": Rule(Severity.ERROR, True, "two cards share an explicit guid"),
    "duplicate-question": Rule(Severity.ERROR, False, "the same question asked twice"),
    "missing-id": Rule(Severity.WARNING, False, "card without an id: edits would lose history"),
    "missing-explanation": Rule(Severity.WARNING, False, "card without an explanation"),
    "multi-card-cloze": Rule(
        Severity.WARNING, False, "a deletion on several cards, {{c1,2::...}}: Anki 26.05+ only"
    ),
    "near-duplicate": Rule(Severity.WARNING, False, "two questions almost the same"),
    "remote-resource": Rule(Severity.WARNING, False, "content loaded from the network"),
    "untranslated": Rule(Severity.WARNING, False, "deck language without shipped card labels"),
    "limit": Rule(Severity.ERROR, True, "input past a limit: size, line length, nesting, runs"),
    "unsafe-math": Rule(Severity.ERROR, True, "MathJax command that links, styles or loads"),
    "unsafe-name": Rule(Severity.ERROR, True, "tag or deck name a template would print as HTML"),
    "unsafe-html": Rule(Severity.WARNING, False, "HTML a card may not hold, removed from it"),
    "template-script": Rule(
        Severity.WARNING, False, "a script a note type keeps, by the deck's opt-in"
    ),
    "script-tag": Rule(Severity.WARNING, False, "<script> in content (shown as text, never run)"),
    "deck-id": Rule(Severity.WARNING, False, "deck id missing or without a random part"),
    "typein-markup": Rule(Severity.WARNING, False, "type-in answer with markup nobody types"),
    "blank-id": Rule(Severity.WARNING, False, "card id made from a question without letters"),
}

NOTICES: dict[str, str] = {
    "import": "what ankismith import could not keep from a deck (docs/importing.md)",
}
"""Codes of findings that no deck rule judges: each carries its severity, no setting changes it."""


class Finding(msgspec.Struct, frozen=True):
    """One problem in the content: where, which rule, what to do; severity once classified."""

    location: Location
    """Where it is."""
    message: str
    """What is wrong and how to fix it."""
    code: str = "syntax"
    """Stable rule code (docs/checks.md), e.g. ``missing-answer``."""
    severity: Severity | None = None
    """Set by ``classify`` from the rule and the deck settings; None before."""
    subject: str = ""
    """The text it is about (a media reference), for a stage that places it on a line later."""

    def __post_init__(self) -> None:
        if self.code not in RULES and (self.code not in NOTICES or self.severity is None):
            raise ValueError(
                f"undeclared finding code {self.code!r}: declare it in findings.RULES "
                "(or in NOTICES, and give the finding its severity)"
            )

    @property
    def level(self) -> Severity:
        """Return the severity ``classify`` gave, or before that the rule's default."""
        return self.severity or rule_of(self.code).default

    def __str__(self) -> str:
        label = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.location}: {label}{one_line(self.message)} [{self.code}]"


def rule_of(code: str) -> Rule:
    """Return the rule with ``code`` (a ``KeyError`` for a code ``RULES`` does not declare)."""
    return RULES[code]


def severity_problem(code: str, value: object) -> str | None:
    """Return why ``code: value`` is not a usable severity setting, or None."""
    if code not in RULES:
        return None  # the caller reports unknown codes with a suggestion
    choices = ", ".join(s.value for s in Severity)
    if value not in {s.value for s in Severity}:
        return f"severity of '{code}' must be one of {choices}, not {value!r}"
    if RULES[code].fixed and value != Severity.ERROR.value:
        return f"'{code}' cannot be relaxed: no deck can be built past it"
    return None


def classify(
    findings: Iterable[Finding], settings: Mapping[str, str], *, strict: bool = False
) -> list[Finding]:
    """Give every finding its configured severity; drop those turned off; sort by place."""
    result = []
    for finding in findings:
        severity = Severity(settings.get(finding.code, rule_of(finding.code).default.value))
        if severity is Severity.OFF:
            continue
        result.append(
            msgspec.structs.replace(finding, severity=Severity.ERROR if strict else severity)
        )
    return sorted(result, key=lambda f: (f.location.sort_key, f.code, f.message))


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """Return the classified findings that stop a build."""
    return [f for f in findings if f.severity is Severity.ERROR]
