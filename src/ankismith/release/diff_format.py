"""Write a DeckDiff as plain text for a terminal, or as Markdown for release notes. Pure."""

from __future__ import annotations

import re
from collections.abc import Callable

from ankismith.apkg.contents import NoteInfo
from ankismith.release.diff import DeckDiff, FieldChange
from ankismith.release.rules import Problem
from ankismith.text import plural, visible_text

# Characters of a question shown for an added or removed card.
SHORT = 80
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def _short(note: NoteInfo, titles: dict[str, str] | None = None) -> str:
    """Return a note's question, cut short; an image occlusion note's heading (``titles``)."""
    text = visible_text(note.fields[0][1]) if note.fields else ""
    text = (titles or {}).get(note.key, text)
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def md_escape(text: str) -> str:
    """Escape Markdown syntax so card text shows literally in release notes."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _pieces(change: FieldChange, mark: Callable[[str, str], str]) -> str:
    return " ".join(mark(kind, words) for kind, words in change.pieces)


def _text_mark(kind: str, words: str) -> str:
    return {"-": f"[-{words}-]", "+": f"{{+{words}+}}", "…": "…"}.get(kind, words)


def _md_mark(kind: str, words: str) -> str:
    escaped = md_escape(words)
    return {"-": f"~~{escaped}~~", "+": f"**{escaped}**", "…": "…"}.get(kind, escaped)


MOVED_ONLY = frozenset({"Source", "deck"})
"""What a card moved to another file or folder changes: no text a learner studies."""


PRESET_NOTES = {
    "added": 'added: learners get it only by ticking "Import any deck presets" as they import',
    "changed": (
        'changed, but only learners who import the deck for the first time, ticking "Import '
        'any deck presets", get it: Anki never updates a preset a learner has'
    ),
    "removed": "removed: learners who have it keep it, and their decks keep using it",
}
"""What a preset change means for learners, by change."""


def summary(diff: DeckDiff) -> str:
    """Return a one-line count of the note changes (a note is a card as written)."""
    return (
        f"{plural(len(diff.added), 'note')} added, {len(diff.removed)} removed, "
        f"{len(diff.changed)} changed"
    )


def _deck_lines(diff: DeckDiff) -> list[tuple[str, str]]:
    renamed = {old for old, _ in diff.decks_renamed} | {new for _, new in diff.decks_renamed}
    lines = [("~", f"'{old}' renamed to '{new}'") for old, new in diff.decks_renamed]
    lines += [("+", f"'{d}' added") for d in diff.decks_added if d not in renamed]
    lines += [("-", f"'{d}' removed") for d in diff.decks_removed if d not in renamed]
    return lines


def as_text(diff: DeckDiff) -> str:
    """Return the diff for a terminal: one line per card, note type or deck."""
    lines = [f"{diff.old} -> {diff.new}: {summary(diff)}"]
    titles = dict(diff.titles)
    lines += [f"+ card '{n.key}': {_short(n, titles)}" for n in diff.added]
    lines += [f"- card '{n.key}': {_short(n, titles)}" for n in diff.removed]
    for card in diff.changed:
        lines.append(f"~ card '{card.key}'{f' ({card.title})' if card.title else ''}:")
        lines += [f"    {f.name}: {_pieces(f, _text_mark)}" for f in card.fields]
    for name, changes in diff.notetypes:
        lines.append(f"~ note type '{name}': {'; '.join(changes)}")
    lines += [f"{sign} deck {text}" for sign, text in _deck_lines(diff)]
    lines += [f"~ preset '{name}' {PRESET_NOTES[what]}" for name, what in diff.presets]
    if diff.empty:
        lines.append("No differences.")
    return "\n".join(lines) + "\n"


def as_markdown(diff: DeckDiff, accepted: tuple[Problem, ...] = ()) -> str:
    """Return the diff as Markdown release notes, sections only for what changed.

    ``accepted``: the changes ``deck.yaml``'s ``release:`` accepts, each told to learners with
    what they get.
    """
    parts = [f"Changes since `{diff.old}`: {summary(diff)}.\n"]

    def section(title: str, items: list[str]) -> None:
        if items:
            parts.append(f"### {title}\n\n" + "\n".join(f"- {i}" for i in items) + "\n")

    titles = dict(diff.titles)
    section("New cards", [f"{md_escape(_short(n, titles))} (`{n.key}`)" for n in diff.added])
    changed: list[str] = []
    moved: list[str] = []
    for card in diff.changed:
        fields = "; ".join(f"{f.name}: {_pieces(f, _md_mark)}" for f in card.fields)
        only_moved = all(f.name in MOVED_ONLY for f in card.fields)
        named = f"{md_escape(card.title)} (`{card.key}`)" if card.title else f"`{card.key}`"
        (moved if only_moved else changed).append(f"{named}: {fields}")
    section("Corrected cards", changed)
    section("Moved cards (the same text in another file or deck: nothing to relearn)", moved)
    section(
        "Removed cards (delete them in Anki if you no longer want them)",
        [f"{md_escape(_short(n, titles))} (`{n.key}`)" for n in diff.removed],
    )
    section(
        "Card layout",
        [f"{md_escape(name)}: {md_escape('; '.join(c))}" for name, c in diff.notetypes],
    )
    section("Decks", [md_escape(text) for _, text in _deck_lines(diff)])
    section(
        "Deck options",
        [
            f"Preset {md_escape(repr(name))} {md_escape(PRESET_NOTES[w])}"
            for name, w in diff.presets
        ],
    )
    section(
        "Changes you may need to act on",
        [md_escape(p.learners or p.message) for p in accepted],
    )
    if diff.empty:
        parts.append("No changes to cards, card layout or decks.\n")
    return "\n".join(parts)
