"""Import a package into a throwaway Anki collection and check what learners would get.

This needs Anki's own Python package (``pip install 'ankismith[verify]'``). It is imported only
inside these functions, so the rest of ankismith works without it.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ankismith.apkg.reader import check_package, read_package
from ankismith.errors import BuildError
from ankismith.parse.settings import ReleaseAcceptance
from ankismith.release.accept import judge
from ankismith.text import visible_text
from ankismith.verify.verdict import (
    DeckCheck,
    UpdateCheck,
    VerifyReport,
    active_problems,
    front_problem,
)

if TYPE_CHECKING:
    from anki.collection import Collection
    from anki.dbproxy import DBProxy
    from anki.import_export_pb2 import ImportResponse
    from anki.notes import Note

INSTALL_HINT = "verify needs Anki's Python package: pip install 'ankismith[verify]'"
# "Easy" turns a new card into a review card with an interval, the state worth protecting.
EASY: Literal[4] = 4


@contextlib.contextmanager
def _collection() -> Iterator[Collection]:
    """Yield an empty collection in a temporary directory, removed afterwards."""
    try:
        from anki.collection import Collection
    except ImportError:
        raise BuildError(INSTALL_HINT) from None
    with tempfile.TemporaryDirectory(prefix="ankismith-verify-") as folder:
        col = Collection(str(Path(folder, "collection.anki2")))
        try:
            yield col
        finally:
            col.close()


def import_package(col: Collection, apkg: Path) -> ImportResponse.Log:
    """Import with Anki's default options (update notes and note types if newer, no merging)."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.errors import BackendError

    options = ImportAnkiPackageOptions(with_scheduling=True)
    request = ImportAnkiPackageRequest(package_path=str(apkg), options=options)
    try:
        return col.import_anki_package(request).log
    except BackendError as exc:
        raise BuildError(f"{apkg}: Anki cannot import it: {exc}") from None


def _name(note: Note) -> str:
    """Name a note for the report: its Id field if it has one, else its first field."""
    if card_id := dict(note.items()).get("Id"):
        return f"'{card_id}'"
    first = visible_text(note.fields[0]) if note.fields else ""
    return f"note '{first[:40]}'"


def _question(fields: Sequence[str]) -> str:
    """Return what a note asks, as a learner reads it: its first field's visible text."""
    return visible_text(fields[0]) if fields else ""


def _db(col: Collection) -> DBProxy:
    assert col.db is not None, "the collection is open"
    return col.db


def _newest(col: Collection) -> int:
    return int(_db(col).scalar("select coalesce(max(mod), 0) from notes"))


def check_deck(
    col: Collection,
    log: ImportResponse.Log,
    scripts: frozenset[str] = frozenset(),
    absent: frozenset[str] = frozenset(),
) -> DeckCheck:
    """Render every card's sides and look for media the fields use but the package lacks.

    Each side is judged as a browser parses it; the note types named in ``scripts`` (the
    deck's opt-in) may keep their own scripts. Media named in ``absent`` (deck.yaml
    ``absent_media``: files the deck never held) are not looked for.
    """
    problems: list[str] = []
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        try:
            question, answer = card.question(), card.answer()
            opted = card.note_type()["name"] in scripts
            found = [front_problem(question)]
            found += active_problems("front", question, opted)
            found += active_problems("back", answer, opted)
        except Exception as exc:  # a failing template must be reported, whatever it raises
            found = [f"rendering the card fails: {exc}"]
        problems += [f"{_name(card.note())}: {problem}" for problem in found if problem]
    orphans = _db(col).list("select id from notes where id not in (select nid from cards)")
    problems += [f"{_name(col.get_note(n))}: has no card; learners never see it" for n in orphans]
    media = col.media.check()
    if media.missing:
        users = ", ".join(sorted(_name(col.get_note(nid)) for nid in media.missing_media_notes))
        problems += [
            f"missing media file '{name}' (used by {users})"
            for name in media.missing
            if name not in absent
        ]
    return DeckCheck(
        notes=len(log.new),
        cards=col.card_count(),
        problems=tuple(problems),
        timestamp=_newest(col),
        notetypes=frozenset(_db(col).list("select distinct mid from notes")),
    )


def _review_everything(col: Collection) -> dict[int, int]:
    """Answer every card once through the scheduler; return each card's revlog count."""
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        card.start_timer()
        col.sched.answerCard(card, EASY)
    rows: list[Any] = _db(col).all("select cid, count() from revlog group by cid")
    return {int(card_id): int(count) for card_id, count in rows}


def _lost_history(col: Collection, reviews: dict[int, int]) -> list[str]:
    """Name every reviewed card that is gone, back to new, or missing review log entries."""
    lost: list[str] = []
    for card_id, count in sorted(reviews.items()):
        row = _db(col).first("select nid, type, queue from cards where id = ?", card_id)
        kept = _db(col).scalar("select count() from revlog where cid = ?", card_id)
        if row is None or row[1] == 0 or row[2] == 0 or kept < count:
            name = _name(col.get_note(row[0])) if row else f"card {card_id} (deleted)"
            lost.append(name)
    return lost


def check_update(old: Path, deck: Path, deck_check: DeckCheck) -> UpdateCheck:
    """Import ``old``, review every card, import ``deck``; report what the learner would see."""
    with _collection() as col:
        import_package(col, old)
        old_time = _newest(col)
        reviews = _review_everything(col)
        before = {nt.id for nt in col.models.all_names_and_ids()}
        asked = {_question(col.get_note(nid).fields) for nid in col.find_notes("")}
        log = import_package(col, deck)
        copies = [
            nt.name
            for nt in col.models.all_names_and_ids()
            if nt.id not in before and nt.id not in deck_check.notetypes
        ]
        return UpdateCheck(
            new=len(log.new),
            updated=len(log.updated),
            duplicate=len(log.duplicate),
            conflicting=len(log.conflicting),
            reviewed=len(reviews),
            lost_history=tuple(_lost_history(col, reviews)),
            copied_notetypes=tuple(sorted(copies)),
            timestamp=old_time,
            duplicates=tuple(
                sorted(
                    _name(col.get_note(n.id.nid)) for n in log.new if _question(n.fields) in asked
                )
            ),
        )


def verify(
    deck: Path,
    against: Path | None = None,
    acceptance: ReleaseAcceptance | None = None,
    scripts: frozenset[str] = frozenset(),
    absent: frozenset[str] = frozenset(),
    elsewhere: Mapping[str, str] | None = None,
) -> VerifyReport:
    """Check ``deck`` alone, then (with ``against``) as an update over a reviewed ``against``.

    With ``against`` it also runs the release rules, the same as ``diff --check``, with what
    ``acceptance`` (deck.yaml's ``release:``) accepts set aside. ``scripts`` names the note
    types whose own scripts the deck opted into; ``absent`` the media it never held;
    ``elsewhere`` maps the GUIDs of the project's other decks' packages to their key.
    """
    for package in (deck, against) if against is not None else (deck,):
        check_package(package)  # the limits diff applies: no zip bomb reaches Anki
    with _collection() as col:
        deck_check = check_deck(col, import_package(col, deck), scripts, absent)
    update = check_update(against, deck, deck_check) if against is not None else None
    judged = (
        judge(read_package(against), read_package(deck), acceptance, (), elsewhere)
        if against
        else None
    )
    return VerifyReport(
        deck=str(deck),
        against=str(against) if against else None,
        check=deck_check,
        update=update,
        release=tuple(str(problem) for problem in judged.problems) if judged else (),
        accepted=tuple(str(problem) for problem in judged.accepted) if judged else (),
        notes=judged.notes if judged else (),
    )
