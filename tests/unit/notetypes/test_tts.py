"""Text to speech on our note types: the tags added to template text, and deck.yaml's tts: key."""

from __future__ import annotations

import pytest

from ankismith.model import NoteKind
from ankismith.notetypes.assemble import builtin_notetype
from ankismith.notetypes.builtin import NOTE_TYPES
from ankismith.notetypes.labels import deck_labels
from ankismith.notetypes.tts import Tts, voice_language
from ankismith.parse.settings import load_settings

BOTH = Tts(("question", "answer"), "de_DE")


def test_every_kind_reads_its_question_on_the_front_and_its_answer_on_the_back() -> None:
    labels = deck_labels("de", {})
    expected = {
        NoteKind.BASIC: [("Question", "Answer")],
        NoteKind.CHOICE: [("Question", "Answer")],
        NoteKind.CLOZE: [("cloze:Text", "cloze-only:Text")],
        NoteKind.REVERSED: [("Front", "Back"), ("Back", "Front")],
        NoteKind.TYPEIN: [("Question", "Answer")],
    }
    for kind, spots in expected.items():
        plain = builtin_notetype(kind, {}, labels)
        spoken = builtin_notetype(kind, {}, labels, tts=BOTH)
        assert (spoken.fields, spoken.id) == (plain.fields, plain.id)
        assert [t.name for t in spoken.templates] == [t.name for t in plain.templates]
        for (question, answer), before, after in zip(
            spots, plain.templates, spoken.templates, strict=True
        ):
            q_tag, a_tag = f"{{{{tts de_DE:{question}}}}}", f"{{{{tts de_DE:{answer}}}}}"
            assert after.front == before.front.replace(
                f"{{{{{question}}}}}", f"{{{{{question}}}}}{q_tag}", 1
            )
            assert after.front.count("{{tts ") == 1 and after.back.count("{{tts ") == 1
            assert a_tag in after.back and a_tag not in before.back


def test_one_side_voices_and_speed() -> None:
    labels = deck_labels("", {})
    tts = Tts(("answer",), "en_GB", ("Apple_Daniel", "Microsoft_George"), 0.9)
    basic = builtin_notetype(NoteKind.BASIC, {}, labels, tts=tts)
    plain = builtin_notetype(NoteKind.BASIC, {}, labels)
    assert basic.templates[0].front == plain.templates[0].front
    tag = "{{tts en_GB voices=Apple_Daniel,Microsoft_George speed=0.9:Answer}}"
    assert "{{Answer}}" + tag in basic.templates[0].back
    assert len(NOTE_TYPES[NoteKind.BASIC].templates) == 1


def test_an_override_without_the_field_gets_the_tag_at_its_end() -> None:
    labels = deck_labels("", {})
    override = {"basic/front.html": "<div>{{text:Question}}</div>"}
    basic = builtin_notetype(NoteKind.BASIC, override, labels, tts=BOTH)
    assert basic.templates[0].front == "<div>{{text:Question}}</div>\n{{tts de_DE:Question}}\n"


@pytest.mark.parametrize(
    ("tag", "voice"),
    [
        ("de", "de_DE"),
        ("de-AT", "de_AT"),
        ("pt-BR", "pt_BR"),
        ("pt", "pt_BR"),
        ("zh-Hant", "zh_TW"),
        ("zh-Hant-HK", "zh_HK"),
        ("en", "en_US"),
        ("gsw", None),
    ],
)
def test_voice_language_of_a_deck_language(tag: str, voice: str | None) -> None:
    assert voice_language(tag) == voice


def read(text: str) -> tuple[object, list[str]]:
    settings, found = load_settings("name: D\nid: d-7f3k2q\n" + text, "deck.yaml")
    return (settings.tts if settings else None), [f"{f.location}: {f.message}" for f in found]


def test_tts_in_deck_yaml_as_a_list_or_a_mapping() -> None:
    assert read("language: de\ntts: [question, answer]\n") == (BOTH, [])
    assert read("language: ja\ntts: answer\n") == (Tts(("answer",), "ja_JP"), [])
    tts, found = read("tts:\n  question: true\n  lang: en_AU\n  voices: A_b,C\n  speed: 2\n")
    assert (tts, found) == (Tts(("question",), "en_AU", ("A_b", "C"), 2.0), [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tts: [question]\n", "deck.yaml:3: tts: Anki needs the voice's language and region"),
        ("language: gsw\ntts: [question]\n", "deck.yaml:4: tts: no voice language is known"),
        ("language: de\ntts: [questoin]\n", "deck.yaml:4: tts: unknown key 'questoin'"),
        ("tts:\n  question: true\n  lang: de\n", "deck.yaml:5: tts: 'lang' is Anki's voice"),
        ("language: de\ntts:\n  answer: true\n  speed: 9\n", "deck.yaml:6: tts: 'speed' is a"),
        ("language: de\ntts:\n  answer: yes please\n", "deck.yaml:4: tts: 'question' and"),
        ("language: de\ntts:\n  answer: false\n", "deck.yaml:4: tts: name a side to read"),
        ("language: de\ntts:\n  answer: true\n  voices: [a b]\n", "deck.yaml:6: tts: 'voices'"),
        ("language: de\ntts: 3\n", "deck.yaml:4: 'tts' names the sides read aloud"),
    ],
)
def test_bad_tts_settings_are_errors_at_their_line(text: str, expected: str) -> None:
    tts, found = read(text)
    assert tts is None and any(f.startswith(expected) for f in found), found
