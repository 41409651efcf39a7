"""Card labels in the deck's language: translations, placeholders, lang and dir, in real Anki."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ankismith.apkg.reader import read_package
from ankismith.model import NoteKind
from ankismith.notetypes import labels
from ankismith.notetypes.builtin import NOTE_TYPES, template_text
from ankismith.notetypes.labels import (
    LABEL_KEYS,
    css_string,
    deck_labels,
    fill,
    shipped,
    translation_for,
)
from ankismith.parse.settings import load_settings
from tests.helpers import DECK_YAML, WriteTree, check_lines, custom_tree, release, rich_tree, text
from tests.helpers_anki import install
from tests.unit.notetypes.test_notetypes import SNAPSHOT

REQUIRED = {"en", "de", "fr", "es", "pt", "it", "nl", "ja", "zh"}


def test_every_shipped_translation_has_every_label_and_nothing_else() -> None:
    translations = shipped()
    assert REQUIRED | {"ar", "he", "zh-Hant"} <= set(translations)
    for tag, texts in translations.items():
        assert list(texts) == list(LABEL_KEYS), tag
        assert all(value.strip() for value in texts.values()), tag
    assert shipped()["en"]["answer"] == "Answer"


def test_translations_read_as_pyyaml_s_own_loader_reads_them() -> None:
    folder = Path(labels.__file__).parent / "labels"
    for tag, texts in shipped().items():
        plain = yaml.safe_load((folder / f"{tag}.yaml").read_text(encoding="utf-8"))
        assert texts == {str(k): str(v) for k, v in plain.items()}, tag


@pytest.mark.parametrize(
    ("tag", "translation", "direction"),
    [
        ("de", "de", "ltr"),
        ("de-AT", "de", "ltr"),
        ("pt-BR", "pt", "ltr"),
        ("zh-Hans-CN", "zh", "ltr"),
        ("zh-TW", "zh-Hant", "ltr"),
        ("ja", "ja", "ltr"),
        ("ar-EG", "ar", "rtl"),
        ("he", "he", "rtl"),
        ("fa", None, "rtl"),
        ("sr", None, "ltr"),
    ],
)
def test_a_tag_finds_its_translation_and_direction(
    tag: str, translation: str | None, direction: str
) -> None:
    assert translation_for(tag) == translation
    labels = deck_labels(tag, {})
    assert labels.direction == direction
    assert labels.attributes() == f'lang="{tag}" dir="{direction}"'
    assert labels.texts["answer"] == shipped()[translation or "en"]["answer"]


def test_placeholders_are_filled_escaped_and_lang_left_out_when_unset() -> None:
    template = '<div class="ankismith" [[lang]]><p>[[label:answer]]</p></div>'
    assert fill(template, deck_labels("", {})) == '<div class="ankismith"><p>Answer</p></div>'
    own = deck_labels("de", {"answer": "Lösung <&>"})
    assert fill(template, own) == (
        '<div class="ankismith" lang="de" dir="ltr"><p>Lösung &lt;&amp;&gt;</p></div>'
    )
    assert fill("[[label:nope]]", own) == "[[label:nope]]"
    assert css_string('a"b\\c\n') == "a\\22 b\\5c c\\a "
    assert fill('content: "[[label:right]]";', deck_labels("fr", {}), css=True) == (
        'content: "✓ correcte";'
    )


def test_our_templates_hold_no_label_text_of_their_own() -> None:
    for note_type in NOTE_TYPES.values():
        if note_type.kind is NoteKind.OCCLUSION:
            continue  # Anki's own template, in Anki's English words
        for template in note_type.templates:
            for side in (template.front, template.back):
                body = re.sub(r"<script>.*?</script>", "", template_text(side), flags=re.S)
                body = re.sub(r"\{\{[^}]*\}\}|\[\[[^\]]*\]\]", "", body)
                assert text(body) == "", (side, text(body))
                assert '" [[lang]]>' in template_text(side).splitlines()[0], side


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        (
            "language: Deutsch\n",
            "deck.yaml:2: 'language' must be a BCP 47 language tag such as de, pt-BR or zh-Hant, not 'Deutsch'",
        ),
        ("language: de_DE\n", "deck.yaml:2: 'language' must be a BCP 47 language tag"),
        ("language: 7\n", "deck.yaml:2: 'language' must be a BCP 47 language tag"),
        (
            "labels:\n  answer: A\n  explenation: E\n",
            "deck.yaml:4: labels: unknown key 'explenation' (did you mean 'explanation'?)",
        ),
        ("labels: Antwort\n", "deck.yaml:2: 'labels' maps label keys to text"),
        ("labels:\n  hint: [a]\n", "deck.yaml:3: labels: 'hint' must be text"),
        (
            "language: sr\nlabels: {answer: Odgovor}\n",
            "deck.yaml:2: no shipped labels for language 'sr': cards show English labels; set them under 'labels:' (explanation, hint, your_answer, right, wrong, reverse_prompt, report)",
        ),
    ],
)
def test_language_and_labels_mistakes_are_reported_at_their_line(yaml: str, expected: str) -> None:
    _, found = load_settings("name: D\n" + yaml, "deck.yaml")
    errors = [f for f in found if f.code != "deck-id"]  # no id here: a warning of its own
    assert len(errors) == 1 and f"{errors[0].location}: {errors[0].message}".startswith(expected)


def test_a_full_set_of_own_labels_needs_no_translation() -> None:
    labels = "".join(f"  {key}: x\n" for key in LABEL_KEYS)
    text = f"name: D\nid: d-7f3k2q\nlanguage: sr\nlabels:\n{labels}"
    settings, errors = load_settings(text, "deck.yaml")
    assert errors == [] and settings is not None and settings.language == "sr"


def test_labels_never_change_the_schema_of_our_note_types(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    packages = []
    for language in ("", "language: de\n", "language: he\nlabels: {answer: x}\n"):
        content = write_tree({**rich_tree(), "deck.yaml": DECK_YAML + language})
        packages.append(read_package(release(content, tmp_path / str(len(packages)), 1700000000)))
    schemas = [
        {(nt.id, nt.fields, tuple(t[0] for t in nt.templates)) for nt in package.notetypes}
        for package in packages
    ]
    assert (
        schemas[0]
        == schemas[1]
        == schemas[2]
        == {
            (entry["id"], tuple(entry["fields"]), tuple(entry["templates"]))
            for kind, entry in SNAPSHOT.items()
            if kind != NoteKind.OCCLUSION.value  # the rich tree has no image occlusion card
        }
    )
    assert packages[0].notetypes != packages[1].notetypes  # the template text did change


GERMAN = {
    "answer": "Antwort",
    "explanation": "Erklärung",
    "hint": "Hinweis",
    "your_answer": "Deine Antwort im Vergleich",
}


def test_every_kind_shows_its_labels_in_the_deck_s_language_in_anki(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    tree = rich_tree()
    tree["deck.yaml"] = DECK_YAML + "language: de-AT\nlabels:\n  explanation: Warum?\n"
    tree["cards.md"] = str(tree["cards.md"]).replace(
        "### Explanation\n\nDrawn by hand.",
        "### Explanation\n\nDrawn by hand.\n\n### Hint\n\nFour sides.",
    )
    col = install(release(write_tree(tree), tmp_path / "out", 1700000000), tmp_path / "col")
    try:
        seen: dict[tuple[str, int], tuple[str, str]] = {}
        for card_id in col.find_cards(""):
            card = col.get_card(card_id)
            seen[(card.note()["Id"], card.ord)] = (card.question(), card.answer())
        assert len(seen) == 9  # every card of every kind
        for name, (front, back) in seen.items():
            assert 'lang="de-AT" dir="ltr"' in front and 'lang="de-AT" dir="ltr"' in back, name
            shown = re.sub(r"\[\[type:\w+\]\]", "", text(front) + text(back))
            for word in ("Answer", "Explanation", "Hint", "Your answer"):
                assert word not in shown, (name, word)
            assert "Warum?" in text(back), name  # the author's own label wins
            css = front.split("</style>", 1)[0]
            assert 'li.right::after { content: " ✓ richtig"; }' in css, name
        basic_front, basic_back = seen[("diagram", 0)]
        assert "<summary>Hinweis</summary>" in basic_front
        assert '<p class="label">Antwort</p>' in basic_back
        assert '<p class="label">Deine Antwort im Vergleich</p>' in seen[("rank", 0)][1]
        assert '<p class="label">Antwort</p>' in seen[("adapter", 0)][1]
        reverse_front = seen[("adapter", 1)][0]
        assert '<div class="prompt">Welcher Begriff ist das?</div>' in reverse_front
        assert "Welcher Begriff" not in seen[("adapter", 0)][0]
    finally:
        col.close()


def test_a_right_to_left_deck_sets_dir_rtl_on_our_cards_and_the_author_s(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    tree = custom_tree()
    tree["deck.yaml"] = DECK_YAML + "language: he\n"
    tree["_notetypes/country/capital.front.html"] = (
        '<div class="country" [[lang]]>{{Country}}</div><p>[[label:hint]]</p>'
    )
    tree["plain.md"] = "## מה זה?\n<!-- id: he -->\n### Answer\nתשובה\n### Explanation\nכך.\n"
    col = install(release(write_tree(tree), tmp_path / "out", 1700000000), tmp_path / "col")
    try:
        fronts = [col.get_card(c).question() for c in col.find_cards("")]
        assert any('<div class="ankismith kind-basic" lang="he" dir="rtl">' in f for f in fronts)
        assert any(
            '<div class="country" lang="he" dir="rtl">France</div><p>רמז</p>' in f for f in fronts
        )
        assert '<p class="label">תשובה</p>' in col.get_card(col.find_cards("Id:he")[0]).answer()
    finally:
        col.close()


def test_an_unknown_label_in_a_template_is_reported_at_its_line(write_tree: WriteTree) -> None:
    tree = custom_tree()
    tree["_notetypes/country/flag.back.html"] = "{{FrontSide}}\n[[label:anwser]]\n{{Country}}"
    tree["_templates/basic/back.html"] = "{{Question}} [[label:nope]]"
    root = write_tree(tree)
    keys = ", ".join(LABEL_KEYS)
    assert check_lines(root) == [
        f"{root}/_notetypes/country/flag.back.html:2: note type 'country': template "
        f"'Flag → Country' uses label '[[label:anwser]]', which does not exist ({keys}) "
        "[bad-template]",
        f"{root}/_templates/basic/back.html:1: uses label '[[label:nope]]', which does not exist "
        f"({keys}) [bad-template]",
    ]
