"""``ankismith pull``: merge edits made in Anki since the last push into the Markdown, three-way.

The base is the record of the last push (``record.py``). For each synced field: changed in
Anki only, Anki's HTML becomes Markdown (with the import's converter) in that card's section;
changed in the Markdown only, it waits for the next push; changed on both sides, it is a
conflict unless both say the same or ``prefer`` settles it. Tags follow Anki. Notes deleted in
Anki or moved to another deck are reported, never deleted or moved here. Pure: the caller
reads Anki and the files, and writes what this returns.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import PurePosixPath

import msgspec

from ankismith.apkg.contents import NoteInfo
from ankismith.content.media import packaged_name
from ankismith.importing.convert import to_markdown
from ankismith.model import Card, NoteKind
from ankismith.render.report import explanation_of
from ankismith.sync.edit import field_line, replace_field
from ankismith.sync.fields import QUESTION, Synced, synced_fields
from ankismith.sync.push import Sides
from ankismith.sync.record import FieldBase, NoteBase, Record
from ankismith.sync.tags import retag
from ankismith.text import visible_text


class Conflict(msgspec.Struct, frozen=True):
    """A field changed on both sides since the last push."""

    where: str
    """``path:line`` of the field's section."""
    field: str
    card_id: str
    markdown: str
    """The Markdown as the author has it."""
    anki: str
    """Anki's text, as Markdown."""

    def __str__(self) -> str:
        mine = _indent(self.markdown)
        theirs = _indent(self.anki)
        return (
            f"{self.where}: conflict in {self.field} of card '{self.card_id}'\n"
            f"  Markdown:\n{mine}\n  Anki:\n{theirs}"
        )


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.split("\n")) if text else "    (empty)"


class PullPlan(msgspec.Struct):
    """What a pull changes: new file texts, the record after it, and what it reports."""

    texts: dict[str, tuple[str, str]] = msgspec.field(default_factory=dict)
    """Card files it changes, by path relative to the content folder: (old text, new text)."""
    record: Record | None = None
    conflicts: list[Conflict] = msgspec.field(default_factory=list)
    notes: list[str] = msgspec.field(default_factory=list)
    """What it did not do and why, one line each: deleted and moved notes, unconvertible text."""
    taken: int = 0
    """Fields taken from Anki."""
    added: int = 0
    """Notes added in Anki, written as new cards."""
    refresh: set[tuple[str, str]] = msgspec.field(default_factory=set)
    """(GUID, field name) of each field taken: the record reads its Markdown anew once written."""


def media_links(content: Mapping[PurePosixPath, bytes]) -> dict[str, str]:
    """Return each media file's name in Anki (named by content) mapped to its content path."""
    return {packaged_name(path, data): path.as_posix() for path, data in content.items()}


def _relative(links: Mapping[str, str], source: str) -> dict[str, str]:
    folder = PurePosixPath(source).parent.as_posix() or "."
    return {
        name: os.path.relpath(path, folder).replace(os.sep, "/") for name, path in links.items()
    }


def _next_headings(cards: tuple[Card, ...]) -> dict[int, int | None]:
    """Return, for each card's index, the line of the next card's heading in its file."""
    following: dict[int, int | None] = {}
    by_file: dict[str, list[int]] = {}
    for index, card in enumerate(cards):
        by_file.setdefault(card.source, []).append(index)
    for indexes in by_file.values():
        ordered = sorted(indexes, key=lambda i: cards[i].location.line)
        for here, there in zip(ordered, [*ordered[1:], None], strict=True):
            following[here] = cards[there].location.line if there is not None else None
    return following


def plan_pull(
    sides: Sides,
    record: Record,
    anki: Mapping[str, NoteInfo],
    texts: Mapping[str, str],
    links: Mapping[str, str],
    prefer: str | None = None,
) -> PullPlan:
    """Return what a pull does: ``texts`` are the card files by relative path, as they are."""
    plan = PullPlan()
    current = dict(texts)
    following = _next_headings(sides.compiled.cards)
    notes = dict(record.notes)
    seen: set[str] = set()
    # Edit from the last card of a file to the first, so earlier line numbers stay true.
    order = sorted(
        range(len(sides.guids)),
        key=lambda i: (sides.compiled.cards[i].source, -sides.compiled.cards[i].location.line),
    )
    pairs = sides.pairs()
    for index in order:
        card, guid, names, _html = pairs[index]
        seen.add(guid)
        base = notes.get(guid)
        held = anki.get(guid)
        if base is None:
            continue  # never pushed: nothing to merge
        if held is None:
            plan.notes.append(
                f"{card.location}: card '{card.card_id}' was deleted in Anki "
                "(or moved out of the deck); kept here"
            )
            continue
        if held.decks and card.deck not in held.decks:
            plan.notes.append(
                f"{card.location}: card '{card.card_id}' was moved in Anki to "
                f"{', '.join(held.decks)}; it stays in {card.deck} here"
            )
        fields = dict(held.fields)
        kept = dict(base.fields)
        for synced in synced_fields(card, names):
            now = fields.get(synced.name)
            was = base.fields.get(synced.name)
            if now is None or was is None or now == was.html:
                continue
            taken = _merge(plan, card, synced, was, now, current, following[index], links, prefer)
            if taken is not None:
                kept[synced.name] = FieldBase(now, taken)
                plan.refresh.add((guid, synced.name))
        tags = held.tags
        if tags != base.tags:
            text = current[card.source]
            changed, message = retag(text, card, base.tags, tags)
            if message:
                plan.notes.append(f"{card.location}: {message}")
            current[card.source] = changed
        notes[guid] = NoteBase(base.card_id, base.source, base.deck, tags, kept)
    for guid, base in sorted(record.notes.items()):
        if guid not in seen:
            plan.notes.append(
                f"{base.source}: card '{base.card_id}' is no longer in the Markdown; Anki keeps it"
            )
    for guid, note in sorted(anki.items(), key=lambda item: (item[1].note_id, item[0])):
        if guid not in seen and guid not in record.notes and _in(note, record.decks):
            _add(plan, sides, note, current, notes, links)
    plan.texts = {
        path: (texts.get(path, ""), text)
        for path, text in sorted(current.items())
        if text != texts.get(path)
    }
    plan.record = Record(record.commit, record.target, record.decks, notes)
    return plan


