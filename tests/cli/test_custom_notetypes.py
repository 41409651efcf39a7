"""The author's own note types: notetype.yaml read and checked, cards filling their fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankismith.apkg.reader import read_package
from ankismith.model import NoteKind
from ankismith.notetypes.builtin import Owner
from ankismith.parse.notetypes import custom_id, load_notetypes
from ankismith.pipeline import check
from ankismith.preview.build import render_preview
from tests.helpers import COUNTRY_TYPE, WriteTree, check_lines, custom_tree, release

FOLDER = "content/_notetypes"
OK_FILES = {"front.html": "{{Word}}", "back.html": "{{FrontSide}}{{Meaning}}"}
WORD = "name: Word\nkey: word-v1\nfields: [Word, Meaning]\ntemplates:\n  - {name: Recall, front: front.html, back: back.html}\n"


def load(
    yaml: str, files: dict[str, str] | None = None, name: str = "word", owner: Owner | None = None
) -> list[str]:
    listing = [(f"{name}/notetype.yaml", yaml)] + [
        (f"{name}/{k}", v) for k, v in (OK_FILES if files is None else files).items()
    ]
    _, errors = load_notetypes(listing, FOLDER, owner=owner)
    return [f"{e.location}: {e.message} [{e.code}]" for e in errors]


def test_a_note_type_is_read_with_its_fields_templates_and_derived_id() -> None:
    found, errors = load_notetypes(
        [
            ("country/notetype.yaml", COUNTRY_TYPE),
            *(
                (f"country/{side}", "{{Country}}")
                for side in (
                    "capital.front.html",
                    "capital.back.html",
                    "country.front.html",
                    "country.back.html",
                    "flag.front.html",
                    "flag.back.html",
                )
            ),
            ("country/style.css", ".card {}"),
        ],
        FOLDER,
    )
    assert errors == []
    country = found["country"]
    assert country is not None
    assert country.id == custom_id("country-v1") == 1352486482  # pinned: learners have it
    assert country.fields == ("Country", "Capital", "Flag", "Language", "Notes")
    assert country.required == ("Country", "Capital")
    assert [t.name for t in country.templates] == [
        "Country → Capital",
        "Capital → Country",
        "Flag → Country",
    ]
    assert country.templates[0].front_file == f"{FOLDER}/country/capital.front.html"
    assert (country.sort_field, country.css, country.cloze) == (1, ".card {}", False)


def test_an_explicit_id_is_kept_as_given() -> None:
    found, errors = load_notetypes(
        [
            ("word/notetype.yaml", WORD.replace("key: word-v1", "id: 1607392319")),
            *((f"word/{k}", v) for k, v in OK_FILES.items()),
        ],
        FOLDER,
    )
    assert errors == [] and found["word"] is not None and found["word"].id == 1607392319


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        (
            WORD.replace("key: word-v1\n", ""),
            "notetype.yaml:1: note type 'word': give exactly one of 'key'",
        ),
        (
            WORD.replace("key: word-v1", "key: a\nid: 5"),
            "notetype.yaml:3: note type 'word': give exactly one of 'key'",
        ),
        (
            WORD.replace("key: word-v1", "id: -3"),
            "notetype.yaml:2: note type 'word': 'id' must be a whole number",
        ),
        (
            WORD + "colour: red\n",
            "notetype.yaml:6: note type 'word': unknown key 'colour' (known keys:",
        ),
        (
            WORD + "sortfield: Word\n",
            "notetype.yaml:6: note type 'word': unknown key 'sortfield' (did you mean 'sort_field'?)",
        ),
        (
            WORD.replace("[Word, Meaning]", "[Word, word]"),
            "notetype.yaml:3: note type 'word': field 'word' is listed twice (as 'Word')",
        ),
        (
            WORD.replace("[Word, Meaning]", "[Word, 'a:b']"),
            "notetype.yaml:3: note type 'word': field name 'a:b' must not contain ':'",
        ),
        (
            WORD.replace("[Word, Meaning]", "[]"),
            "notetype.yaml:3: note type 'word': 'fields' must list the field names",
        ),
        (
            WORD + "sort_field: Nope\n",
            "notetype.yaml:6: note type 'word': 'sort_field' must be one of the fields (Word, Meaning)",
        ),
        (
            WORD.replace("back.html}", "bak.html}"),
            "notetype.yaml:5: note type 'word': file 'bak.html' not found in content/_notetypes/word (files here: back.html, front.html)",
        ),
        (
            WORD.replace("back.html}", "../x.html}"),
            "notetype.yaml:5: note type 'word': '../x.html' leaves the note type's folder",
        ),
        (
            WORD + "cloze: yes please\n",
            "notetype.yaml:6: note type 'word': 'cloze' must be true or false",
        ),
        (
            WORD.replace(
                "back.html}\n", "back.html}\n  - {name: Two, front: back.html, back: back.html}\n"
            )
            + "cloze: true\n",
            "note type 'word': a cloze note type has exactly one template",
        ),
        (
            WORD.replace("name: Word", "name: <svg onload=x>"),
            "notetype.yaml:1: note type 'word': 'name' holds < >: Anki would print it into cards as HTML",
        ),
        ("- a list\n", "notetype.yaml:1: note type 'word': expected 'key: value' settings"),
        ("name: [\n", "notetype.yaml:1: note type 'word': invalid YAML"),
    ],
)
def test_mistakes_in_notetype_yaml_are_reported_at_their_line(yaml: str, expected: str) -> None:
    errors = load(yaml)
    assert len(errors) == 1, errors
    assert f"{FOLDER}/word/{expected}" in errors[0] or expected in errors[0], errors


def test_folder_names_and_ids_that_clash_are_refused() -> None:
    assert load(WORD, name="basic") == [
        f"{FOLDER}/basic/notetype.yaml: note type 'basic': is the name of one of ankismith's own "
        "card types; rename the folder [bad-notetype]"
    ]
    assert "use only lowercase letters" in load(WORD, name="Word")[0]
    clash = load(WORD.replace("key: word-v1", "id: 1836382535"))
    assert clash == [
        f"{FOLDER}/word/notetype.yaml:2: note type 'word': id 1836382535 is already the id of "
        "note type 'ankismith Basic'; choose another key or id [bad-notetype]"
    ]
    # With note_type_ids: own, the deck's copies' ids are taken too.
    own = Owner("geo-de-q4z8rw", "Geographie")
    mine = WORD.replace("key: word-v1", f"id: {own.id(NoteKind.CLOZE)}")
    assert load(mine) == []
    assert load(mine, owner=own) == [
        f"{FOLDER}/word/notetype.yaml:2: note type 'word': id {own.id(NoteKind.CLOZE)} is already "
        "the id of note type 'ankismith Cloze (Geographie)'; choose another key or id "
        "[bad-notetype]"
    ]
    _, errors = load_notetypes([("loose.yaml", "x")], FOLDER)
    assert [e.message for e in errors] == [
        f"note types live in folders: move it to {FOLDER}/<name>/notetype.yaml"
    ]


def test_a_template_using_an_unknown_field_is_reported_at_its_line(write_tree: WriteTree) -> None:
    tree = custom_tree()
    tree["_notetypes/country/country.back.html"] = "{{FrontSide}}\n<hr>\n{{country}} {{Capitol}}"
    root = write_tree(tree)
    path = root / "_notetypes/country/country.back.html"
    fields = "fields: Country, Capital, Flag, Language, Notes"
    assert check_lines(root) == [
        f"{path}:3: note type 'country': template 'Capital → Country' uses field 'Capitol', which "
        f"it lacks (did you mean 'Capital'?; {fields}) [bad-template]",
        f"{path}:3: note type 'country': template 'Capital → Country' uses field 'country', which "
        f"it lacks (did you mean 'Country'?; {fields}) [bad-template]",
    ]


def test_templates_that_can_make_no_card_are_reported(write_tree: WriteTree) -> None:
    tree = custom_tree()
    tree["_notetypes/country/flag.front.html"] = "<p>{{Card}}</p>"
    tree["_notetypes/gap/gap.front.html"] = "{{Text}}"
    root = write_tree(tree)
    found = check_lines(root)
    assert any("template 'Flag → Country' shows no field on its front" in f for f in found)
    assert any("a cloze template's front needs {{cloze:<Field>}}" in f for f in found)


CARD = "---\ntype: country\n---\n## Spain\n<!-- id: spain -->\n\n### Capital\n\nMadrid\n"


@pytest.mark.parametrize(
    ("cards", "expected"),
    [
        (
            CARD + "\n### capital\n\nx\n",
            "x.md:11: note type 'country' has no field 'capital' (did you mean 'Capital'?; fields: Country, Capital, Flag, Language, Notes) [bad-field]",
        ),
        (
            CARD + "\n### Languages\n\nx\n",
            "x.md:11: note type 'country' has no field 'Languages' (did you mean 'Language'?; fields: Country, Capital, Flag, Language, Notes) [bad-field]",
        ),
        (
            CARD + "\n### Capital\n\nx\n",
            "x.md:11: field 'Capital' is filled twice (first at line 7) [bad-field]",
        ),
        (
            CARD.replace("### Capital\n\nMadrid\n", "### Notes\n\nx\n"),
            "x.md:4: note type 'country' needs field 'Capital'; add '### Capital' with text [bad-field]",
        ),
        (
            CARD.replace("\n### Capital", "\nstray text\n### Country\nSpain\n### Capital"),
            "x.md:7: this text belongs to no field: '### Country' fills the first field, so the heading is only a title; move the text into a section (fields: Country, Capital, Flag, Language, Notes) [bad-field]",
        ),
        (
            "## No gap here\n<!-- id: g; type: gap -->\n",
            "x.md:1: note type 'gap': cloze card has no deletion such as {{c1::text}} in 'Text' [bad-cloze]",
        ),
        (
            "## Q\n<!-- id: q; type: countri -->\n",
            "x.md:2: unknown card type 'countri' (did you mean 'country'?) [syntax]",
        ),
        (
            "---\ntype: nope\n---\n## Q\n",
            "x.md:1: front matter: unknown card type 'nope' (known: basic, choice, cloze, occlusion, reversed, typein, country, gap) [syntax]",
        ),
        (
            CARD.replace("id: spain", "id: spain; guid: a b"),
            "x.md:5: guid must be 1 to 100 characters without spaces or '\"' [syntax]",
        ),
    ],
)
def test_card_mistakes_name_the_note_type_and_its_fields(
    write_tree: WriteTree, cards: str, expected: str
) -> None:
    root = write_tree({**custom_tree(), "x.md": cards})
    assert check_lines(root) == [f"{root / expected}"]


def test_the_heading_is_a_title_when_a_section_fills_the_first_field(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    cards = "## Spain, briefly\n<!-- id: spain; type: country -->\n### Country\nSpain\n### Capital\nMadrid\n"
    apkg = release(write_tree({**custom_tree(), "x.md": cards}), tmp_path, 1700000000)
    spain = next(n for n in read_package(apkg).notes if dict(n.fields).get("Capital") == "Madrid")
    assert dict(spain.fields)["Country"] == "Spain"


def test_type_in_deck_yaml_is_every_card_s_default_and_checked(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    tree = {**custom_tree(), "deck.yaml": "name: Test Deck\nid: test-deck\ntype: country\n"}
    tree["countries.md"] = tree["countries.md"].replace("type: country\n", "")
    apkg = release(write_tree(tree), tmp_path, 1700000000)
    ids = {nt.id: nt.name for nt in read_package(apkg).notetypes}
    assert ids == {custom_id("country-v1"): "Country", custom_id("gap-v1"): "Gap text"}
    tree["deck.yaml"] = "name: Test Deck\nid: test-deck-7f3k2q\ntype: contry\n"
    tree["countries.md"] = "---\ntype: country\n---\n" + tree["countries.md"]  # still built
    root = write_tree(tree)
    assert check_lines(root) == [
        f"{root / 'deck.yaml'}:3: unknown card type 'contry' (did you mean 'country'?) [syntax]"
    ]
    assert [card.notetype for card in check(root).cards] == ["country", "country", "gap"]


def test_guid_overrides_the_derived_one_for_our_kinds_too_and_must_be_unique(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    cards = (
        '## What is LoRA?\n<!-- id: lora; guid: "Ab;c:d" -->\n### Answer\nA\n### Explanation\nE\n'
    )
    escaped = cards + '## Q2\n<!-- id: q2; guid: "x--\\>y" -->\n### Answer\nA\n### Explanation\nE\n'
    apkg = release(write_tree({"a.md": escaped}), tmp_path, 1700000000)
    assert sorted(n.guid for n in read_package(apkg).notes) == ["Ab;c:d", "x-->y"]
    twice = cards + cards.replace("LoRA", "QLoRA").replace("id: lora", "id: qlora")
    root = write_tree({"a.md": twice})
    assert check_lines(root) == [
        f"{root / 'a.md'}:7: duplicate guid 'Ab;c:d'; first used at {root / 'a.md'}:1 [duplicate-guid]"
    ]


def test_preview_shows_custom_cards_with_their_own_stylesheet(write_tree: WriteTree) -> None:
    site, warnings = render_preview(write_tree(custom_tree()))
    files = dict(site.files)
    assert warnings == ()
    assert site.cards == 7  # France 3, Portugal 2 (no flag), Bern 2 deletions
    assert b".card { text-align: center; }" in files["assets/card-country.css"]
    page = next(v for k, v in files.items() if k.endswith("-france-2.html")).decode()
    assert 'href="../assets/card-country.css"' in page
    assert '<div class="country">France</div>' in page and "French" in page
