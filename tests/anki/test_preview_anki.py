"""The preview renders every card exactly as the real Anki backend does, template by template."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection

from ankismith.notetypes.css import notetype_css
from ankismith.preview.anki_template import Context, TemplateError, field_is_empty, render
from ankismith.preview.build import load_cards
from ankismith.preview.cardview import CardView
from tests.helpers import SAMPLE, release, rich_tree, write_files
from tests.helpers_anki import install, open_collection

# Author overrides that use what the shipped templates do not: FrontSide, special fields,
# negated sections, the hint and text filters, comments. (Sections on c1, c2... and fields
# inside comments work in Anki but `ankismith build` refuses them; CASES below covers them.)
OVERRIDES = {
    "_templates/basic/back.html": (
        "{{FrontSide}}<hr id=answer>{{Answer}}{{^Explanation}}<p>none</p>{{/Explanation}}"
        "<!-- a comment -->{{hint:Explanation}}<p>{{Tags}}|{{Deck}}|{{Subdeck}}|{{Card}}|"
        "{{Type}}|{{CardFlag}}</p>"
    ),
    "_templates/cloze/back.html": (
        "{{cloze:Text}}<p>{{cloze-only:Text}}</p>{{#Explanation}}{{Explanation}}{{/Explanation}}"
    ),
}
EXTRA = """\
---
tags: [extra]
---

## {{c1::Low-rank}} updates; formula $W + {{c2::BA}}$; hint {{c3::rank::a letter}} and {{c1::again}}
<!-- id: cloze-extra; type: cloze -->

### Explanation

Entities & "quotes", café.

## Empty explanation?
<!-- id: no-explanation -->

### Answer

Yes.
"""


def normalise(html: str) -> str:
    """Drop Anki's <style> element and hint ids, fold whitespace."""
    html = re.sub(r"^<style>.*?</style>", "", html, flags=re.S)
    html = re.sub(r"hint[0-9a-f]{16}", "hintID", html)
    return " ".join(html.split())


def anki_side(html: str, tags: list[object]) -> str:
    """Put Anki's av references back to the [sound:...] tags they came from."""
    names = [getattr(tag, "filename", "") for tag in tags]
    return re.sub(r"\[anki:play:[qa]:(\d+)\]", lambda m: f"[sound:{names[int(m[1])]}]", html)


def built(content: Path, tmp: Path) -> Collection:
    """Build ``content`` into tmp/deck.apkg and import it into a new collection beside it."""
    return install(release(content, tmp, 1700000000), tmp)


def compare(col: Collection, views: list[CardView], css: str) -> int:
    """Assert every Anki card has a preview card with equal sides; return the count."""
    mine = {(v.card_id, v.ordinal): v for v in views}
    theirs = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        theirs[(card.note()["Id"], card.ord)] = card
    assert sorted(mine) == sorted(theirs)
    for key, card in theirs.items():
        view = mine[key]
        front = anki_side(card.question(), card.question_av_tags())
        back = anki_side(card.answer(), card.answer_av_tags())
        assert normalise(view.front) == normalise(front), key
        assert normalise(view.back) == normalise(back), key
        assert (view.deck, view.template) == (col.decks.name(card.did), card.template()["name"])
        assert card.note_type()["css"] == css
    return len(theirs)


@pytest.fixture(name="sample", scope="module")
def _sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collection]:
    col = built(SAMPLE, tmp_path_factory.mktemp("sample"))
    yield col
    col.close()


def test_every_sample_card_matches_anki(sample: Collection) -> None:
    deck, views, _ = load_cards(SAMPLE)
    assert compare(sample, views, notetype_css(dict(deck.templates))) == len(views) > 40


def test_overrides_sounds_hints_and_clozes_match_anki(tmp_path: Path) -> None:
    content = tmp_path / "content"
    files: dict[str, str | bytes] = {**rich_tree(), "extra.md": EXTRA, **OVERRIDES}
    write_files(content, files)
    col = built(content, tmp_path)
    deck, views, _ = load_cards(content)
    try:
        assert compare(col, views, notetype_css(dict(deck.templates))) == 13
    finally:
        col.close()
    backs = {(v.card_id, v.ordinal): v.back for v in views}
    assert "[sound:tone-" in backs[("diagram", 0)] and "<p>none</p>" in backs[("no-explanation", 0)]
    fronts = {(v.card_id, v.ordinal): v.front for v in views}
    assert "\\(W + [...]\\)" in fronts[("cloze-extra", 1)]  # HTML inside math removed, as Anki
    assert "[a letter]" in fronts[("cloze-extra", 2)]


