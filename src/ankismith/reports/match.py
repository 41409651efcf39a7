"""Learners' reports matched to the cards they name: by card id, else by note GUID."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import msgspec

from ankismith.model import Card, Location
from ankismith.notetypes.builtin import note_guid
from ankismith.reports.issues import Issue, read_issues


class Placed(msgspec.Struct, frozen=True):
    """A report beside the card it names."""

    location: Location
    """The card's ``## `` heading."""
    card_id: str
    """The card's id now (its GUID found it when the report names an old id)."""
    issue: Issue
    """The report."""


class Reports(msgspec.Struct, frozen=True):
    """Every open report of an export: beside its card, or apart when the card is gone."""

    placed: tuple[Placed, ...]
    """Reports whose card exists, by file, line and issue number."""
    gone: tuple[Issue, ...]
    """Reports naming a card that no longer exists, by issue number."""
    other: int
    """Issues that are no card report, or closed: left out."""


def match_reports(cards: Sequence[Card], namespace: str, issues: Sequence[Issue]) -> Reports:
    """Return ``issues`` matched to ``cards`` (of a deck whose id is ``namespace``)."""
    by_id = {card.card_id: card for card in cards}
    by_guid = {card.guid or note_guid(namespace, card.card_id): card for card in cards}
    placed: list[Placed] = []
    gone: list[Issue] = []
    other = 0
    for issue in issues:
        card_id, guid = issue.card_id, issue.guid
        if issue.state != "OPEN" or not (card_id or guid):
            other += 1
            continue
        card = by_id.get(card_id) or by_guid.get(guid)
        if card is None:
            gone.append(issue)
            continue
        where = Location(card.location.path, card.location.line)
        placed.append(Placed(where, card.card_id, issue))
    return Reports(
        tuple(sorted(placed, key=lambda p: (p.location.path, p.location.line, p.issue.number))),
        tuple(sorted(gone, key=lambda i: i.number)),
        other,
    )


def reports_for(issues_path: Path, content_dir: Path) -> Reports:
    """Read a gh export and the content, and match them (the ``reports`` command)."""
    from ankismith.errors import BuildError
    from ankismith.pipeline import check

    issues = read_issues(issues_path)
    compiled = check(content_dir)
    settings = compiled.deck.settings if compiled.deck is not None else None
    if settings is None:
        from ankismith.content.read import read_content

        settings = read_content(content_dir).settings
    if settings is None:
        raise BuildError(f"{content_dir}: no usable deck.yaml; run 'ankismith check'")
    return match_reports(compiled.cards, settings.namespace, issues)
