"""Rules, severities and diagnostics: every finding has a stable code and a severity.

docs/checks.md has a section per rule. Deck settings may change a rule's severity
(``checks: {near-duplicate: off}``), except for rules without which no deck can be built.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ankismith.errors import ContentError
from ankismith.model import ContentWarning, Location
from ankismith.text import one_line


class Severity(enum.Enum):
    """How much a finding matters."""

    OFF = "off"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Rule:
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
    "duplicate-id": Rule(Severity.ERROR, True, "two cards share an id (and so a note)"),
    "missing-media": Rule(Severity.ERROR, True, "image or sound file not found"),
    "media-outside": Rule(Severity.ERROR, True, "media path leaving the content directory"),
    "bad-template": Rule(Severity.ERROR, True, "template override unknown or using unknown fields"),
    "duplicate-question": Rule(Severity.ERROR, False, "the same question asked twice"),
    "missing-id": Rule(Severity.WARNING, False, "card without an id: edits would lose history"),
    "missing-explanation": Rule(Severity.WARNING, False, "card without an explanation"),
    "near-duplicate": Rule(Severity.WARNING, False, "two questions almost the same"),
    "remote-resource": Rule(Severity.WARNING, False, "content loaded from the network"),
    "script-tag": Rule(Severity.WARNING, False, "<script> in content (shown as text, never run)"),
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, ready to report."""

    location: Location
    """Where it is."""
    code: str
    """Rule code."""
    severity: Severity
    """Error or warning (findings turned off are dropped)."""
    message: str
    """What is wrong and how to fix it."""

    def __str__(self) -> str:
        label = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.location}: {label}{one_line(self.message)} [{self.code}]"


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
    errors: Iterable[ContentError],
    warnings: Iterable[ContentWarning],
    settings: Mapping[str, str],
    *,
    strict: bool = False,
) -> list[Diagnostic]:
    """Give every finding its configured severity; drop those turned off; sort by place."""
    found = [(e.location, e.code, e.detail) for e in errors]
    found += [(w.location, w.code, w.message) for w in warnings]
    result = []
    for location, code, message in found:
        rule = RULES.get(code, RULES["syntax"])
        severity = Severity(settings.get(code, rule.default.value))
        if severity is Severity.OFF:
            continue
        if strict:
            severity = Severity.ERROR
        result.append(Diagnostic(location, code, severity, message))
    return sorted(result, key=lambda d: (d.location.sort_key, d.code, d.message))
