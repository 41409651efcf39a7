"""Image occlusion in the real backend: Anki's own note type, its cards, its masks, updates."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from anki.collection import Collection
from click.testing import CliRunner, Result

from ankismith.cli import main
from ankismith.model import NoteKind
from ankismith.notetypes.builtin import NOTE_TYPES
from tests.anki.learner import Learner, counts
from tests.helpers import ROOT, release
from tests.helpers_anki import export_apkg, open_collection

EXAMPLE = ROOT / "examples" / "planets" / "content"
IO_ID = NOTE_TYPES[NoteKind.OCCLUSION].id


def stock(folder: Path) -> dict[str, object]:
    """Return the Image Occlusion note type Anki itself creates, in a new collection."""
    folder.mkdir(parents=True, exist_ok=True)
    col: Collection = open_collection(folder / "collection.anki2")
    try:
        col._backend.add_image_occlusion_notetype()
        (model,) = [m for m in col.models.all() if m.get("originalStockKind") == 6]
        return model
    finally:
        col.close()


def test_the_note_type_is_anki_own_image_occlusion_byte_for_byte(tmp_path: Path) -> None:
    anki = stock(tmp_path / "stock")
    learner = Learner(tmp_path / "learner")
    try:
        learner.install(release(EXAMPLE, tmp_path / "out", 1700000000))
        ours = learner.col.models.get(IO_ID)  # type: ignore[arg-type]
        assert ours is not None
        assert ours["originalStockKind"] == 6
        assert ours["type"] == anki["type"] == 1  # cloze
        assert ours["css"] == anki["css"]
        keys = ("name", "ord", "font", "size", "sticky", "rtl", "tag", "preventDeletion")
        assert [{k: f[k] for k in keys} for f in ours["flds"]] == [
            {k: f[k] for k in keys}
            for f in anki["flds"]  # type: ignore[attr-defined]
        ]
        (template,) = ours["tmpls"]
        (theirs,) = anki["tmpls"]  # type: ignore[misc]
        assert (template["name"], template["qfmt"], template["afmt"]) == (
            theirs["name"],
            theirs["qfmt"],
            theirs["afmt"],
        )
    finally:
        learner.close()


def test_each_mask_group_is_a_card_with_the_image_and_anki_shapes(tmp_path: Path) -> None:
    learner = Learner(tmp_path / "learner")
    col = learner.col
    try:
        learner.install(release(EXAMPLE, tmp_path / "out", 1700000000))
        notes = col.find_notes(f"mid:{IO_ID}")
        by_header = {col.get_note(n)["Header"]: col.get_note(n) for n in notes}
        bodies = by_header["Name the body under the mask"]
        kinds = next(n for h, n in by_header.items() if "Rocky planet" in h)
        assert len(bodies.cards()) == 6  # Sun, Mercury, Venus, Earth, Mars, Jupiter
        assert len(kinds.cards()) == 2  # the four rocky planets are one group
        for note in (bodies, kinds):
            assert note["Image"].startswith("<img ") and ".png" in note["Image"]
            for card in note.cards():
                question, answer = card.question(), card.answer()
                number = card.ord + 1
                # The backend's cloze output: the active group's shapes, for Anki's script.
                assert f'<div class="cloze" data-ordinal="{number}" data-shape=' in question
                assert f'<div class="cloze-highlight" data-ordinal="{number}"' in answer
                assert "image-occlusion-canvas" in question and "<img " in question
        first = min(bodies.cards(), key=lambda c: c.ord).question()
        assert 'data-shape="ellipse" data-left=".005" data-top=".31"' in first
        assert 'data-rx=".08" data-ry=".19" data-occludeInactive="1"' in first
        assert 'data-shape="text"' in first and 'data-text="Not&#x20;to&#x20;scale"' in first
        mars = next(c for c in bodies.cards() if c.ord == 4).question()
        assert 'data-shape="polygon"' in mars and 'data-points=".667,.41 .705,.5' in mars
        rocky = min(kinds.cards(), key=lambda c: c.ord).question()
        assert rocky.count('<div class="cloze" data-ordinal="1"') == 4
        assert "data-occludeInactive" not in rocky  # hide one, guess one
        # Anki's mask editor reads the note back: shapes, image and fields.
        opened = col._backend.get_image_occlusion_note(note_id=kinds.id)
        assert not opened.HasField("error"), opened
        shapes = opened.note.occlusions
        assert sorted(o.ordinal for o in shapes) == [1, 2]
        assert sum(len(o.shapes) for o in shapes) == 5
        assert "Rocky planet or gas giant?" in opened.note.header
    finally:
        learner.close()


def test_an_update_with_a_new_label_keeps_every_card_history(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    learner = Learner(tmp_path / "learner")
    try:
        learner.install(release(content, tmp_path / "v1", 1700000000))
        learner.review_all()
        before = learner.notes()
        card_file = content / "planets.md"
        card_file.write_text(
            card_file.read_text(encoding="utf-8").replace(": Gas giant", ": Gas giant (Jupiter)"),
            encoding="utf-8",
        )
        log = learner.install(release(content, tmp_path / "v2", 1700086400))
        assert counts(log) == (0, 2, 0, 0)  # updated, none new, none conflicting
        after = learner.notes()
        assert set(after) == set(before)
        for guid, note in after.items():
            assert note.mid == IO_ID
            assert note.cards == before[guid].cards  # same cards, same scheduling, same reviews
            assert all(card.revlog == 1 for card in note.cards)
        changed = [n for n in after.values() if "Gas giant (Jupiter)" in n.fields["Comments"]]
        assert len(changed) == 1
        assert learner.notetypes()[IO_ID] == "ankismith Image Occlusion"
    finally:
        learner.close()


def test_an_image_occlusion_note_made_in_anki_imports_as_markdown_and_builds_again(
    tmp_path: Path,
) -> None:
    occlusions = (
        "{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.1}}<br>"
        "{{c2::image-occlusion:ellipse:left=.5:top=.5:rx=.1:ry=.05}}<br>"
        "{{c2::image-occlusion:polygon:left=.6:top=.1:points=.6,.1 .7,.1 .65,.2}}<br>"
        "{{c0::image-occlusion:text:left=.45:top=.92:text=Apex\\: tip:scale=1.}}<br>"
    )
    content, done = _made_in_anki(
        tmp_path, occlusions, back_extra="Seen from the front.", tags=["anatomy"]
    )
    cards = (content / "cards.md").read_text(encoding="utf-8")
    assert "## Which part?" in cards and "type: occlusion; occlude: one" in cards
    assert "- rect 10% 20% 30% 10%: Group 1\n" in cards
    assert "- ellipse 50% 50% 20% 10%: Group 2\n" in cards
    assert "- polygon 60% 10%, 70% 10%, 65% 20%: Group 2\n" in cards
    assert "- text 45% 92%: Apex: tip\n" in cards
    assert "### Explanation\n\nSeen from the front." in cards
    assert not (content / "_notetypes").exists()  # Anki's own note type: no folder of its own
    learner = Learner(tmp_path / "learner")
    try:
        learner.install(release(content, tmp_path / "out", 1700000000))
        (note,) = learner.notes().values()
        assert note.mid == IO_ID and len(note.cards) == 2
        assert note.fields["Occlusion"] == occlusions
    finally:
        learner.close()
    assert "is Anki's Image Occlusion: its notes become 'type: occlusion' cards" in done.output


def test_push_then_pull_takes_back_extra_and_leaves_the_masks_as_written(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    collection = tmp_path / "collection.anki2"
    open_collection(collection).close()
    runner = CliRunner()
    out = ["-o", str(tmp_path / "build")]
    pushed = runner.invoke(main, ["push", str(content), "--collection", str(collection), *out])
    assert pushed.exit_code == 0, pushed.output
    pulled = runner.invoke(main, ["pull", str(content), "--collection", str(collection), *out])
    assert pulled.exit_code == 0, pulled.output
    assert "0 fields taken, 0 notes added, changed 0 files, 0 conflicts" in pulled.output
    col = open_collection(collection)
    try:
        note = col.get_note(col.find_notes("Header:Name*")[0])
        note["Back Extra"] = "<p>Mercury is the <b>closest</b>.</p>"
        note["Occlusion"] = note["Occlusion"].replace("left=.225", "left=.3")  # the mask editor
        col.update_note(note)
    finally:
        col.close()
    before = (content / "planets.md").read_text(encoding="utf-8")
    pulled = runner.invoke(main, ["pull", str(content), "--collection", str(collection), *out])
    assert pulled.exit_code == 0, pulled.output
    after = (content / "planets.md").read_text(encoding="utf-8")
    assert "Mercury is the **closest**." in after
    assert "- rect 22.5% 45% 5% 10%: Mercury" in after  # the masks stay as the Markdown says
    assert (
        after.replace(
            "Mercury is the **closest**.",
            "In order from the Sun: Mercury, Venus, Earth, Mars, then the gas giant Jupiter.",
        )
        == before
    )


MERCURY = "- rect 22.5% 45% 5% 10%: Mercury\n"


def asked(learner: Learner) -> dict[int, tuple[int, str]]:
    """Return each card of the 'bodies' note by id: its reviews and the masks it asks for."""
    col = learner.col
    (note_id,) = col.find_notes("Header:Name*")
    found = {}
    for card in col.get_note(note_id).cards():
        shapes = re.findall(
            rf'<div class="cloze" data-ordinal="{card.ord + 1}" (data-shape="[a-z]+" '
            r'data-left="[^"]*" data-top="[^"]*")',
            card.question(),
        )
        found[card.id] = (card.reps, " ".join(shapes))
    return found


def insert_comet(content: Path, label: str) -> None:
    card_file = content / "planets.md"
    text = card_file.read_text(encoding="utf-8")
    card_file.write_text(text.replace(MERCURY, f"- rect 2% 2% 5% 5%{label}\n{MERCURY}"))


def test_a_group_inserted_with_a_number_of_its_own_keeps_every_card_on_its_masks(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    learner = Learner(tmp_path / "learner")
    try:
        learner.install(release(content, tmp_path / "v1", 1700000000))
        learner.review_all()
        before = asked(learner)
        assert len(before) == 6 and all(reps == 1 and masks for reps, masks in before.values())
        insert_comet(content, " c7: Comet")
        learner.install(release(content, tmp_path / "v2", 1700086400))
        after = asked(learner)
        assert {card: after[card] for card in before} == before  # same masks, same reviews
        (new,) = set(after) - set(before)
        assert after[new] == (0, 'data-shape="rect" data-left=".02" data-top=".02"')
    finally:
        learner.close()


def test_a_group_inserted_above_others_moves_their_history_to_other_masks(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    learner = Learner(tmp_path / "learner")
    try:
        learner.install(release(content, tmp_path / "v1", 1700000000))
        learner.review_all()
        before = asked(learner)
        insert_comet(content, ": Comet")
        learner.install(release(content, tmp_path / "v2", 1700086400))
        after = asked(learner)
        moved = [card for card in before if after[card] != before[card]]
        assert len(moved) == 5  # every card from Mercury on asks for the group above it
        mercury = next(c for c, (_, masks) in before.items() if 'data-left=".225"' in masks)
        assert after[mercury] == (1, 'data-shape="rect" data-left=".02" data-top=".02"')
    finally:
        learner.close()


def test_anki_makes_one_card_per_number_and_none_for_a_gap(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    card_file = content / "planets.md"
    text = card_file.read_text(encoding="utf-8")
    card_file.write_text(text.replace(": Sun\n", " c9: Sun\n"), encoding="utf-8")
    learner = Learner(tmp_path / "learner")
    try:
        learner.install(release(content, tmp_path / "v1", 1700000000))
        (note_id,) = learner.col.find_notes("Header:Name*")
        cards = learner.col.get_note(note_id).cards()
        assert sorted(card.ord + 1 for card in cards) == [1, 2, 3, 4, 5, 9]
    finally:
        learner.close()


def test_a_removed_group_leaves_learners_its_card_empty_with_its_history(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    learner = Learner(tmp_path / "learner")
    try:
        learner.install(release(content, tmp_path / "v1", 1700000000))
        learner.review_all()
        before = asked(learner)
        card_file = content / "planets.md"
        text = card_file.read_text(encoding="utf-8")
        card_file.write_text(text.replace("- ellipse 81.25% 34% 13% 32%: Jupiter\n", ""))
        learner.install(release(content, tmp_path / "v2", 1700086400))
        after = asked(learner)
        assert set(after) == set(before)  # Anki deletes no card on import
        (jupiter,) = [card for card in before if after[card] != before[card]]
        assert after[jupiter] == (1, "")  # its reviews kept, no mask to ask
        assert "No cloze \u20686\u2069 found on card" in learner.col.get_card(jupiter).question()
    finally:
        learner.close()


def test_a_note_numbered_out_of_order_in_anki_imports_and_builds_the_same_cards(
    tmp_path: Path,
) -> None:
    occlusions = (
        "{{c3::image-occlusion:rect:left=.1:top=.2:width=.3:height=.1:oi=1}}<br>"
        "{{c1::image-occlusion:ellipse:left=.5:top=.5:rx=.1:ry=.05:oi=1}}<br>"
    )
    content, _ = _made_in_anki(tmp_path, occlusions)
    cards = (content / "cards.md").read_text(encoding="utf-8")
    assert "- rect 10% 20% 30% 10% c3: Group 3\n- ellipse 50% 50% 20% 10% c1: Group 1\n" in cards
    learner = Learner(tmp_path / "learner")
    try:
        learner.install(release(content, tmp_path / "out", 1700000000))
        (note,) = learner.notes().values()
        assert [card.ord + 1 for card in note.cards] == [1, 3]
        assert note.fields["Occlusion"] == occlusions
    finally:
        learner.close()


def _made_in_anki(
    tmp_path: Path, occlusions: str, back_extra: str = "", tags: Sequence[str] = ()
) -> tuple[Path, Result]:
    """Make one note of Anki's own Image Occlusion note type in Anki, export it, import it.

    Return the content folder the import wrote and the import's result.
    """
    (tmp_path / "author").mkdir()
    col = open_collection(tmp_path / "author" / "collection.anki2")
    try:
        col._backend.add_image_occlusion_notetype()
        (model,) = [m for m in col.models.all() if m.get("originalStockKind") == 6]
        col.add_image_occlusion_note(
            notetype_id=model["id"],
            image_path=str(EXAMPLE / "_media" / "planets.png"),
            occlusions=occlusions,
            header="Which part?",
            back_extra=back_extra,
            tags=list(tags),
        )
        apkg = export_apkg(col, col.decks.id("Default"), tmp_path / "made-in-anki.apkg")
    finally:
        col.close()
    content = tmp_path / "content"
    done = CliRunner().invoke(main, ["import", str(apkg), "-o", str(content)])
    assert done.exit_code == 0, done.output
    return content, done
