"""The sample decks in examples/: each builds cleanly and works in real Anki.

``make deck`` builds only content/; these tests are what builds and verifies the others.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.cli import main
from ankismith.parse.notetypes import custom_id
from tests.helpers import ROOT, release, text
from tests.helpers_anki import install

EXAMPLES = sorted(path.parent for path in (ROOT / "examples").glob("*/content/deck.yaml"))
STATES = ROOT / "examples" / "bundeslaender" / "content"


def headings(content: Path) -> int:
    return sum(
        len(re.findall(r"^## ", path.read_text(encoding="utf-8"), re.M))
        for path in content.rglob("*.md")
        if not any(part.startswith(("_", ".")) for part in path.relative_to(content).parts)
    )


@pytest.mark.parametrize("content", EXAMPLES, ids=lambda path: path.parent.name)
def test_an_example_checks_strictly_and_verifies_in_real_anki(
    content: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    checked = runner.invoke(main, ["check", "--strict", str(content)])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith("No problems: 0 errors, 0 warnings")
    apkg = release(content, tmp_path, 1700000000)
    verified = runner.invoke(main, ["verify", str(apkg)])
    assert verified.exit_code == 0, verified.output
    assert f": {headings(content)} notes, " in verified.stdout


def test_the_federal_states_deck_uses_its_note_type_images_and_german_labels(
    tmp_path: Path,
) -> None:
    assert STATES in EXAMPLES
    col = install(release(STATES, tmp_path / "out", 1700000000), tmp_path / "col")
    try:
        model = col.models.get(custom_id("bundesland-v1"))  # type: ignore[arg-type]
        assert model is not None
        assert [f["name"] for f in model["flds"]] == [
            "Land",
            "Hauptstadt",
            "Lage",
            "Landesfarben",
            "Merkmal",
        ]
        assert [t["name"] for t in model["tmpls"]] == [
            "Land → Hauptstadt",
            "Hauptstadt → Land",
            "Lage → Land",
        ]
        states = col.find_notes(f"mid:{model['id']}")
        assert len(states) == 16
        media = Path(col.media.dir())
        for note_id in states:
            note = col.get_note(note_id)
            cards = sorted(note.cards(), key=lambda c: c.ord)
            assert len(cards) == 3
            for field in ("Lage", "Landesfarben"):
                (name,) = re.findall(r'src="([^"]+\.svg)"', note[field])
                assert (media / name).read_bytes().startswith(b"<svg")
            capital, state, place = (
                (text(c.question()), text(c.answer()), c.answer()) for c in cards
            )
            assert capital[0] == f"Was ist die Hauptstadt von {note['Land']}"
            assert f"Antwort {note['Hauptstadt']}" in capital[1]
            assert state[0].endswith(note["Hauptstadt"]) and note["Land"] in state[1]
            assert '<img alt="Lage von' in place[2] and 'lang="de" dir="ltr"' in place[2]
        (overview,) = col.find_notes("Id:anzahl")
        back = col.get_note(overview).cards()[0].answer()
        assert '<p class="label">Antwort</p>' in back and '<p class="label">Erklärung</p>' in back
    finally:
        col.close()
