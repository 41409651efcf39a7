"""Injection cases in Chromium, on the cards the real Anki backend renders from hostile input.

No side of a card built from script-shaped input may run script, open a dialog or load from
the network.

A dialog (``alert``, ``confirm``, ``prompt``) fails the test; so does a request that is not for
the card's own files. Every element gets the events an inline handler would wait for.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

import pytest

from ankismith.parse.settings import DeckSettings
from ankismith.render.fields import Renderer, render_one
from tests.cli.test_fuzz import PAYLOADS
from tests.helpers import DECK_YAML, parse_text, release, write_files
from tests.helpers_anki import install


def _builds(payload: str) -> bool:
    """Return True when a card holding ``payload`` builds (refused input never reaches Anki)."""
    text = f"## Q?\n<!-- id: q -->\n\n### Answer\n\n{payload}\n"
    cards, errors = parse_text(DeckSettings(name="T", namespace="t"), text)
    renderer = Renderer({PurePosixPath("x.png"): "x.png"})
    problems = [p for card in cards for p in render_one(card, renderer).problems]
    return bool(cards) and not errors and all(p.code == "unsafe-html" for p in problems)


# Every case that builds; an image names the deck's own picture so that it is bundled.
BUILDS = [p for p in (q.replace("src=x ", "src=x.png ") for q in PAYLOADS) if _builds(p)]
FIRE_EVENTS = """() => {
  const names = ['click', 'dblclick', 'mouseover', 'mouseenter', 'focus', 'blur', 'toggle',
                 'load', 'error', 'input', 'change', 'animationstart', 'transitionend'];
  for (const el of document.querySelectorAll('*')) {
    for (const name of names) { el.dispatchEvent(new Event(name, {bubbles: true})); }
    if (el.tagName === 'DETAILS') { el.open = !el.open; }
  }
  return document.querySelectorAll('*').length;
}"""
HANDLERS = """() => [...document.querySelectorAll('*')].flatMap((el) =>
  [...el.attributes].filter((a) => /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value))
    .map((a) => el.tagName + ' ' + a.name))"""


def _card(n: int, payload: str, kind: int) -> str:
    one_line = payload.replace("\n", " ")
    return [
        f"## Q{n}?\n<!-- id: q{n} -->\n\n{payload}\n\n### Answer\n\n{payload}\n\n### Explanation\n\n{payload}\n\n### Hint\n\n{payload}\n",
        f"## Q{n} {one_line}?\n<!-- id: q{n} -->\n\n- [x] {one_line}\n- [ ] b\n\n### Explanation\n\n{payload}\n",
        f"## Card {n}: {{{{c1::{one_line}}}}} and {{{{c2::x}}}}\n<!-- id: q{n}; type: cloze -->\n\n### Explanation\n\n{payload}\n",
        f"## Q{n}?\n<!-- id: q{n}; type: reversed -->\n\n### Answer\n\n{payload}\n",
    ][kind % 4] + "\n"


@pytest.fixture(name="sides", scope="module")
def _sides(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    """Return (name, HTML) of both sides of every card, as the real Anki backend renders them."""
    tmp = tmp_path_factory.mktemp("injection")
    cards = "".join(_card(n, p, n) for n, p in enumerate(BUILDS * 4))
    description = json.dumps(" ".join(p for p in BUILDS if "img" not in p))
    content = write_files(
        tmp / "content",
        {
            "deck.yaml": DECK_YAML + f"description: {description}\n",
            "a.md": cards,
            "x.png": b"\x89PNG",
        },
    )
    apkg = release(content, tmp / "out", 1700000000)
    col = install(apkg, tmp / "learner")
    try:
        found = []
        for card_id in col.find_cards(""):
            card = col.get_card(card_id)
            found += [
                (f"card {card_id} front", card.question()),
                (f"card {card_id} back", card.answer()),
            ]
        for deck in col.decks.all():
            found.append((f"deck {deck['name']} description", str(deck.get("desc", ""))))
    finally:
        col.close()
    return found


@pytest.fixture(name="page")
def _page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.dialogs, page.requests = [], []

    def on_dialog(dialog: Any) -> None:
        page.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_route(route: Any) -> None:
        page.requests.append(route.request.url)
        route.abort()

    page.on("dialog", on_dialog)
    page.route("**/*", on_route)
    yield page
    context.close()


def test_every_side_of_every_injected_card_stays_inert_in_chromium(
    page: Any, sides: list[tuple[str, str]]
) -> None:
    assert len(sides) > len(BUILDS) * 4, "every card and the description are rendered"
    for name, html in sides:
        page.set_content(f"<!doctype html><html><body>{html}</body></html>", wait_until="load")
        page.evaluate(FIRE_EVENTS)
        page.wait_for_timeout(20)
        assert page.evaluate(HANDLERS) == [], name
        assert page.dialogs == [], f"{name} opened a dialog: {page.dialogs}"
        remote = [u for u in page.requests if u.startswith(("http:", "https:", "javascript:"))]
        assert remote == [], f"{name} loaded from the network: {remote}"


@pytest.mark.parametrize(
    "html",
    [
        '<img src="x.png" onerror="alert(1)">',
        '<b onmouseover="alert(1)">b</b>',
        "<script>alert(1)</script>",
    ],
)
def test_the_page_would_catch_script_that_got_through(page: Any, html: str) -> None:
    page.set_content(f"<!doctype html><html><body>{html}</body></html>", wait_until="load")
    page.evaluate(FIRE_EVENTS)
    page.wait_for_timeout(20)
    assert page.dialogs and set(page.dialogs) == {"alert: 1"}


HOSTILE_LABEL = '"</style><b onmouseover=alert(7)>b</b>" onmouseover="alert(8)'
WORD_TYPE = {
    "_notetypes/word/notetype.yaml": (
        "name: Word\nkey: word\nfields: [Word, Reading, Notes]\n"
        "templates:\n  - {name: Recall, front: front.html, back: back.html}\n"
    ),
    "_notetypes/word/front.html": (
        '<div class="w" title="[[label:hint]]">{{Word}} {{furigana:Reading}}</div>\n'
        "{{hint:Notes}}\n<p>[[label:answer]]</p>\n"
    ),
    "_notetypes/word/back.html": (
        "{{FrontSide}}\n<hr id=answer>\n{{kanji:Reading}} {{kana:Reading}}\n{{Notes}}\n"
    ),
    "_notetypes/word/style.css": '.w::after { content: "[[label:right]]"; }\n',
    "_templates/basic/front.html": (
        '<div class="ankismith" title="[[label:hint]]" [[lang]]>{{Question}}</div>\n'
        "{{hint:Hint}}\n<span>[[label:answer]]</span>\n"
    ),
}
# The handler Anki's own {{hint:}} link carries is Anki's: it is left out of the count.
OTHER_HANDLERS = HANDLERS.replace(
    ".filter((a) =>", ".filter((a) => !(el.matches('a.hint') && a.name === 'onclick') &&"
)


@pytest.fixture(name="template_sides", scope="module")
def _template_sides(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    """Both sides of cards shown through a note type, an override and labels of our own."""
    tmp = tmp_path_factory.mktemp("templates")
    words = "".join(
        f"## W{n}\n<!-- id: w{n}; type: word -->\n### Word\nw{n} {p}\n### Reading\n漢字[かんじ] {p}\n"
        f"### Notes\n{p}\n\n"
        for n, p in enumerate(BUILDS)
    )
    basics = "".join(
        f"## Q{n}?\n<!-- id: q{n} -->\n\n### Answer\n\n{p}\n\n### Hint\n\n{p}\n\n"
        for n, p in enumerate(BUILDS)
    )
    labels = json.dumps(HOSTILE_LABEL)
    deck_yaml = DECK_YAML + f"labels:\n  right: {labels}\n  hint: {labels}\n  answer: {labels}\n"
    files = {"deck.yaml": deck_yaml, "w.md": words, "b.md": basics, "x.png": b"\x89PNG"}
    content = write_files(tmp / "content", {**files, **WORD_TYPE})
    apkg = release(content, tmp / "out", 1700000000)
    col = install(apkg, tmp / "learner")
    try:
        return [
            (f"card {cid} {side}", html)
            for cid in col.find_cards("")
            for side, html in zip(
                ("front", "back"),
                (col.get_card(cid).question(), col.get_card(cid).answer()),
                strict=True,
            )
        ]
    finally:
        col.close()


def test_note_types_overrides_and_labels_stay_inert_in_chromium(
    page: Any, template_sides: list[tuple[str, str]]
) -> None:
    assert len(template_sides) == 4 * len(BUILDS)
    for name, html in template_sides:
        page.set_content(f"<!doctype html><html><body>{html}</body></html>", wait_until="load")
        page.evaluate(FIRE_EVENTS)
        page.wait_for_timeout(20)
        assert page.evaluate(OTHER_HANDLERS) == [], name
        assert page.dialogs == [], f"{name} opened a dialog: {page.dialogs}"
        remote = [u for u in page.requests if u.startswith(("http:", "https:", "javascript:"))]
        assert remote == [], f"{name} loaded from the network: {remote}"
