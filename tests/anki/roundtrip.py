"""The migration round trip in real Anki: a learner's collection, then import, build, update.

A learner imports the original package and reviews every card; ``ankismith import`` turns the
package into a project; its build is imported over the learner's collection. Test files for
package formats and note types share this one walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from anki.collection import Collection
from anki.decks import DeckId
from click.testing import CliRunner

from ankismith.cli import main
from tests.anki.learner import Learner, counts
from tests.helpers import release, text

VOCAB_TEMPLATES = (
    ("Recognise", "{{Word}}", "{{FrontSide}}<hr id=answer>{{Meaning}}<br>{{Example}}"),
    ("Recall", "{{Meaning}}", '{{FrontSide}}<hr id=answer>{{Word}}<img src="_seal.png">'),
    ("Listen", "{{#Audio}}{{Audio}}{{/Audio}}", "{{FrontSide}}<hr id=answer>{{Word}}"),
)


def add_vocab_type(col: Collection) -> None:
    """Add a note type with four fields and three templates, one of them conditional."""
    models = col.models
    model = models.new("Vocab")
    for name in ("Word", "Meaning", "Example", "Audio"):
        models.add_field(model, models.new_field(name))
    for name, front, back in VOCAB_TEMPLATES:
        template = models.new_template(name)
        template["qfmt"], template["afmt"] = front, back
        models.add_template(model, template)
    model["css"] = ".card { font-family: serif; }\n.nightMode .card { color: #eee; }\n"
    models.add(model)
    col.media.write_data("_seal.png", b"\x89PNG\r\n\x1a\n seal")


def add(col: Collection, notetype: str, deck: str, tags: list[str], **fields: str) -> None:
    """Add one note of ``notetype`` to ``deck``."""
    model = col.models.by_name(notetype)
    assert model is not None, notetype
    note = col.new_note(model)
    for name, value in fields.items():
        note[name] = value
    note.tags = tags
    col.add_note(note, col.decks.id(deck) or DeckId(1))


REBUILD = 1800000000
"""The rebuilt deck's time: after every original, so its notes update the learner's."""


@dataclass(frozen=True)
class Trip:
    """What the round trip leaves: the learner (open), the project and the rebuilt package."""

    learner: Learner
    content: Path
    apkg: Path
    log: tuple[int, int, int, int]
    """(new, updated, duplicate, conflicting) when the rebuilt package was imported."""


def bare(html: str) -> str:
    """Return the visible text of card HTML with no whitespace at all ("whitespace aside")."""
    return "".join(text(html).split())


def rendered(learner: Learner) -> dict[tuple[str, int], tuple[str, str]]:
    """Return every card's visible question and answer text, by (note GUID, template ord)."""
    col = learner.col
    out = {}
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        out[(card.note().guid, card.ord)] = (bare(card.question()), bare(card.answer()))
    return out


def import_cli(package: Path, content: Path, *options: str) -> str:
    """Run ``ankismith import``; return its output (stderr included)."""
    result = CliRunner().invoke(main, ["import", str(package), "-o", str(content), *options])
    assert result.exit_code == 0, result.output
    return result.output


def round_trip(original: Path, tmp: Path, learner: Learner | None = None) -> Trip:
    """Walk the migration and assert what it promises learners; return the state for more.

    The learner imports ``original`` and reviews every card, unless ``learner`` is given: a
    collection that already holds (and has reviewed) the original's notes.
    """
    if learner is None:
        learner = Learner(tmp / "learner")
        assert counts(learner.install(original))[0] > 0
        learner.review_all()
    before, shown, types = learner.notes(), rendered(learner), learner.notetypes()
    content = tmp / "project"
    import_cli(original, content)
    apkg = release(content, tmp / "rebuilt", REBUILD)
    log = counts(learner.install(apkg))
    new, _, _, conflicting = log
    assert (new, conflicting) == (0, 0), log
    assert learner.notetypes() == types, "a note type was copied"
    after = learner.notes()
    assert after.keys() == before.keys()
    for guid, note in before.items():
        assert after[guid].mid == note.mid
        assert after[guid].cards == note.cards, f"{guid}: scheduling changed"
    now = rendered(learner)
    assert now.keys() == shown.keys()
    differ = {key: (shown[key], now[key]) for key in shown if shown[key] != now[key]}
    assert not differ, differ
    return Trip(learner, content, apkg, log)


def second_release(trip: Trip, tmp: Path, old: str, new: str) -> None:
    """Edit one card's text in the project, release again: that one note updates in place."""
    files = [p for p in trip.content.rglob("*.md") if old in p.read_text(encoding="utf-8")]
    assert len(files) == 1, files
    files[0].write_text(files[0].read_text(encoding="utf-8").replace(old, new, 1), "utf-8")
    before = trip.learner.notes()
    apkg = release(trip.content, tmp / "second", REBUILD + 86400)
    new_notes, _, _, conflicting = counts(trip.learner.install(apkg))
    assert (new_notes, conflicting) == (0, 0)
    after = trip.learner.notes()
    changed = [g for g in before if before[g].fields != after[g].fields]
    assert len(changed) == 1, changed
    assert any(new in value for value in after[changed[0]].fields.values())
    assert after[changed[0]].cards == before[changed[0]].cards
