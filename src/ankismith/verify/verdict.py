"""The pure half of ``ankismith verify``: what counts as a problem, and the report's wording."""

from __future__ import annotations

import re

import msgspec

from ankismith.sanitize.active import judge_html
from ankismith.text import INVISIBLE, plural, utc_time, visible_text

# Anki renders template problems as text linking to this page instead of raising.
_ANKI_ERROR_PAGE = "docs.ankiweb.net/templates/errors.html"
# A front holding only a picture, a sound or a formula is not blank.
_MEDIA = re.compile(r"<(img|svg|video|audio|object|iframe|canvas|math)\b|\[sound:", re.I)


class DeckCheck(msgspec.Struct, frozen=True):
    """The package imported alone into an empty collection."""

    notes: int
    """Notes imported."""
    cards: int
    """Cards in the collection afterwards."""
    problems: tuple[str, ...]
    """Blank fronts, rendering errors, missing media: one line each."""
    timestamp: int
    """Newest note modification time in the package (its build time)."""
    notetypes: frozenset[int]
    """Ids of the note types the package's notes use."""


class UpdateCheck(msgspec.Struct, frozen=True):
    """The package imported over an earlier one whose cards were all reviewed once."""

    new: int
    """Notes added."""
    updated: int
    """Notes whose content was replaced."""
    duplicate: int
    """Notes skipped as unchanged (or not newer than the learner's copy)."""
    conflicting: int
    """Notes not updated because their note type changed shape."""
    reviewed: int
    """Cards reviewed before the update."""
    lost_history: tuple[str, ...]
    """Reviewed cards that are gone, new again, or missing review log entries."""
    copied_notetypes: tuple[str, ...]
    """Note types Anki added as copies instead of updating the existing ones."""
    timestamp: int
    """Newest note modification time of the earlier package."""
    duplicates: tuple[str, ...] = ()
    """New notes asking the same question as a note the learner already had."""


class VerifyReport(msgspec.Struct, frozen=True):
    """Everything ``ankismith verify`` found."""

    deck: str
    """Path of the checked package."""
    against: str | None
    """Path of the earlier package, if given."""
    check: DeckCheck
    """The package on its own."""
    update: UpdateCheck | None
    """The package as an update, if an earlier package was given."""
    release: tuple[str, ...] = ()
    """What the release rules (``release.guard``, as in ``diff --check``) found."""
    accepted: tuple[str, ...] = ()
    """What the release rules found and deck.yaml's ``release:`` accepts: printed, not failed."""
    notes: tuple[str, ...] = ()
    """Lines about that acceptance: void against this release, or naming what did not happen."""

    @property
    def problems(self) -> list[str]:
        """Return every problem, one line each; empty when learners are safe."""
        found = list(self.check.problems)
        if (update := self.update) is not None:
            if update.conflicting:
                notes = plural(update.conflicting, "note")
                found.append(f"{notes} conflicting: the note type changed shape, so not updated")
            found += [f"{name}: review history lost" for name in update.lost_history]
            found += [f"note type copied as '{name}'" for name in update.copied_notetypes]
            found += [
                f"{name}: arrives as a new card at 0 reviews, beside the learner's card with the "
                "same question"
                for name in update.duplicates
            ]
        return found + list(self.release)


def front_problem(rendered: str) -> str | None:
    """Say what is wrong with a rendered card front, or return None."""
    if _ANKI_ERROR_PAGE in rendered:
        if "front-of-card-is-blank" in rendered:
            return "front renders blank"
        return f"template error: {visible_text(rendered)}"
    if not visible_text(rendered) and not _MEDIA.search(INVISIBLE.sub(" ", rendered)):
        return "front renders blank"
    return None


def active_problems(side: str, rendered: str, scripts: bool = False) -> list[str]:
    """Name everything in a rendered side of a card that could run or load a page.

    The side is parsed as a browser parses it (``sanitize/active.py``), Anki's ``<style>`` and
    ``{{hint:}}`` link included. Only the scripts our own templates ship may run, and, with
    ``scripts`` (the deck opted in for this note type), the note type's own.
    """
    found = judge_html(rendered, scripts)
    return [f"{side} could run script: {a.what}" for a in found if not a.remote]


def _when(seconds: int) -> str:
    return utc_time(seconds, "%Y-%m-%d %H:%M UTC")


def report_lines(report: VerifyReport) -> list[str]:
    """Return the human-readable report, problems last; the caller reports the failure."""
    check = report.check
    lines = [
        f"{report.deck}: {plural(check.notes, 'note')}, {plural(check.cards, 'card')} imported; "
        f"built {_when(check.timestamp)}"
    ]
    if (update := report.update) is not None:
        lines += [
            f"as an update of {report.against} (built {_when(update.timestamp)}), "
            f"after reviewing its {plural(update.reviewed, 'card')}:",
            f"  {update.new} new, {update.updated} updated, {update.duplicate} unchanged, "
            f"{update.conflicting} conflicting",
            f"  review history kept: {update.reviewed - len(update.lost_history)} "
            f"of {plural(update.reviewed, 'card')}",
        ]
    problems = report.problems
    lines += list(report.notes)
    lines += [f"accepted: {change}" for change in report.accepted]
    lines += [f"problem: {problem}" for problem in problems]
    if not problems:
        accepted = plural(len(report.accepted), "change")
        lines.append(
            f"OK: no problems found; {accepted} accepted in deck.yaml."
            if report.accepted
            else "OK: no problems found."
        )
    return lines
