"""The content rules, declared once: what each raises, the function, and what it reads. Pure.

The pipeline gathers what a rule may read into one ``RuleInputs`` and runs every rule of
``CONTENT_RULES`` over it, in one loop, as markdown-it-py's block parser runs its ``_rules``.
A rule is given the inputs it names, in that order, and runs only when all of them are there:
without a readable ``deck.yaml`` no card is parsed, so no rule over cards or settings runs.

To add a rule: write a function returning ``Finding``s in the ``check/`` module for what it
looks at, and add one line here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

import msgspec

from ankismith.check.cards import (
    Fresh,
    blank_ids,
    deck_case_clashes,
    duplicate_guids,
    duplicate_ids,
    missing_explanations,
    missing_ids,
    multi_card_clozes,
)
from ankismith.check.names import unsafe_names
from ankismith.check.notetypes import custom_templates, default_type
from ankismith.check.occlusion import degenerate_masks, duplicate_masks, masks_outside
from ankismith.check.questions import (
    NearIndex,
    duplicate_questions,
    near_index,
    near_warnings,
    question_key,
)
from ankismith.check.sources import script_tags
from ankismith.check.templates import (
    bad_overrides,
    scripts_names,
    unsafe_notetypes,
    unsafe_overrides,
)
from ankismith.content.read import Content
from ankismith.findings import Finding
from ankismith.model import Card, NoteTypeDef, SourceFile
from ankismith.parse.settings import DeckSettings


class RuleInputs(msgspec.Struct, frozen=True):
    """Everything a content rule may read; None where it is not there."""

    templates: Sequence[tuple[str, str]]
    """The author's template overrides (name under the folder, text)."""
    templates_folder: str
    """The overrides' folder, as messages show it."""
    notetype_files: Sequence[tuple[str, str]]
    """The text files of the author's note types (path under their folder, text)."""
    notetypes_folder: str
    """The note types' folder, as messages show it."""
    all_templates: Sequence[tuple[str, str]]
    """Every template text a card is shown through: overrides, then note types' files."""
    sources: Sequence[SourceFile]
    """The card files, as read."""
    notetypes: Mapping[str, NoteTypeDef | None]
    """The author's note types, by name (None for one that could not be read)."""
    settings: DeckSettings | None
    """The deck settings; None when ``deck.yaml`` could not be read."""
    settings_path: str
    """``deck.yaml``, as messages show it."""
    cards: Sequence[Card] | None = None
    """Every card, in source order; None when none were parsed."""
    questions: Sequence[str] | None = None
    """Each card's question as compared for duplicates (``question_key``)."""
    near: NearIndex | None = None
    """The near-duplicate index of ``cards``."""
    fresh: Fresh = msgspec.field(default_factory=lambda: MappingProxyType({}))
    """The lines not yet committed, by card file, so a duplicate id blames the new card."""

    @classmethod
    def of(
        cls,
        content: Content,
        notetypes: Mapping[str, NoteTypeDef | None],
        *,
        cards: Sequence[Card] | None = None,
        questions: Sequence[str] | None = None,
        near: NearIndex | None = None,
        fresh: Fresh | None = None,
    ) -> RuleInputs:
        """Return the inputs of ``content``, its note types and what was parsed of it.

        ``questions`` and ``near`` are derived from ``cards`` when not given.
        """
        if cards is not None and questions is None:
            questions = [question_key(card) for card in cards]
        if cards is not None and near is None:
            near = near_index(cards, None, keys=questions)
        return cls(
            templates=content.templates,
            templates_folder=content.templates_path,
            notetype_files=content.notetypes,
            notetypes_folder=content.notetypes_path,
            all_templates=(*content.templates, *content.notetypes),
            sources=content.sources,
            notetypes=notetypes,
            settings=content.settings,
            settings_path=content.settings_path,
            cards=cards,
            questions=questions,
            near=near,
            fresh=MappingProxyType({}) if fresh is None else fresh,
        )


class ContentRule(msgspec.Struct, frozen=True):
    """One rule over the content: the codes its findings carry, its function, what it reads."""

    codes: tuple[str, ...]
    """The rule codes (``findings.RULES``) of the findings it returns."""
    function: Callable[..., list[Finding]]
    """Returns the findings; it is given the inputs ``reads`` names, in that order."""
    reads: tuple[str, ...]
    """Names of the ``RuleInputs`` it is given."""

    def run(self, inputs: RuleInputs) -> list[Finding]:
        """Return the rule's findings over ``inputs``: none when something it reads is missing."""
        given = [getattr(inputs, name) for name in self.reads]
        return [] if any(value is None for value in given) else self.function(*given)


CONTENT_RULES: tuple[ContentRule, ...] = (
    ContentRule(("bad-template",), bad_overrides, ("templates", "templates_folder")),
    ContentRule(
        ("bad-template", "remote-resource"), unsafe_overrides, ("templates", "templates_folder")
    ),
    ContentRule(("script-tag",), script_tags, ("sources",)),
    ContentRule(("bad-template",), custom_templates, ("notetypes",)),
    ContentRule(
        ("bad-template", "remote-resource", "template-script"),
        unsafe_notetypes,
        ("notetypes", "settings"),
    ),
    ContentRule(("syntax",), scripts_names, ("settings", "notetypes", "settings_path")),
    ContentRule(("syntax",), default_type, ("settings", "notetypes", "settings_path")),
    ContentRule(("duplicate-id",), duplicate_ids, ("cards", "fresh")),
    ContentRule(("duplicate-guid",), duplicate_guids, ("cards",)),
    ContentRule(("missing-id",), missing_ids, ("cards",)),
    ContentRule(("blank-id",), blank_ids, ("cards",)),
    ContentRule(("missing-explanation",), missing_explanations, ("cards",)),
    ContentRule(("multi-card-cloze",), multi_card_clozes, ("cards",)),
    ContentRule(("syntax",), deck_case_clashes, ("cards",)),
    ContentRule(("duplicate-question",), duplicate_questions, ("cards", "questions")),
    ContentRule(("near-duplicate",), near_warnings, ("cards", "near")),
    ContentRule(("unsafe-name",), unsafe_names, ("cards", "all_templates")),
    ContentRule(("mask-outside",), masks_outside, ("cards", "sources")),
    ContentRule(("mask-degenerate",), degenerate_masks, ("cards", "sources")),
    ContentRule(("mask-duplicate",), duplicate_masks, ("cards", "sources")),
)
"""Every rule over the content that the pipeline runs, once each."""
