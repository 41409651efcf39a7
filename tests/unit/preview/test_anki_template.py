"""Anki's text to speech and reading filters as the preview renders them."""

from __future__ import annotations

from ankismith.preview.anki_cloze import cloze_numbers
from ankismith.preview.anki_template import Context, render, tts_players


def side(template: str, **fields: str) -> str:
    return tts_players(render(template, Context(fields, 0)))


def test_tts_shows_a_play_symbol_with_what_it_reads_and_in_what_language() -> None:
    shown = side("<p>{{Word}}</p>{{tts ja_JP voices=Apple_Kyoko speed=0.8:Word}}", Word="<b>猫</b>")
    assert shown == (
        '<p><b>猫</b></p><span class="tts-player" role="img" title="Read aloud (ja_JP): 猫" '
        'aria-label="Read aloud (ja_JP): 猫">🔊</span>'
    )


def test_tts_of_a_cloze_reads_its_gap() -> None:
    shown = side("{{tts en_US:cloze:Text}}", Text="Paris is in {{c1::France}}", c1="1")
    assert 'title="Read aloud (en_US): Paris is in [...]"' in shown


def test_furigana_kanji_and_kana_follow_anki() -> None:
    reading = "日本[にほん]の 漢字[かんじ]"
    assert side("{{furigana:R}}", R=reading) == (
        "<ruby><rb>日本</rb><rt>にほん</rt></ruby>の<ruby><rb>漢字</rb><rt>かんじ</rt></ruby>"
    )
    assert side("{{kanji:R}}", R=reading) == "日本の漢字"
    assert side("{{kana:R}}", R=reading) == "にほんのかんじ"


def test_a_deletion_on_several_cards_hides_its_text_on_each() -> None:
    text = "{{c1,2::Bern}} is in {{c3::Switzerland}}."
    fields = {"Text": text}
    assert cloze_numbers([text]) == [1, 2, 3]
    card2 = render("{{cloze:Text}}", Context({**fields, "c2": "1"}, 1))
    assert card2.startswith('<span class="cloze" data-cloze="Bern" data-ordinal="1,2">[...]</span>')
    card3 = render("{{cloze:Text}}", Context({**fields, "c3": "1"}, 2))
    assert '<span class="cloze-inactive" data-ordinal="1,2">Bern</span>' in card3
    assert cloze_numbers(["{{c,::x}} {{c2,99999::y}}"]) == [2]
