"""The static preview site: a page per card side, shaped like Anki's reviewer, and an index."""

from __future__ import annotations

import pytest

from ankismith.model import Location
from ankismith.preview.cardview import CardView
from ankismith.preview.page import card_page, finish, stylesheet
from ankismith.preview.record import MARKER
from ankismith.preview.site import CardEntry, NoteSource, assemble_site, build_site


def view(card_id: str, ordinal: int = 0, **changes: object) -> CardView:
    values: dict[str, object] = {
        "card_id": card_id,
        "ordinal": ordinal,
        "template": "Card 1",
        "note_type": "ankismith Basic",
        "deck": "Deck",
        "tags": (),
        "location": Location(f"{card_id}.md", 1),
        "front": f"<p>{card_id}?</p>",
        "back": f"<p>{card_id}!</p>",
        "notetype": "basic",
    }
    return CardView(**{**values, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("notetype", "sheet"),
    [("basic", "card.css"), ("cloze", "card.css"), ("", "card.css"), ("vocab", "card-vocab.css")],
)
def test_our_note_types_share_a_stylesheet_the_authors_have_their_own(
    notetype: str, sheet: str
) -> None:
    assert stylesheet(notetype) == sheet


def test_a_type_in_box_on_the_front_the_expected_answer_on_the_back() -> None:
    card = view(
        "t",
        front="Type: [[type:Answer]]",
        back="[[type:Answer]] [sound:say it.mp3]",
        fields=(("Answer", "<b>Ca&amp;t</b> "),),
    )
    assert finish(card, "front") == (
        'Type: <input type="text" id="typeans" autocomplete="off" aria-label="Your answer">'
    )
    assert finish(card, "back") == (
        '<code id="typeans">Ca&amp;t</code> '
        '<audio class="sound-player" controls preload="none" src="say it.mp3"></audio>'
    )


def test_a_cloze_type_in_expects_the_cards_own_deletions() -> None:
    text = "{{c1::Paris}} and {{c2::Rome}} and {{c2::Oslo}}"
    card = view("c", 1, back="[[type:cloze:Text]]", fields=(("Text", text),))
    assert finish(card, "back") == '<code id="typeans">Rome, Oslo</code>'


def test_a_card_page_loads_the_sites_script_and_its_note_types_stylesheet() -> None:
    page = card_page(view("r", 1, template="Reverse", notetype="vocab"))
    assert "<title>r (Reverse)</title>" in page
    assert '<base href="../media/">' in page
    assert page.count("<link ") == 1 and page.count("<script ") == 1
    assert '<link rel="stylesheet" href="../assets/card-vocab.css">' in page
    assert '<script src="../assets/preview.js" defer></script>' in page
    deeper = card_page(view("r"), "../")
    assert '<script src="../../assets/preview.js" defer></script>' in deeper
    # Both sides, each as Anki shows it: the back first, shown at #back (frame.css).
    assert (
        '<body class="card card2">\n<i id="back" hidden></i>\n<div id="qa">\n<p>r!</p>\n</div>\n'
        '<div id="qa">\n<p>r?</p>\n</div>\n</body>'
    ) in page


def test_the_site_holds_every_page_asset_and_media_file() -> None:
    cards = [view("a"), view("a", 1, template="Reverse"), view("b")]
    site = build_site("Deck", cards, ".card {}", {"x.png": b"PNG"}, {"vocab": ".v {}"})
    files = dict(site.files)
    assert site.cards == 3
    assert [name for name, _ in site.files] == sorted(files)
    assert set(files) == {
        MARKER,
        "assets/card.css",
        "assets/card-vocab.css",
        "assets/preview.css",
        "assets/preview.js",
        "media/x.png",
        "index.html",
        # A note's cards share its number; the card number tells them apart.
        "cards/001-a-1.html",
        "cards/001-a-2.html",
        "cards/002-b-1.html",
    }
    # Each card stylesheet ends with what a plain browser lacks from Anki: one file per page.
    frame = b"\n/* Preview only, added after the deck's own stylesheet"
    assert files["assets/card.css"].startswith(b".card {}" + frame)
    assert files["assets/card-vocab.css"].startswith(b".v {}" + frame)
    assert files["media/x.png"] == b"PNG" and files["assets/preview.js"]
    assert b'<iframe src="cards/001-a-2.html"' in files["index.html"]
    assert b'<iframe src="cards/001-a-2.html#back"' in files["index.html"]


def test_cards_are_numbered_and_listed_in_ankis_order() -> None:
    # File order (by path): a subdeck 'Zeta' first, then 'alpha', then the top deck's intro.
    cards = [
        view("z", deck="Deck::Zeta", location=Location("Zeta/z.md", 1)),
        view("a", deck="Deck::alpha", location=Location("alpha/a.md", 1)),
        view("intro", deck="Deck", location=Location("intro.md", 1)),
    ]
    files = dict(build_site("Deck", cards, "", {}).files)
    assert [name for name in files if name.startswith("cards/")] == [
        "cards/001-intro-1.html",
        "cards/002-a-1.html",
        "cards/003-z-1.html",
    ]
    page = files["index.html"].decode()
    assert page.index("<h2>Deck</h2>") < page.index("<h2>Deck::alpha</h2>")
    assert page.index("<h2>Deck::alpha</h2>") < page.index("<h2>Deck::Zeta</h2>")


def test_a_note_the_site_in_place_holds_is_taken_from_it_not_made_again() -> None:
    made: list[str] = []

    def source(card: CardView, digest: str) -> NoteSource:
        def cards() -> list[CardView]:
            made.append(card.card_id)
            return [card]

        return NoteSource(card.deck, digest, cards)

    cards = [view("a"), view("b", deck="Deck::Sub", location=Location("Sub/b.md", 1))]
    first = assemble_site("Deck", [source(c, c.card_id) for c in cards], "", {})
    assert made == ["a", "b"] and first.kept == ()
    index = dict(first.files)["index.html"].decode()
    reuse = {key: (entries, index) for key, entries in first.entries}
    # "b" changed: only it is made; "a"'s pages are kept and its entry copied from the index.
    changed = [source(cards[0], "a"), source(view("b", back="<p>new</p>"), "b2")]
    made.clear()
    second = assemble_site("Deck", changed, "", {}, reuse=reuse)
    assert made == ["b"]
    assert second.kept == ("cards/001-a-1.html",)
    files = dict(second.files)
    assert "cards/001-a-1.html" not in files and "cards/002-b-1.html" in files
    # The index is the one a site made from nothing gives, and its entries are where it says.
    made.clear()
    fresh = assemble_site("Deck", changed, "", {})
    assert files["index.html"] == dict(fresh.files)["index.html"] and made == ["a", "b"]
    text = files["index.html"].decode()
    for _, entries in second.entries:
        for entry in entries:
            assert text[entry.start : entry.end].startswith('<article class="pv-card"')
            assert f'<iframe src="{entry.page}#back"' in text[entry.start : entry.end]
    # A note's number is in its key: a note moved in the list is made again.
    made.clear()
    assemble_site(
        "Deck",
        [source(view("0", location=Location("0.md", 1)), "0"), *changed],
        "",
        {},
        reuse=reuse,
    )
    assert made == ["0", "a", "b"]
    assert isinstance(second.entries[0][1][0], CardEntry)
