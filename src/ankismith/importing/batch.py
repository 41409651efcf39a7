"""Write many cards at once: in worker processes when the deck is big enough to pay for them.

Converting HTML to Markdown costs about a third of a millisecond a field with markup, so a deck
of thousands of notes is split into chunks, like the build's rendering (render/deck.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor

import msgspec

from ankismith.apkg.contents import NoteInfo
from ankismith.importing.cards import CardText, CardWriter, Title, wanted_id
from ankismith.model import NoteKind
from ankismith.workers import follow

ABSENT = "_media/"
"""Where a card links a media file the package lacks, under its own name."""
CHUNK = 250
PARALLEL_FROM = 1000
"""Fewer cards than this are written in this process: starting workers costs more."""


class CardJob(msgspec.Struct, frozen=True):
    """One note to write as a card, and where its file stands."""

    note: NoteInfo
    kind: NoteKind | None
    """Our kind, or None for a custom note type."""
    type_name: str | None
    """The custom note type's ``type:`` name."""
    up: str
    """``../`` once per folder between the card file and the content directory."""
    title: Title | None = None
    """How a custom note type's headings are chosen; None for ours."""
    guid_taken: bool = False
    """True when an earlier note of the deck has this note's GUID: written without it."""


_media: Mapping[str, str] = {}
_writers: dict[str, CardWriter] = {}


def _start(media: Mapping[str, str], build: int | None = None) -> None:
    global _media
    if build is not None:
        follow(build)
    _media = media
    _writers.clear()


def _write(jobs: Sequence[CardJob]) -> list[CardText]:
    out = []
    for job in jobs:
        writer = _writers.get(job.up)
        if writer is None:
            media = {k: job.up + v for k, v in _media.items()}
            writer = _writers[job.up] = CardWriter(media, job.up + ABSENT)
        card_id = wanted_id(job.note, job.kind, job.title)
        card = writer.card(job.note, card_id, job.kind, job.type_name, job.title, job.guid_taken)
        out.append(card)
    return out


def write_cards(
    jobs: Sequence[CardJob], media: Mapping[str, str], workers: int = 1
) -> list[CardText]:
    """Return each job's card text, in order; ``media`` maps media names to content paths.

    Each card has the id its note asks for (``wanted_id``); two may ask for the same one.
    """
    chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    if workers > 1 and len(jobs) >= PARALLEL_FROM:
        start = (dict(media), os.getpid())
        with ProcessPoolExecutor(workers, initializer=_start, initargs=start) as pool:
            return [card for chunk in pool.map(_write, chunks) for card in chunk]
    _start(media)
    return [card for chunk in chunks for card in _write(chunk)]
