"""The preview's index page: cards grouped by deck, with their facts, filters and search text."""

from __future__ import annotations

from ankismith.model import Location
from ankismith.notetypes.labels import languages as label_languages
from ankismith.preview.cardview import CardView
from ankismith.preview.chrome import chrome, languages
from ankismith.preview.index import index_page, plain

BASIC = CardView(
    "lora",
    0,
    "Card 1",
    "ankismith Basic",
    "Deck::Methods",
    ("peft", "lora"),
    Location("Methods/lora.md", 4),
    "<p>What is <b>LoRA</b>?</p>",
    "<p>Low-rank.</p>",
)
TYPED = CardView(
    "spell",
    1,
    "Reverse",
    "Vocab <&>",
    "Deck",
    (),
    Location("a.md", 9),
    "Spell it [[type:Word]] [sound:say.mp3]",
    "",
)
PAGES = ["cards/001-lora-1.html", "cards/002-spell-2.html"]


def test_plain_is_the_visible_text_without_type_in_or_sound_markers() -> None:
    assert plain(TYPED.front) == "Spell it"
    assert plain(BASIC.front) == "What is LoRA?"


def test_the_page_groups_cards_by_deck_and_offers_every_tag_and_deck() -> None:
    page = index_page("My <Deck>", [BASIC, TYPED], PAGES)
    assert "<title>My &lt;Deck&gt;: card preview</title>" in page
    assert '<span class="pv-count" id="pv-count">2 cards</span>' in page
    assert page.index("<h2>Deck</h2>") < page.index('id="002-spell-2"')
    assert page.index('id="002-spell-2"') < page.index("<h2>Deck::Methods</h2>")
    assert page.index("<h2>Deck::Methods</h2>") < page.index('id="001-lora-1"')
    assert (
        '<select id="pv-tag" aria-label="Tag"><option value="">All tags</option>'
        '<option value="lora">lora</option><option value="peft">peft</option></select>'
    ) in page
    assert '<option value="Deck::Methods">Deck::Methods</option></select>' in page


def test_a_card_shows_its_facts_and_both_sides_and_is_found_by_them() -> None:
    page = index_page("T", [BASIC, TYPED], PAGES)
    lora = page[page.index('<article class="pv-card" id="001-lora-1"') :]
    lora = lora[: lora.index("</article>")]
    assert 'data-tags="peft lora"' in lora
    assert 'data-search="what is lora? low-rank. lora deck::methods ankismith basic card 1 ' in lora
    assert "<h3>What is LoRA?</h3>" in lora
    # "Card 1" is the only template of a basic card: not worth showing.
    assert "<span>ankismith Basic</span><span><code>Methods/lora.md:4</code></span>" in lora
    assert '<span class="pv-tag">#peft</span> <span class="pv-tag">#lora</span>' in lora
    # One page per card: the back is the same page at #back.
    assert '<iframe src="cards/001-lora-1.html" title="Front of lora"></iframe>' in lora
    assert '<iframe src="cards/001-lora-1.html#back" title="Back of lora"></iframe>' in lora


def test_escaped_names_an_empty_front_and_a_named_template() -> None:
    page = index_page("T", [TYPED, BASIC], PAGES[::-1])
    assert "<h3>Spell it</h3>" in page
    assert "<span>Vocab &lt;&amp;&gt; · Reverse</span>" in page
    empty = CardView("e", 0, "Card 1", "B", "D", (), Location("e.md", 1), "[sound:x.mp3]", "")
    assert "<h3>(empty front)</h3>" in index_page("T", [empty], ["f"])


def test_the_title_is_the_front_without_its_hint() -> None:
    hinted = CardView(
        "h",
        0,
        "Card 1",
        "B",
        "D",
        (),
        Location("h.md", 1),
        '<section class="question">Q?</section><details class="hint"><summary>Hint</summary>'
        "Think of ranks.</details>",
        "",
        title='<section class="question">Q?</section>',
    )
    page = index_page("T", [hinted], ["f"])
    assert "<h3>Q?</h3>" in page
    assert 'data-search="q? hint think of ranks.' in page  # search still finds the hint


def test_the_page_speaks_the_decks_language() -> None:
    page = index_page("Algo", [BASIC, TYPED], PAGES, chrome("fr-CA"))
    assert '<html lang="fr-CA" dir="ltr">' in page
    assert "<title>Algo : aperçu des cartes</title>" in page
    assert '<span class="pv-count" id="pv-count">2 cartes</span>' in page
    assert '<span class="pv-count">(2 notes)</span>' in page
    assert 'placeholder="Chercher des cartes" aria-label="Chercher des cartes"' in page
    assert '<option value="">Toutes les étiquettes</option>' in page
    assert '<button type="button" class="pv-flip">Afficher la réponse</button>' in page
    assert 'data-count-shown="{shown} sur {n} cartes"' in page
    assert "cliquez dessus ou sur <em>Afficher la réponse</em> pour la retourner." in page
    assert '<p class="pv-side">Recto</p>' in page
    assert 'dir="rtl"' in index_page("T", [BASIC], PAGES[:1], chrome("he"))


def test_every_language_of_the_card_labels_has_the_previews_words() -> None:
    assert languages() == label_languages()
    english = list(chrome("").texts)
    for tag in languages():
        assert list(chrome(tag).texts) == english, tag
        assert all(chrome(tag)(key) for key in english), tag
