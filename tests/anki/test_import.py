"""``ankismith import``: bad input refused with nothing written, the output folder guarded."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import zstandard
from click.testing import CliRunner

from ankismith.apkg.contents import NoteInfo
from ankismith.apkg.reader import Limits
from ankismith.cli import main
from ankismith.errors import PackageError
from ankismith.importing import layout
from ankismith.importing.cards import CardWriter, wanted_id
from ankismith.importing.readers import read_source
from ankismith.model import NoteKind
from tests.anki.roundtrip import add, add_vocab_type
from tests.helpers import EPOCH, LORA_CARD, WriteTree, release
from tests.helpers_anki import export_apkg, open_collection


@pytest.fixture(name="built")
def _built(write_tree: WriteTree, tmp_path: Path) -> Path:
    """Return a one-card package built by ankismith."""
    return release(write_tree({"a.md": LORA_CARD}), tmp_path / "built", EPOCH)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", *args])
    return result.exit_code, result.stdout, result.stderr


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_one_card_comes_back(built: Path, tmp_path: Path) -> None:
    code, out, err = run(str(built), "-o", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    assert (
        out
        == f"Imported 1 note into {tmp_path / 'out'}: 1 card file, 0 note types, 0 media files\n"
    )
    text = (tmp_path / "out" / "a.md").read_text(encoding="utf-8")
    assert text.startswith("# Test Deck\n\n## What is LoRA?\n<!-- id: lora; guid: ")
    assert text.endswith("### Answer\n\nLow-rank adaptation.\n")
    assert listing(tmp_path / "out") == ["a.md", "deck.yaml"]


def test_not_empty_output_is_refused_unless_forced(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "mine").mkdir(parents=True)
    (out / "mine" / "notes.md").write_text("keep me", encoding="utf-8")
    code, _, err = run(str(built), "-o", str(out))
    assert code == 1
    assert err == f"Error: {out}: not empty; choose an empty folder, or --force to replace it\n"
    assert listing(out) == ["mine", "mine/notes.md"]
    code, _, err = run(str(built), "-o", str(out), "--force")
    assert (code, err) == (0, "")
    assert listing(out) == ["a.md", "deck.yaml"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_that_is_a_file(built: Path, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    code, _, err = run(str(built), "-o", str(target), "--force")
    assert code == 1 and "is a file, not a folder" in err
    assert target.read_text(encoding="utf-8") == "x"


def bad_package(path: Path, kind: str, built: Path) -> Path:
    if kind == "text":
        path.write_text("not a zip", encoding="utf-8")
    elif kind == "truncated":
        path.write_bytes(built.read_bytes()[: built.stat().st_size // 2])
    elif kind == "no-collection":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("media", "{}")
    elif kind == "bad-zstd":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("collection.anki21b", b"\x28\xb5\x2f\xfd garbage")
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("text", "not a zip archive, so not an .apkg"),
        ("truncated", "not a zip archive, so not an .apkg"),
        ("no-collection", "no collection.anki2 inside: not an Anki package"),
        ("bad-zstd", "entry 'collection.anki21b' is not valid zstd data"),
    ],
)
def test_bad_packages_write_nothing(built: Path, tmp_path: Path, kind: str, message: str) -> None:
    package = bad_package(tmp_path / f"{kind}.apkg", kind, built)
    code, _, err = run(str(package), "-o", str(tmp_path / "out"))
    assert code == 1
    assert err.startswith(f"Error: {package}: {message}")
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_path_in_no_known_format_is_refused_naming_the_formats(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Q: what?", encoding="utf-8")
    code, _, err = run(str(notes), "-o", str(tmp_path / "out"))
    assert (code, err) == (
        1,
        f"Error: {notes}: not a deck ankismith can import: it reads a CrowdAnki export folder "
        "(with deck.json) or an Anki package (.apkg or .colpkg)\n",
    )
    assert not (tmp_path / "out").exists()


def test_huge_package_is_refused(built: Path, tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="more than the 100-byte limit"):
        read_source(built, Limits(file=100))


def test_zstd_bomb_is_stopped_at_the_limit(tmp_path: Path) -> None:
    bomb = zstandard.ZstdCompressor().compress(bytes(5 * 1024 * 1024))
    package = tmp_path / "bomb.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("collection.anki21b", bomb)

    with pytest.raises(PackageError, match="decompresses beyond 1048576 bytes"):
        read_source(package, Limits(entry=1024 * 1024))


def test_media_names_outside_the_output_are_never_written(built: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(built) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries["media"] = json.dumps({"0": "../../escape.png", "1": "ok.png"}).encode()
    entries["0"], entries["1"] = b"evil", b"fine"
    package = tmp_path / "evil.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    code, _, _ = run(str(package), "-o", str(tmp_path / "deep" / "out"))
    assert code == 0
    assert (
        not (tmp_path / "escape.png").exists() and not (tmp_path / "deep" / "escape.png").exists()
    )
    assert "escape" not in " ".join(listing(tmp_path / "deep"))


def test_problems_are_reported_at_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "author").mkdir()
    col = open_collection(tmp_path / "author" / "collection.anki2")
    try:
        add_vocab_type(col)
        add(
            col,
            "Basic",
            "Deck",
            [],
            Front="Q<script>alert(1)</script>",
            Back='<img src="gone.png">',
        )
        deck = col.decks.id("Deck")
        assert deck is not None
        package = export_apkg(col, deck, tmp_path / "deck.apkg", legacy=False)
    finally:
        col.close()
    out = tmp_path / "out"
    code, _, err = run(str(package), "-o", str(out))
    assert code == 0
    lines = (out / "cards.md").read_text(encoding="utf-8").splitlines()
    assert err.splitlines() == [
        f"{out}/cards.md:3: warning: a <script> (cards run no code) was dropped [import]",
        f"{out}/cards.md:8: warning: media file 'gone.png' is not in the package; the reference "
        "is kept as it was (deck.yaml 'absent_media'): add the file to _media/ if you have it "
        "[import]",
        f"{out}/deck.yaml:9: warning: 1 media file the deck names but the package lacks "
        "(gone.png): listed here, and every reference to them kept as it was [import]",
    ]
    # The reference stays as the deck had it, and the project builds (deck.yaml lists it).
    assert lines[2] == "## Q" and lines[-1] == "![](_media/gone.png)"
    assert 'absent_media:\n- "gone.png"' in (out / "deck.yaml").read_text("utf-8")


def test_a_big_deck_is_split_into_files_that_build(
    write_tree: WriteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = "".join(f"## Question {n}?\n<!-- id: q{n} -->\n### Answer\nA{n}\n" for n in range(5))
    built = release(write_tree({"many.md": cards}), tmp_path / "built", EPOCH)
    monkeypatch.setattr(layout, "FILE_CARDS", 2)
    out = tmp_path / "out"
    assert run(str(built), "-o", str(out))[0] == 0
    code, stdout, _ = run(str(built), "-o", str(out), "--force")
    assert code == 0 and ": 3 card files, " in stdout
    assert listing(out) == ["deck.yaml", "many-2.md", "many-3.md", "many.md"]
    assert "## Question 2?" in (out / "many-2.md").read_text(encoding="utf-8")
    rebuilt = release(out, tmp_path / "rebuilt", EPOCH + 1)
    assert rebuilt.is_file()


def test_a_deck_is_split_where_the_next_card_would_pass_the_size_limit(
    write_tree: WriteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = "".join(f"## Question {n}?\n<!-- id: q{n} -->\n### Answer\nA{n}\n" for n in range(5))
    built = release(write_tree({"many.md": cards}), tmp_path / "built", EPOCH)
    monkeypatch.setattr(layout, "IMPORTED_FILE_BYTES", 160)  # a header and two of these cards
    out = tmp_path / "out"
    assert run(str(built), "-o", str(out))[0] == 0
    texts = [
        (out / name).read_text(encoding="utf-8") for name in ("many.md", "many-2.md", "many-3.md")
    ]
    assert listing(out) == ["deck.yaml", "many-2.md", "many-3.md", "many.md"]
    assert [text.count("## Question") for text in texts] == [2, 2, 1]
    assert all(len(text.encode()) < 160 for text in texts)


def test_card_ids_are_numbered_past_every_id_taken_case_aside() -> None:
    wanted = ["q", "Q", "q-2", "q", "q-3", "q-2", "image", "Q"]
    taken: dict[str, int] = {}
    ids = [
        layout._card_id(
            wanted_id(
                NoteInfo(w, w, 1, (("Front", "x"), ("Id", w)), (), ("D",), 0), NoteKind.BASIC
            ),
            taken,
        )
        for w in wanted
    ]
    assert ids == ["q", "Q-2", "q-2-2", "q-3", "q-3-2", "q-2-3", "image", "Q-4"]
    # Notes whose question is an image alone are numbered in turn, however many there are.
    pictures = [
        NoteInfo(str(n), str(n), 1, (("Front", '<img src="a.png">'),), (), ("D",), 0)
        for n in range(3)
    ]
    assert [layout._card_id(wanted_id(note, None), taken) for note in pictures] == [
        "note",
        "note-2",
        "note-3",
    ]


@pytest.mark.parametrize("what", ["repository", "holds the package", "current folder"])
def test_force_never_replaces_more_than_a_project(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    package = built
    if what == "repository":
        (out / ".git").mkdir()
    elif what == "holds the package":
        package = out / "deck.apkg"
        package.write_bytes(built.read_bytes())
    else:
        monkeypatch.chdir(out)
    code, _, err = run(str(package), "-o", str(out), "--force")
    assert code == 1 and err.startswith(f"Error: {out}: ")
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_a_card_numbered_after_writing_keeps_the_rest_of_its_comment() -> None:
    note = NoteInfo("k", "g;1", 1, (("Front", "Same"), ("Back", "b")), ("t",), ("D",), 0)
    card = CardWriter({}).card(note, wanted_id(note, NoteKind.BASIC), NoteKind.BASIC, None)
    renamed = card.with_id("same-2")
    assert card.lines[1] == '<!-- id: same; tags: t; guid: "g;1" -->'
    assert renamed.lines[1] == '<!-- id: same-2; tags: t; guid: "g;1" -->'
    assert (renamed.lines[0], renamed.lines[2:], renamed.card_id) == (
        card.lines[0],
        card.lines[2:],
        "same-2",
    )
