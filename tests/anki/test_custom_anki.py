"""The author's own note types in real Anki: imported, rendered, updated, and their schema guarded.

Each test builds releases of ``custom_tree()`` with the CLI and imports them into a real
collection. ``verify --against`` runs the release rules ``diff --check`` runs, and also imports
both releases, reporting the conflicting notes and the copied note type a schema change causes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.apkg import buildtime
from ankismith.cli import main
from ankismith.parse.notetypes import custom_id
from tests.anki.learner import Learner, counts
from tests.helpers import FLAG_FR as FLAG
from tests.helpers import WriteTree, check_lines, custom_tree, release, text
from tests.helpers_anki import install

# After the layout time of this ankismith, as any release made with it is.
V1 = buildtime.LAYOUT_CHANGED + 86400
V2 = V1 + 86400
COUNTRY_FIELDS = ["Country", "Capital", "Flag", "Language", "Notes"]
COUNTRY_TEMPLATES = ["Country → Capital", "Capital → Country", "Flag → Country"]


@pytest.fixture(name="learner")
def _learner(tmp_path: Path) -> Iterator[Learner]:
    learner = Learner(tmp_path / "learner")
    yield learner
    learner.close()


def edit(path: Path, old: str, new: str) -> None:
    body = path.read_text(encoding="utf-8")
    assert old in body
    path.write_text(body.replace(old, new), encoding="utf-8")


def test_custom_note_types_import_with_their_schema_and_render_every_template(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    apkg = release(write_tree(custom_tree()), tmp_path / "out", V1)
    col = install(apkg, tmp_path / "col")
    try:
        country = col.models.get(custom_id("country-v1"))  # type: ignore[arg-type]
        assert country is not None and country["name"] == "Country"
        assert [f["name"] for f in country["flds"]] == COUNTRY_FIELDS
        assert [t["name"] for t in country["tmpls"]] == COUNTRY_TEMPLATES
        assert country["sortf"] == 1 and country["type"] == 0
        assert ".card { text-align: center; }" in country["css"]
        gap = col.models.get(custom_id("gap-v1"))  # type: ignore[arg-type]
        assert gap is not None and gap["type"] == 1
        assert [f["name"] for f in gap["flds"]] == ["Text", "Extra"]

        shown: dict[tuple[str, int], tuple[str, str]] = {}
        guids: dict[str, str] = {}
        for note_id in col.find_notes(""):
            note = col.get_note(note_id)
            first = text(note.fields[0])
            guids[first] = note.guid
            assert note.tags == (["europe"] if note.mid == country["id"] else [])
            for card in note.cards():
                shown[(first, card.ord)] = (text(card.question()), text(card.answer()))
        france, portugal = "France", "Portugal"
        bern = next(key for key, _ in shown if key.startswith("{{c1::Bern}}"))
        # Every template renders, each with its own fields; Portugal has no flag, so no flag card.
        assert sorted(shown) == sorted(
            [
                (france, 0),
                (france, 1),
                (france, 2),
                (portugal, 0),
                (portugal, 1),
                (bern, 0),
                (bern, 1),
            ]
        )
        assert shown[(france, 0)] == ("France", "France Paris The Seine flows through the capital.")
        assert shown[(france, 1)] == ("Paris", "Paris France French")
        assert shown[(portugal, 1)] == ("Lisbon", "Lisbon Portugal Portuguese")
        assert shown[(bern, 0)][0] == "[...] is the seat of the Swiss federal government."
        assert shown[(bern, 1)][1] == (
            "Bern is the seat of the Swiss federal government. Switzerland has no official capital."
        )
        flag = col.get_note(next(n for n in col.find_notes("Country:France")))
        (name,) = re.findall(r'<img alt="Flag of France" src="([^"]+)"', flag["Flag"])
        assert (Path(col.media.dir()) / name).read_bytes().startswith(b"<svg")
        assert flag["Notes"] == "The <em>Seine</em> flows through the capital."
        assert flag["Capital"] == "Paris"  # one paragraph: no <p> around it
        # An explicit guid is the note's GUID, ';' and all; the others are derived.
        assert guids[portugal] == "pt;guid" and len(guids[france]) == 10
    finally:
        col.close()


def test_an_edited_field_updates_in_place_and_keeps_review_history(
    learner: Learner, write_tree: WriteTree, tmp_path: Path
) -> None:
    content = write_tree(custom_tree())
    assert counts(learner.install(release(content, tmp_path / "v1", V1))) == (3, 0, 0, 0)
    learner.review_all()
    before = learner.notes()
    types_before = learner.notetypes()
    edit(content / "countries.md", "Lisbon", "Lisboa")
    edit(content / "gaps.md", "no official capital", "no capital by law")
    edit(content / "_notetypes/country/capital.back.html", "capital", "capital city")  # text only
    assert counts(learner.install(release(content, tmp_path / "v2", V2))) == (0, 3, 0, 0)
    after = learner.notes()
    assert learner.notetypes() == types_before  # no copy of any note type
    assert set(after) == set(before)
    portugal = after["pt;guid"]
    assert portugal.fields["Capital"] == "Lisboa"
    for guid, note in after.items():
        assert (note.note_id, note.mid) == (before[guid].note_id, before[guid].mid)
        assert [c.card_id for c in note.cards] == [c.card_id for c in before[guid].cards]
        assert all(c.revlog == 1 and c.type == 2 and c.ivl > 0 for c in note.cards)
    assert any(
        "no capital by law" in n.fields["Extra"] for n in after.values() if "Extra" in n.fields
    )


def diff_check(old: Path, new: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["diff", "--check", str(old), str(new)])
    return result.exit_code, result.stdout


def verify_against(new: Path, old: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["verify", str(new), "--against", str(old)])
    return result.exit_code, result.stdout


def test_an_added_field_is_refused_by_the_release_guard_and_verify(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    content = write_tree(custom_tree())
    old = release(content, tmp_path / "v1", V1)
    edit(content / "_notetypes/country/notetype.yaml", "  - Notes\n", "  - Notes\n  - Currency\n")
    new = release(content, tmp_path / "v2", V2)
    code, out = diff_check(old, new)
    assert code == 1
    (problem,) = out.splitlines()
    assert problem.startswith(
        f"problem: note type 'Country' ({custom_id('country-v1')}) changed its fields "
        "Country, Capital, Flag, Language, Notes -> Country, Capital, Flag, Language, Notes, "
        "Currency but kept its id"
    )
    code, out = verify_against(new, old)
    assert code == 1
    assert "  0 new, 1 updated, 0 unchanged, 2 conflicting" in out
    assert re.search(r"^problem: note type copied as 'Country.+'$", out, re.M), out
    assert problem in out.splitlines()  # the same release rule as diff --check, word for word


def test_a_renamed_template_or_a_new_key_is_refused_but_template_text_is_free(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    content = write_tree(custom_tree())
    old = release(content, tmp_path / "v1", V1)
    notetype = content / "_notetypes/country/notetype.yaml"
    edit(content / "_notetypes/country/flag.front.html", "flag", "flag big")
    edit(content / "_notetypes/country/style.css", "center", "left")
    assert diff_check(old, release(content, tmp_path / "v2", V2)) == (
        0,
        f"OK: {tmp_path / 'v2' / 'deck.apkg'} keeps learners of {old} updating in place.\n",
    )
    edit(notetype, "name: Flag → Country", "name: Flag")
    code, out = diff_check(old, release(content, tmp_path / "v3", V2))
    assert code == 1
    assert "changed its templates Country → Capital, Capital → Country, Flag → Country -> " in out
    edit(notetype, "name: Flag\n", "name: Flag → Country\n")
    edit(notetype, "key: country-v1", "key: country-v2")
    code, out = diff_check(old, release(content, tmp_path / "v4", V2))
    assert code == 1
    assert f"moved to another note type ({custom_id('country-v1')} -> " in out


def test_files_a_template_or_stylesheet_names_are_bundled_by_name(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    tree = custom_tree()
    folder = "_notetypes/country/"
    tree[folder + "capital.front.html"] = (
        '<img src="_seal.svg"><div class="country">{{Country}}</div>'
    )
    tree[folder + "style.css"] = (
        '@font-face { font-family: Seal; src: url("_seal.woff2") format("woff2"); }\n'
        '.card { background: url("_paper.svg"); }\n'
    )
    tree[folder + "_seal.woff2"] = b"wOF2 not really a font"
    tree[folder + "_seal.svg"] = FLAG
    tree[folder + "_paper.svg"] = FLAG.replace("#fff", "#eee")
    col = install(release(write_tree(tree), tmp_path / "out", V1), tmp_path / "col")
    try:
        media = Path(col.media.dir())
        assert (media / "_seal.svg").read_text() == FLAG
        assert (media / "_paper.svg").read_text() == FLAG.replace("#fff", "#eee")
        assert (media / "_seal.woff2").read_bytes() == b"wOF2 not really a font"
        (card,) = [col.get_card(c) for c in col.find_cards("Country:France card:1")]
        assert '<img src="_seal.svg">' in card.question()
    finally:
        col.close()


def test_a_file_a_template_names_must_exist_in_its_folder(write_tree: WriteTree) -> None:
    tree = custom_tree()
    tree["_notetypes/country/flag.back.html"] = '{{FrontSide}}\n<img src="_gone.png">'
    root = write_tree(tree)
    assert check_lines(root)[0] == (
        f"{root}/_notetypes/country/flag.back.html:2: note type 'country': media file "
        "'_gone.png' not found; put it in _notetypes/country/ and name it without a folder "
        "[missing-media]"
    )
