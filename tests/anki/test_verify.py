"""``ankismith verify``: packages checked in a throwaway real Anki collection."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import msgspec.structs
import pytest
from click.testing import CliRunner

from ankismith.cli import main
from ankismith.model import NoteKind
from ankismith.notetypes.builtin import NOTE_TYPES
from ankismith.verify.verdict import front_problem
from tests.helpers import LORA_CARD, SAMPLE, WriteTree, copy_sample, release
from tests.helpers_anki import export_apkg, open_collection

V1, V2 = 1700000000, 1700086400


@pytest.fixture(name="sample_builds", scope="module")
def _sample_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    """Two releases of the sample deck, a day apart, one answer corrected; its number of notes."""
    tmp = tmp_path_factory.mktemp("sample")
    edited = copy_sample(tmp / "content")
    card = edited / "fundamentals.md"
    card.write_text(card.read_text().replace("**Fine-tuning.**", "**Fine-tuning**, corrected."))
    old, new = release(SAMPLE, tmp / "v1", V1), release(edited, tmp / "v2", V2)
    notes = len(re.findall(r"^## ", "".join(p.read_text() for p in SAMPLE.rglob("*.md")), re.M))
    return old, new, notes


def verify(*args: Path | str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["verify", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def test_sample_deck_passes(sample_builds: tuple[Path, Path, int]) -> None:
    old, _, notes = sample_builds
    code, out, err = verify(old)
    assert (code, err) == (0, ""), out
    first = out.splitlines()[0]
    assert re.fullmatch(
        rf"{old}: {notes} notes, \d+ cards imported; built 2023-11-14 22:13 UTC", first
    )
    assert out.endswith("OK: no problems found.\n")


def test_against_the_previous_release_reports_updates_and_kept_history(
    sample_builds: tuple[Path, Path, int],
) -> None:
    old, new, notes = sample_builds
    code, out, err = verify(new, "--against", old)
    assert (code, err) == (0, ""), out
    lines = out.splitlines()
    assert lines[1].startswith(
        f"as an update of {old} (built 2023-11-14 22:13 UTC), after reviewing its "
    )
    assert lines[2] == f"  0 new, {notes} updated, 0 unchanged, 0 conflicting"
    reviewed = re.search(r"reviewing its (\d+) cards", lines[1])
    assert reviewed and lines[3] == f"  review history kept: {reviewed[1]} of {reviewed[1]} cards"
    assert lines[4:] == ["OK: no problems found."]


def test_the_same_build_again_fails_as_the_release_rules_say(
    sample_builds: tuple[Path, Path, int],
) -> None:
    old, _, notes = sample_builds
    code, out, err = verify(old, "--against", old)
    assert code == 1
    assert f"  0 new, 0 updated, {notes} unchanged, 0 conflicting" in out
    (problem,) = [line for line in out.splitlines() if line.startswith("problem: ")]
    assert problem.startswith("problem: nothing to release: no note was added, and no note")
    assert problem.endswith("[nothing-new]")
    assert err == f"Error: {old}: 1 problem found\n"


def test_front_hidden_by_a_template_override_is_refused_before_verify(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    # A field inside <style> is never shown (and its text could end the element): build refuses
    # the override, so no such package reaches verify.
    content = write_tree(
        {"a.md": LORA_CARD, "_templates/basic/front.html": "<style>{{Question}}</style>"}
    )
    result = CliRunner().invoke(main, ["build", str(content), "-o", str(tmp_path / "d.apkg")])
    assert result.exit_code == 1
    assert "front.html:1: <style>: CSS belongs in the note type's stylesheet" in result.output
    assert not (tmp_path / "d.apkg").exists()


def test_hand_made_deck_with_blank_front_and_missing_media_fails(tmp_path: Path) -> None:
    col = open_collection(tmp_path / "author.anki2")
    models = col.models
    blank = models.copy(models.by_name("Basic"), add=False)  # type: ignore[arg-type]
    blank["name"], blank["tmpls"][0]["qfmt"] = "Back only", "{{Back}}"
    models.add_dict(blank)
    deck = col.decks.id("Hand made")
    assert deck is not None
    for model, front, back in [
        ("Basic", '<img src="gone.png"> Which sound? [sound:gone.mp3]', "a bell"),
        ("Back only", "Asked nothing", ""),
        ("Basic", '<img src="https://example.org/remote.png">', "a remote picture is fine"),
    ]:
        note = col.new_note(models.by_name(model))  # type: ignore[arg-type]
        note["Front"], note["Back"] = front, back
        col.add_note(note, deck)
    apkg = export_apkg(col, deck, tmp_path / "hand-made.apkg")
    col.close()
    code, out, err = verify(apkg)
    assert code == 1
    assert out.splitlines()[1:] == [
        "problem: note 'Asked nothing': front renders blank",
        "problem: missing media file 'gone.mp3' (used by note 'Which sound? [sound:gone.mp3]')",
        "problem: missing media file 'gone.png' (used by note 'Which sound? [sound:gone.mp3]')",
    ]
    assert out.startswith(f"{apkg}: 3 notes, 3 cards imported; built ")
    assert err == f"Error: {apkg}: 3 problems found\n"


def test_renamed_template_is_a_copied_note_type_and_conflicting_notes(
    write_tree: WriteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_tree({"a.md": LORA_CARD})
    old = release(content, tmp_path / "v1", V1)
    basic = NOTE_TYPES[NoteKind.BASIC]
    renamed = msgspec.structs.replace(basic.templates[0], name="Recall")
    monkeypatch.setitem(
        NOTE_TYPES, NoteKind.BASIC, msgspec.structs.replace(basic, templates=(renamed,))
    )
    code, out, err = verify(release(content, tmp_path / "v2", V2), "--against", old)
    assert code == 1
    assert "  0 new, 0 updated, 0 unchanged, 1 conflicting" in out
    problems = [line for line in out.splitlines() if line.startswith("problem: ")]
    assert problems[0] == "problem: 1 note conflicting: the note type changed shape, so not updated"
    assert re.fullmatch(r"problem: note type copied as 'ankismith Basic.+'", problems[1])
    assert problems[2].startswith("problem: note type 'ankismith Basic' (")
    assert problems[2].endswith("[schema-changed]")
    assert len(problems) == 3
    assert err.endswith(": 3 problems found\n")


def test_without_anki_installed_says_what_to_install(
    tmp_path: Path, write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    apkg = release(write_tree({"a.md": LORA_CARD}), tmp_path, V1)
    for name in [m for m in sys.modules if m == "anki" or m.startswith("anki.")]:
        monkeypatch.setitem(sys.modules, name, None)
    code, out, err = verify(apkg)
    assert (code, out) == (1, "")
    assert err == "Error: verify needs Anki's Python package: pip install 'ankismith[verify]'\n"


def test_a_file_anki_cannot_read_is_an_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.apkg"
    junk.write_bytes(b"not a zip")
    code, out, err = verify(junk)
    assert (code, out) == (1, "")
    assert err == f"Error: {junk}: not a zip archive, so not an .apkg\n"


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<style>.card{}</style><p>Q?</p>", None),
        ("<style>.card{}</style><div> &nbsp; <!-- x --> </div>", "front renders blank"),
        ('<style>.card{}</style><img src="diagram.png">', None),
        ("<style>.card{}</style>[sound:bell.mp3]", None),
        (
            "<div>The front of this card is blank.<br><a href='https://docs.ankiweb.net/templates/"
            "errors.html#front-of-card-is-blank'>More information</a></div>",
            "front renders blank",
        ),
        (
            "<div>Found '{{Frnt}}', but there is no field called 'Frnt'<br><a href='https://docs."
            "ankiweb.net/templates/errors.html#no-such-field'>More information</a></div>",
            "template error: Found '{{Frnt}}', but there is no field called 'Frnt' More information",
        ),
    ],
)
def test_front_problem(html: str, problem: str | None) -> None:
    assert front_problem(html) == problem


def test_script_in_what_anki_renders_fails(tmp_path: Path) -> None:
    col = open_collection(tmp_path / "author.anki2")
    models = col.models
    deck = col.decks.id("Hostile")
    assert deck is not None
    for front, back in [
        ("<b onmouseover=alert(1)>Which?</b>", "fine"),
        ("Fine?", "<script>alert(2)</script>yes"),
        ("Link?", '<a href=" JaVa&#x09;Script:alert(3)">here</a>'),
        ("Plain?", "plain"),
    ]:
        note = col.new_note(models.by_name("Basic"))  # type: ignore[arg-type]
        note["Front"], note["Back"] = front, back
        col.add_note(note, deck)
    apkg = export_apkg(col, deck, tmp_path / "hostile.apkg")
    col.close()
    code, out, _ = verify(apkg)
    assert code == 1
    problems = [line for line in out.splitlines() if line.startswith("problem:")]
    assert problems == [
        "problem: note 'Which?': front could run script: event handler 'onmouseover' on <b>",
        "problem: note 'Which?': back could run script: event handler 'onmouseover' on <b>",
        "problem: note 'Fine?': back could run script: a <script> that ankismith did not write",
        "problem: note 'Link?': back could run script: ' JaVa\tScript:alert(3)' in href of <a>",
    ]


def test_our_own_choice_script_is_not_a_problem(sample_builds: tuple[Path, Path, int]) -> None:
    code, out, _ = verify(sample_builds[1])
    assert code == 0 and "could run script" not in out


def test_a_renamed_card_id_fails_by_the_rule_and_by_what_anki_shows(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    content = write_tree({"a.md": LORA_CARD})
    old = release(content, tmp_path / "v1", V1)
    (content / "a.md").write_text(LORA_CARD.replace("id: lora", "id: lora-definition"))
    code, out, err = verify(release(content, tmp_path / "v2", V2), "--against", old)
    assert code == 1
    assert "  1 new, 0 updated, 0 unchanged, 0 conflicting" in out
    problems = [line for line in out.splitlines() if line.startswith("problem: ")]
    assert problems == [
        "problem: 'lora-definition': arrives as a new card at 0 reviews, beside the learner's "
        "card with the same question",
        "problem: card 'lora' is back under the new id 'lora-definition' with the same question "
        "and answer: learners get a duplicate at 0 reviews beside the old card and its history. "
        "Keep the old id: <!-- id: lora -->. [id-renamed]",
    ]
    assert err.endswith(": 2 problems found\n")


def test_a_move_deck_yaml_accepts_passes_verify_and_says_so(tmp_path: Path) -> None:
    old_content = copy_sample(tmp_path / "old")
    settings = old_content / "deck.yaml"
    settings.write_text(settings.read_text() + "version: '1.2.0'\n")
    new_content = copy_sample(tmp_path / "new")
    (new_content / "Alignment" / "instruction-tuning.md").rename(
        new_content / "Training" / "instruction-tuning.md"
    )
    accept = "release:\n  after: v1.2.0\n  accept:\n    card-moved: [{cards}]\n"
    cards = "cloze-sft-loss-mask, instruction-tuning, typein-sft"
    (new_content / "deck.yaml").write_text(settings.read_text() + accept.format(cards=cards))
    old, new = release(old_content, tmp_path / "v1", V1), release(new_content, tmp_path / "v2", V2)
    code, out, err = verify(new, "--against", old, "--content", new_content)
    assert (code, err) == (0, ""), out
    assert re.search(r"^accepted: cards 'cloze-sft-loss-mask', .* \[card-moved\]$", out, re.M)
    assert out.endswith("OK: no problems found; 1 change accepted in deck.yaml.\n")
    (new_content / "deck.yaml").write_text(settings.read_text() + accept.format(cards="typein-sft"))
    code, out, err = verify(new, "--against", old, "--content", new_content)
    assert code == 1
    assert re.search(
        r"^problem: cards 'cloze-sft-loss-mask', 'instruction-tuning' moved", out, re.M
    )
    assert err == f"Error: {new}: 1 problem found\n"


def _hand_made(tmp_path: Path, name: str, front: str, back: str, fields: dict[str, str]) -> Path:
    col = open_collection(tmp_path / f"{name}.anki2")
    models = col.models
    model = models.new(name)
    for field in fields:
        models.add_field(model, models.new_field(field))
    template = models.new_template("Card")
    template["qfmt"], template["afmt"] = front, back
    models.add_template(model, template)
    models.add(model)
    deck = col.decks.id(name)
    assert deck is not None
    note = col.new_note(model)
    for field, value in fields.items():
        note[field] = value
    col.add_note(note, deck)
    apkg = export_apkg(col, deck, tmp_path / f"{name}.apkg")
    col.close()
    return apkg


def test_ankis_own_hint_link_passes(tmp_path: Path) -> None:
    apkg = _hand_made(
        tmp_path, "Hinted", "{{Q}}{{hint:H}}", "{{FrontSide}}<hr>{{Q}}", {"Q": "q", "H": "h"}
    )
    code, out, _ = verify(apkg)
    assert code == 0, out


def test_a_front_left_open_is_judged_with_the_back_that_closes_it(tmp_path: Path) -> None:
    # Alone, the front's unfinished tag is dropped; on the back, {{FrontSide}} is followed by
    # text that finishes it into a live handler.
    apkg = _hand_made(
        tmp_path,
        "Open",
        '{{Q}}<img src="x.png" title="',
        '{{FrontSide}}" onerror="alert(1)">{{Q}}',
        {"Q": "q"},
    )
    code, out, _ = verify(apkg)
    assert code == 1
    assert "back could run script: event handler 'onerror' on <img>" in out


def test_a_note_types_script_passes_only_when_opted_in(tmp_path: Path) -> None:
    apkg = _hand_made(
        tmp_path, "Occlusion", "{{Q}}<script>draw()</script>", "{{FrontSide}}", {"Q": "q"}
    )
    code, out, _ = verify(apkg)
    assert code == 1 and "a <script> that ankismith did not write" in out
    code, out, _ = verify(apkg, "--scripts", "Occlusion")
    assert code == 0, out
    content = tmp_path / "content"
    content.mkdir()
    (content / "deck.yaml").write_text("name: Occlusion\nid: occ-7f3k2q\nscripts: [Occlusion]\n")
    code, out, _ = verify(apkg, "--content", content)
    assert code == 0, out
    (content / "deck.yaml").write_text("name: Occlusion\nid: occ-7f3k2q\nscripts: [Other]\n")
    code, out, _ = verify(apkg, "--content", content)
    assert code == 1 and "a <script> that ankismith did not write" in out
