"""One finding value: where, which rule, what to do; its severity comes from the deck's rules."""

from __future__ import annotations

from ankismith.findings import RULES, Finding, Severity, blocking, classify
from ankismith.model import Location

A = Finding(Location("content/a.md", 3), "card has no id", "missing-id")
B = Finding(Location("content/a.md", 1), "card has no '### Answer' section", "missing-answer")


def test_classify_gives_each_rule_its_severity_and_sorts_by_place() -> None:
    found = classify([A, B], {})
    assert [(f.location.line, f.severity) for f in found] == [
        (1, Severity.ERROR),
        (3, Severity.WARNING),
    ]
    assert blocking(found) == [found[0]]


def test_deck_settings_and_strict_change_severities() -> None:
    assert classify([A], {"missing-id": "off"}) == []
    assert [f.severity for f in classify([A], {"missing-id": "error"})] == [Severity.ERROR]
    assert [f.severity for f in classify([A], {}, strict=True)] == [Severity.ERROR]


def test_a_finding_prints_as_an_editor_jumps_to_it() -> None:
    warning, error = classify([A, B], {})[::-1]
    assert str(warning) == "content/a.md:3: warning: card has no id [missing-id]"
    assert str(error) == "content/a.md:1: card has no '### Answer' section [missing-answer]"


def test_an_unknown_code_counts_as_a_syntax_error() -> None:
    odd = Finding(Location("x.md", 2), "odd", "no-such-rule")
    assert odd.level is RULES["syntax"].default is Severity.ERROR
    assert [f.severity for f in classify([odd], {})] == [Severity.ERROR]
