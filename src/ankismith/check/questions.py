"""Rules comparing questions: the same question twice, or two almost the same. Pure."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ankismith.findings import Finding
from ankismith.model import Card

NEAR_DUPLICATE = 0.8
"""Jaccard similarity of content words from which two questions count as near-duplicates."""
COMMON = 50
"""A word found in more questions than this is one of the deck's own stopwords.

Such words say little about whether two questions are the same, and ignoring them keeps every
index list short, so the check stays near-linear even for templated decks."""

_MARKUP = re.compile(r"[*_`~#>\[\]()!|\\]|<!--.*?-->")
_WORD = re.compile(r"\w+")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "does",
        "do",
        "for",
        "from",
        "how",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "what",
        "when",
        "which",
        "who",
        "why",
        "with",
    ]
)


def question_key(card: Card) -> str:
    """Return the question as compared for duplicates: no Markdown, case or spacing."""
    text = card.question + "\n" + "\n".join(c.text for c in card.choices)
    return " ".join(_MARKUP.sub("", text).casefold().split())


def duplicate_questions(cards: Sequence[Card]) -> list[Finding]:
    """Report a question asked again, after normalising case, spacing and Markdown."""
    first: dict[str, Card] = {}
    errors = []
    for card in cards:
        seen = first.setdefault(question_key(card), card)
        if seen is not card:
            message = f"same question as {seen.location}; merge the two cards or reword one"
            errors.append(Finding(card.location, message, "duplicate-question"))
    return errors


def _words(card: Card) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(question_key(card)) if w not in _STOPWORDS)


def near_duplicates(
    cards: Sequence[Card], threshold: float = NEAR_DUPLICATE
) -> list[Finding]:
    """Warn about pairs of questions whose content words overlap by ``threshold`` or more.

    Content words exclude stopwords and words common in this deck (``COMMON``). Prefix
    filtering (as in set-similarity joins) then finds every such pair without comparing all
    pairs: two sets this similar must share one of their rarest few words.
    """
    keys = [question_key(card) for card in cards]
    words_of = [_words(card) for card in cards]
    frequency = Counter(word for words in words_of for word in words)
    sets = [frozenset(w for w in words if frequency[w] <= COMMON) for words in words_of]
    index: defaultdict[str, list[int]] = defaultdict(list)
    warnings: list[Finding] = []
    for i, words in enumerate(sets):
        if len(words) < 3:
            continue
        ranked = sorted(words, key=lambda w: (frequency[w], w))
        prefix = ranked[: len(words) - math.ceil(threshold * len(words)) + 1]
        candidates = {j for word in prefix for j in index[word]}
        for j in sorted(candidates):
            similarity = len(words & sets[j]) / len(words | sets[j])
            # Identical questions are the duplicate-question rule's to report.
            if similarity >= threshold and keys[i] != keys[j]:
                message = (
                    f"question is {similarity:.0%} like the one at {cards[j].location}; "
                    "merge them or make the difference clear"
                )
                warnings.append(Finding(cards[i].location, message, "near-duplicate"))
        for word in prefix:
            index[word].append(i)
    return warnings
