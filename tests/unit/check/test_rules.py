"""The content rules are declared truthfully: known codes, real inputs, functions that take them."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from ankismith.check.questions import near_duplicates
from ankismith.check.rules import CONTENT_RULES, ContentRule, RuleInputs
from ankismith.content.read import Content
from ankismith.findings import RULES
from ankismith.model import Card, Location, NoteKind

INPUTS = set(RuleInputs.__struct_fields__)


def _name(rule: ContentRule) -> str:
    return f"{rule.function.__name__}({', '.join(rule.reads)})"


@pytest.mark.parametrize("rule", CONTENT_RULES, ids=_name)
def test_every_rule_declares_known_codes_and_reads_inputs_it_is_given(rule: ContentRule) -> None:
    assert rule.codes and set(rule.codes) <= set(RULES)
    assert rule.reads and set(rule.reads) <= INPUTS
    inspect.signature(rule.function).bind(*rule.reads)  # takes them, in that order


def test_each_rule_is_declared_once() -> None:
    assert len({(rule.function, rule.reads) for rule in CONTENT_RULES}) == len(CONTENT_RULES)


def _card(line: int, question: str, card_id: str) -> Card:
    return Card(Location("content/a.md", line), NoteKind.BASIC, card_id, True, question, "A")


def test_without_cards_no_rule_over_cards_runs_and_with_them_each_finds_its_own() -> None:
    content = Content(Path("content"), None, ())
    bare = RuleInputs.of(content, {})
    assert [f for rule in CONTENT_RULES for f in rule.run(bare)] == []
    question = (
        "Which rank does the LoRA adapter use for the attention weights of the base model here"
    )
    cards = [
        _card(1, question, "twin"),
        _card(9, question.replace("here", "there"), "twin"),
    ]
    found = {
        rule.function.__name__: rule.run(RuleInputs.of(content, {}, cards=cards))
        for rule in CONTENT_RULES
    }
    assert [f.code for f in found["duplicate_ids"]] == ["duplicate-id"]
    assert found["near_warnings"] == near_duplicates(cards)
    assert [f.code for f in found["near_warnings"]] == ["near-duplicate"]
    assert found["missing_explanations"] and found["default_type"] == []