@pytest.fixture(name="scratch", scope="module")
def _scratch() -> Iterator[Collection]:
    with tempfile.TemporaryDirectory() as tmp:
        col = open_collection(Path(tmp) / "c.anki2")
        yield col
        col.close()


def anki_render(
    col: Collection, qfmt: str, afmt: str, fields: dict[str, str]
) -> tuple[str, list[tuple[str, str]]]:
    """Render a throwaway note type with the real backend: its name, (front, back) per card."""
    models = col.models
    model = models.new(f"T{len(models.all_names_and_ids())}")
    for name in fields:
        models.add_field(model, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"], template["afmt"] = qfmt, afmt
    models.add_template(model, template)
    model["type"] = 1 if "{{cloze:" in qfmt else 0
    models.add(model)
    note = col.new_note(models.by_name(model["name"]))
    for name, value in fields.items():
        note[name] = value
    note.tags = ["lower", "tag"]
    col.add_note(note, 1)
    return model["name"], [(normalise(c.question()), normalise(c.answer())) for c in note.cards()]


CASES = [
    (
        "{{#A}}yes{{/A}}{{^A}}no{{/A}}|{{#B}}b{{/B}}{{B}}",
        "{{FrontSide}}<hr>{{B}}",
        {"A": "<div> </div><br/>", "B": "<p></p>"},
    ),
    (
        "{{A}} {{ A }} {{text:A}} {{Tags}}",
        "{{FrontSide}}{{hint:B}}{{hint:A}}",
        {"A": "x &amp; <b>y</b>&nbsp;z", "B": " "},
    ),
    (
        "<!-- {{Nope}} -->{{unknown:A}}{{:A}}{{kana:A}}",
        "{{kanji:A}}|{{furigana:A}}",
        {"A": "日本[にほん] x"},
    ),
    (
        "{{cloze:A}}",
        "{{cloze:A}}|{{cloze-only:A}}|{{#c1}}one{{/c1}}{{#c2}}two{{/c2}}",
        {
            "A": "{{c1::é'<i>x</i>\"&::h}} {{c2::{{c1::in}} out}} {{c3::a}}b}} {{c0::z}} \\({{c2::<b>k</b>}}\\)"
        },
    ),
    ("{{type:A}}{{type:cloze:A}}{{Card}}|{{Type}}|{{Deck}}", "{{FrontSide}}", {"A": "r"}),
]


@pytest.mark.parametrize(("qfmt", "afmt", "fields"), CASES)
def test_template_rules_match_anki(
    scratch: Collection, qfmt: str, afmt: str, fields: dict[str, str]
) -> None:
    name, expected = anki_render(scratch, qfmt, afmt, fields)
    base = {
        **fields,
        "Tags": "lower tag",
        "Type": name,
        "Deck": "Default",
        "Subdeck": "Default",
        "CardFlag": "flag0",
        "Card": "Card 1",
    }
    got = []
    for ordinal in range(len(expected)):
        ctx_fields = {**base, f"c{ordinal + 1}": "1"}
        front = render(qfmt, Context(ctx_fields, ordinal))
        back = render(afmt, Context(ctx_fields, ordinal, front_side=front))
        got.append((normalise(front), normalise(back)))
    assert got == expected


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{#A}}x", "Missing '{{/A}}'"),
        ("{{/A}}", "no matching section"),
        ("{{Nope}}", "no such field"),
    ],
)
def test_template_errors(template: str, message: str) -> None:
    with pytest.raises(TemplateError, match=re.escape(message)):
        render(template, Context({"A": "a"}, 0))


def test_field_emptiness_follows_anki() -> None:
    assert field_is_empty(" <BR> <div /></div>\n") and not field_is_empty("<p></p>")
