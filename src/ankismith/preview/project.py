"""The preview of a project's decks as one site: an index of the decks and a switcher; pure.

A project of several decks (``ankismith.yaml``) previews as one site: ``index.html`` lists the
decks with their counts, and each deck's site (``site.build_site``) lies in a folder named by
its key, its index carrying a switcher to every other deck and back to the list. The words of
each page are in its deck's language; the list's are in the decks' common language, else
English.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import msgspec
import msgspec.structs

from ankismith.preview.chrome import ENGLISH, Chrome
from ankismith.preview.record import MARKER
from ankismith.preview.site import ASSETS, CardEntry, Site


class DeckEntry(msgspec.Struct, frozen=True):
    """One deck as the switcher and the list of decks show it."""

    key: str
    """Its key in ``ankismith.yaml``: the folder of its pages."""
    name: str
    """The deck's name."""
    language: str
    """The deck's ``language`` ("" for none): the ``lang`` its name is shown with."""
    notes: int
    """Number of notes (cards as written)."""
    cards: int
    """Number of Anki cards."""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _lang(entry: DeckEntry) -> str:
    return f' lang="{_e(entry.language)}"' if entry.language else ""


def _counts(entry: DeckEntry, words: Chrome) -> str:
    return f"{words.count(entry.notes, 'note')}, {words.count(entry.cards, 'card')}"


def switcher(entries: Sequence[DeckEntry], current: str, words: Chrome = ENGLISH) -> str:
    """Return the deck switcher of the page of the deck keyed ``current`` (in its folder).

    It is a disclosure of plain links, so it works without JavaScript and folds away at phone
    width: the list of decks first, then every deck, the current one marked.
    """
    items = [f'<li><a href="../index.html">{_e(words("overview"))}</a></li>']
    for entry in entries:
        here = ' aria-current="page"' if entry.key == current else ""
        items.append(
            f'<li><a href="../{_e(entry.key)}/index.html"{here}><span{_lang(entry)}>'
            f"{_e(entry.name)}</span></a> "
            f'<span class="pv-count">{_e(_counts(entry, words))}</span></li>'
        )
    label = _e(words("decks"))
    return (
        f'<nav class="pv-switch" aria-label="{label}"><details>'
        f"<summary>{label} ({len(entries)})</summary>\n<ul>{''.join(items)}</ul>"
        "</details></nav>"
    )


def decks_page(entries: Sequence[DeckEntry], words: Chrome = ENGLISH) -> str:
    """Return the site's ``index.html``: every deck with its counts, a link to its pages."""
    title = _e(words("decks_title", n=len(entries)))
    items = "".join(
        f'<li class="pv-entry"><h2><a href="{_e(entry.key)}/index.html"><span{_lang(entry)}>'
        f"{_e(entry.name)}</span></a></h2>"
        f'<p class="pv-meta"><span>{_e(_counts(entry, words))}</span>'
        f"<span><code>{_e(entry.key)}</code></span></p></li>\n"
        for entry in entries
    )
    return f"""<!DOCTYPE html>
<html lang="{_e(words.language)}" dir="{words.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="assets/preview.css">
<script src="assets/preview.js" defer></script>
</head>
<body>
<header class="pv-bar">
<h1>{title}</h1>
<div class="pv-controls">
<button type="button" id="pv-theme" aria-pressed="false">{_e(words("night"))}</button>
</div>
</header>
<main>
<ul class="pv-decks">
{items}</ul>
</main>
</body>
</html>
"""


def project_site(
    entries: Sequence[DeckEntry], sites: Sequence[Site], words: Chrome = ENGLISH
) -> Site:
    """Return one site holding each deck's ``sites`` in its key's folder, and the list of decks.

    ``sites`` parallels ``entries``; their pages already carry their ``switcher``, and find
    the page's own stylesheet and script at the top (``build_site``'s ``top``).
    """
    # The page's own stylesheet and script are the same for every deck: one copy at the top.
    top = {MARKER, *(f"assets/{name}" for name in ASSETS)}
    files: dict[str, bytes] = {}
    for entry, site in zip(entries, sites, strict=True):
        files.update({f"{entry.key}/{name}": data for name, data in site.files if name not in top})
    files.update((name, data) for name, data in sites[0].files if name in top)
    files["index.html"] = decks_page(entries, words).encode()
    kept = [
        f"{entry.key}/{name}"
        for entry, site in zip(entries, sites, strict=True)
        for name in site.kept
    ]
    notes = [
        (key, tuple(_moved(card, f"{entry.key}/") for card in cards))
        for entry, site in zip(entries, sites, strict=True)
        for key, cards in site.entries
    ]
    return Site(
        tuple(sorted(files.items())),
        sum(site.cards for site in sites),
        sum(site.notes for site in sites),
        tuple(kept),
        tuple(notes),
    )


def _moved(card: CardEntry, folder: str) -> CardEntry:
    """Return ``card``'s entry with its paths in ``folder``."""
    return msgspec.structs.replace(card, page=folder + card.page, index=folder + card.index)


def common_words(chosen: Sequence[Chrome]) -> Chrome:
    """Return the words of the list of decks: the decks' common language, else English.

    Decks in variants of one language (``fr`` and ``fr-CA``) share its words, under its
    primary tag.
    """
    if not chosen or any(words.texts != chosen[0].texts for words in chosen):
        return ENGLISH
    if len({words.language for words in chosen}) == 1:
        return chosen[0]
    return msgspec.structs.replace(chosen[0], language=chosen[0].language.split("-")[0])