def _in(note: NoteInfo, decks: tuple[str, ...]) -> bool:
    """Return True when a card of ``note`` is in one of ``decks`` or their subdecks."""
    return any(d == root or d.startswith(root + "::") for d in note.decks for root in decks)


NEW_FILE = "from-anki.md"
"""The file of each subdeck folder that notes added in Anki are written to."""
_FOLDER_PART = re.compile(r'^[^\x00-\x1f\x7f/\\:*?"<>|.][^\x00-\x1f\x7f/\\:*?"<>|]{0,99}$')


def _add(
    plan: PullPlan,
    sides: Sides,
    note: NoteInfo,
    current: dict[str, str],
    notes: dict[str, NoteBase],
    links: Mapping[str, str],
) -> None:
    """Write a note added in Anki as a new card, in its subdeck's ``from-anki.md``."""
    from ankismith.importing.cards import CardWriter, wanted_id

    deck = sides.compiled.deck
    assert deck is not None, "a compiled deck"
    types = {nt.id: nt for nt in deck.notetypes}
    name = note.decks[0]
    shown = f"note '{visible_text(note.fields[0][1])[:40]}'" if note.fields else "a note"
    notetype = types.get(note.notetype)
    if notetype is None:
        plan.notes.append(
            f"{shown} was added in Anki to {name} with a note type the deck does not use; "
            "not written"
        )
        return
    parts = name.split("::")[1:]
    if not all(_FOLDER_PART.match(part) for part in parts):
        plan.notes.append(
            f"{shown} was added in Anki to {name}, which no folder can name; not written"
        )
        return
    source = PurePosixPath(*parts, NEW_FILE).as_posix()
    kind = next((k for k in NoteKind if k.value == notetype.key), None)
    taken = {card.card_id for card in sides.compiled.cards} | {n.card_id for n in notes.values()}
    wanted = wanted_id(note, kind)
    card_id, number = wanted, 1
    while card_id in taken:
        number += 1
        card_id = f"{wanted}-{number}"
    writer = CardWriter(_relative(links, source))
    written = writer.card(note, card_id, kind, None if kind else notetype.key)
    text = current.get(source, "")
    eol = "\r\n" if "\r\n" in text else "\n"
    if text and not text.endswith("\n"):
        text += eol
    current[source] = text + (eol if text else "") + eol.join(written.lines) + eol
    where = f"{source}:{text.count(chr(10)) + (2 if text else 1)}"
    plan.notes += [f"{where}: {message}" for _, message in written.problems]
    plan.notes.append(f"{where}: card '{card_id}' was added in Anki; written here")
    fields = {n: FieldBase(html, "") for n, html in note.fields}
    notes[note.guid] = NoteBase(card_id, source, name, note.tags, fields)
    plan.refresh.update((note.guid, n) for n in fields)
    plan.added += 1


def _merge(
    plan: PullPlan,
    card: Card,
    synced: Synced,
    was: FieldBase,
    now: str,
    current: dict[str, str],
    end: int | None,
    links: Mapping[str, str],
    prefer: str | None,
) -> str | None:
    """Merge one field Anki changed; return the Markdown it now stands for, None to keep base."""
    if synced.name == "Explanation" and not card.notetype:  # built with repository:
        now = explanation_of(now)
    converted = to_markdown(now, _relative(links, card.source))
    text = current[card.source]
    line = field_line(text, card.location.line, end, synced.section)
    where = f"{card.location.path}:{line}"
    if converted.problems or converted.absent:
        what = "; ".join(
            [*converted.problems, *(f"media '{a}' not found" for a in converted.absent)]
        )
        plan.notes.append(
            f"{where}: {synced.name} of card '{card.card_id}' was edited in Anki but cannot "
            f"come back as Markdown ({what}); left as written"
        )
        return None
    if synced.markdown != was.markdown:  # edited here too
        if converted.markdown.strip() == synced.markdown.strip():
            return synced.markdown  # the same edit on both sides
        if prefer != "anki":
            conflict = Conflict(
                where, synced.name, card.card_id, synced.markdown, converted.markdown
            )
            if prefer == "markdown":
                return was.markdown  # Anki's text counts as seen: the next push replaces it
            plan.conflicts.append(conflict)
            return None
    first = card.notetype != "" and synced.index == 0
    if synced.section != QUESTION and not first and line == card.location.line and synced.markdown:
        plan.notes.append(
            f"{where}: {synced.name} of card '{card.card_id}' was edited in Anki, but its "
            f"'### {synced.section}' section was not found; left as written"
        )
        return None
    choices = card.kind is NoteKind.CHOICE
    current[card.source] = replace_field(
        text, card.location.line, end, synced.section, converted.markdown, first, choices
    )
    plan.taken += 1
    return converted.markdown
