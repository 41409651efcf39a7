"""Rules comparing questions: the same question twice, or two almost the same. Pure."""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence

import msgspec

from ankismith.findings import Finding
from ankismith.model import Card

NEAR_DUPLICATE = 0.8
"""Jaccard similarity of content words from which two questions count as near-duplicates."""
COMMON = 50
"""A word found in more questions than this is one of the deck's own stopwords.

Such words say little about whether two questions are the same, and ignoring them keeps every
index list short, so the check stays near-linear even for templated decks."""

_COMMENT = re.compile(r"<!--.*?-->")
_MARKUP = str.maketrans("", "", "*_`~#>[]()!|\\")
"""Markdown's punctuation, dropped from questions before they are compared (after comments)."""
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
    if "<!--" in text:
        text = _COMMENT.sub("", text)
    return " ".join(text.translate(_MARKUP).casefold().split())


def duplicate_questions(cards: Sequence[Card], keys: Sequence[str] | None = None) -> list[Finding]:
    """Report a question asked again, after normalising case, spacing and Markdown.

    ``keys`` are the cards' ``question_key`` values, when already at hand.
    """
    first: dict[str, Card] = {}
    errors = []
    for card, key in zip(cards, keys or [question_key(c) for c in cards], strict=True):
        seen = first.setdefault(key, card)
        if seen is not card:
            message = f"same question as {seen.location}; merge the two cards or reword one"
            errors.append(Finding(card.location, message, "duplicate-question"))
    return errors


class NearIndex(msgspec.Struct, frozen=True):
    """What the near-duplicate check keeps between builds, to redo only changed questions."""

    threshold: float
    digests: tuple[str, ...]
    """Per card, a digest of its question key and compared words (they depend on the deck)."""
    pairs: tuple[tuple[int, int], ...]
    """Pairs (later card, earlier card) of near-duplicates, sorted."""
    sources: tuple[str, ...] = ()
    """Per card, a digest of the question text as written (with its choices)."""
    similarities: tuple[float, ...] = ()
    """Per pair, how alike the two questions are."""


def question_source(card: Card) -> str:
    """Return a digest of everything the card's question key is made from."""
    text = "\x1f".join([card.question, *(c.text for c in card.choices)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def near_warnings(cards: Sequence[Card], index: NearIndex) -> list[Finding]:
    """Warn about each pair of near-duplicate questions ``index`` found among ``cards``."""
    return [
        Finding(
            cards[i].location,
            f"question is {similarity:.0%} like the one at "
            f"{cards[j].location}; merge them or make the difference clear",
            "near-duplicate",
        )
        for (i, j), similarity in zip(index.pairs, index.similarities, strict=True)
    ]


REUSE_UP_TO = 200
"""Most changed questions for which the pairs of the others are kept; more, and all are redone."""


Words = tuple[str, ...]
"""A question's distinct content words, sorted: a fifth of a set's memory, for 100,000 of them."""


def _content_words(key: str) -> Words:
    """Return the question's words but stopwords, each word one string however often found."""
    return tuple(sorted(frozenset(map(sys.intern, _WORD.findall(key))).difference(_STOPWORDS)))


def _similarity(a: Words, b: Words) -> float:
    shared = len(set(a).intersection(b))
    return shared / (len(a) + len(b) - shared)  # |a & b| / |a | b|


def _all_pairs(
    sets: Sequence[Words], keys: Sequence[str], rank: Counter[str], threshold: float
) -> list[tuple[int, int]]:
    """Find every near-duplicate pair by prefix filtering (as in set-similarity joins)."""
    index: defaultdict[str, list[int]] = defaultdict(list)
    pairs = []
    for i, words in enumerate(sets):
        if len(words) < 3:
            continue
        ranked = sorted(words, key=lambda w: (rank[w], w))
        prefix = ranked[: len(words) - math.ceil(threshold * len(words)) + 1]
        candidates = {j for word in prefix for j in index[word]}
        for j in sorted(candidates):
            # Identical questions are the duplicate-question rule's to report.
            if _similarity(words, sets[j]) >= threshold and keys[i] != keys[j]:
                pairs.append((i, j))
        for word in prefix:
            index[word].append(i)
    return pairs


def _pairs_with(
    changed: int, sets: Sequence[Words], keys: Sequence[str], threshold: float
) -> list[tuple[int, int]]:
    """Find the near-duplicate pairs one card is part of, by comparing it with every card."""
    words = sets[changed]
    if len(words) < 3:
        return []
    known = frozenset(words)
    return [
        (max(changed, j), min(changed, j))
        for j, other in enumerate(sets)
        if j != changed
        and len(other) >= 3
        and not known.isdisjoint(other)
        and _similarity(words, other) >= threshold
        and keys[j] != keys[changed]
    ]


def near_duplicates(cards: Sequence[Card], threshold: float = NEAR_DUPLICATE) -> list[Finding]:
    """Warn about pairs of questions whose content words overlap by ``threshold`` or more."""
    return near_warnings(cards, near_index(cards, None, threshold))


def near_index(
    cards: Sequence[Card],
    previous: NearIndex | None,
    threshold: float = NEAR_DUPLICATE,
    keys: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
) -> NearIndex:
    """Find the near-duplicate questions, redoing only the questions changed since ``previous``.

    Content words exclude stopwords and words common in this deck (``COMMON``). Prefix
    filtering finds every pair without comparing all pairs: two sets this similar must share
    one of their rarest few words. With an index from the last build, only cards whose
    compared words changed (an edit, or a word crossing ``COMMON``) are compared again, with
    every other card; the other pairs are kept. Either way the index is the same.
    ``keys`` and ``sources`` are the cards' ``question_key`` and ``question_source`` values,
    when already at hand.
    """
    sources = tuple(sources or map(question_source, cards))
    if (
        previous is not None
        and previous.threshold == threshold
        and previous.sources == sources
        and len(previous.similarities) == len(previous.pairs)
    ):
        # No question changed: the pairs are the same, and so are the words of every card.
        return previous
    keys = keys or [question_key(card) for card in cards]
    # One string per distinct word, shared by every set that holds it (at 100,000 questions
    # the copies found by the pattern were most of the index's memory).
    sets = [_content_words(key) for key in keys]
    frequency = Counter(itertools.chain.from_iterable(sets))
    common = frozenset(word for word, count in frequency.items() if count > COMMON)
    for i, each in enumerate(sets):  # in place: the words before and after are never both held
        if not common.isdisjoint(each):
            sets[i] = tuple(word for word in each if word not in common)
    digests = tuple(
        hashlib.sha256("\x1f".join([key, *words]).encode()).hexdigest()[:16]
        for key, words in zip(keys, sets, strict=True)
    )
    same_cards = (previous.threshold, len(previous.digests)) if previous else None
    changed = (
        [i for i, (a, b) in enumerate(zip(digests, previous.digests, strict=True)) if a != b]
        if previous and same_cards == (threshold, len(digests))
        else None
    )
    if previous is None or changed is None or len(changed) > REUSE_UP_TO:
        pairs = _all_pairs(sets, keys, frequency, threshold)
    else:
        redo = set(changed)
        kept = {p for p in previous.pairs if p[0] not in redo and p[1] not in redo}
        pairs = sorted(kept.union(*(_pairs_with(i, sets, keys, threshold) for i in changed)))
    similarities = tuple(_similarity(sets[i], sets[j]) for i, j in pairs)
    return NearIndex(threshold, digests, tuple(pairs), sources, similarities)
