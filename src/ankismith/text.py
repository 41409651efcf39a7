"""Text helpers shared by every stage: lines, plurals, one-line messages, visible text of HTML.

Also the one did-you-mean (``closest``) of every message.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime, timezone

# Line breaks, other control characters, and the lone surrogates that stand for bytes of a
# file name that is not UTF-8 (os.fsdecode): none may reach a terminal raw.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte of a non-UTF-8 file name
    return match.group().encode("unicode_escape", "backslashreplace").decode("ascii")


def one_line(text: str) -> str:
    r"""Return ``text`` with line breaks and control characters escaped (``\n``, ``\x00``).

    Findings are printed one per line; a file name or YAML key holding a line break must not
    split one in two, and a file name that is not UTF-8 must not crash the printing.
    """
    return _UNPRINTABLE.sub(_escape, text)


INVISIBLE = re.compile(r"<(style|script)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
"""Parts of HTML a learner never sees: style and script elements, comments."""
# Tags that end a line or a cell: their text stays apart. Other tags (b, code, a) join theirs.
_BREAKING_TAG = re.compile(
    r"</?(?:br|p|div|li|ol|ul|dl|dt|dd|tr|td|th|table|thead|tbody|h[1-6]|pre|blockquote|hr|"
    r"section|article|details|summary|figure|figcaption|input|img)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def visible_text(rendered: str) -> str:
    """Return the text a learner sees in rendered card HTML, whitespace folded."""
    text = _TAG.sub("", _BREAKING_TAG.sub(" ", INVISIBLE.sub(" ", rendered)))
    return " ".join(html.unescape(text).split())


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF and lone CR only, so line numbers match what editors show."""
    if "\r" not in text:
        return text.split("\n")  # the same lines, a third of the time
    return _LINE_BREAK.split(text)


ALIKE = 0.6
"""How alike a word must be to a known name for a message to suggest that name."""


def closest(word: str, known: Sequence[str], cutoff: float = ALIKE) -> str | None:
    """Return the entry of ``known`` most like ``word``, if it is alike enough.

    The one did-you-mean of every message: sections, card types, settings keys, field names.
    """
    if not known:
        return None
    import difflib  # a message's suggestion only: not loaded by every build

    score, best = max((difflib.SequenceMatcher(None, word, k).ratio(), k) for k in known)
    return best if score >= cutoff else None


def plural(count: int, word: str) -> str:
    """Return ``count`` and ``word``, with an ``s`` unless the count is one: '2 cards'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def name_slug(text: str) -> str:
    """Return the deck ``id`` of a ``deck.yaml`` without one: ASCII letters and digits only.

    It is in learners' hands (every GUID of such a deck hangs on it): never change what it
    returns. Letters outside ASCII are dropped, so it can collapse to ``deck``: ``check`` warns.
    """
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return cleaned or "deck"


def utc_time(seconds: int, fmt: str = "%Y-%m-%d %H:%M UTC") -> str:
    """Return a time in seconds as UTC text; one outside the calendar is shown as a number.

    Times come from packages anyone may hand us: a note modified in the year 3 million must be
    reported, not crash the report.
    """
    try:
        return datetime.fromtimestamp(seconds, timezone.utc).strftime(fmt)
    except (ValueError, OverflowError, OSError):
        return f"{seconds} seconds after 1970 (not a calendar date)"


_PLAIN_NAME = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")


def slug(text: str, limit: int = 0) -> str:
    """Return ``text`` as lowercase ASCII words joined by ``-``, other scripts transliterated.

    ``Что такое «кошка»?`` gives ``chto-takoe-koshka``, ``Größe`` ``grosse``; ``limit`` cuts it
    at a word end. Empty when the text has no letter or digit in any script.
    """
    if not limit and _PLAIN_NAME.fullmatch(text):
        # What slugify makes of ASCII words between single spaces, without importing it (a
        # rebuild names its package from the deck's name: 5 ms of a one-edit rebuild).
        return text.lower().replace(" ", "-")
    from slugify import slugify  # a tenth of a second to import: only when a slug is made

    return str(slugify(text, max_length=limit, word_boundary=bool(limit), save_order=True))


# The random part of a deck id: letters and digits that are easy to tell apart.
_RANDOM_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RANDOM_PART = re.compile(r"-(?=[a-z0-9]*[0-9])(?=[a-z0-9]*[a-z])[a-z0-9]{6,}$")


def unique_deck_id(name: str) -> str:
    """Return a new deck id: the slug of ``name`` and a random part, ``spanish-vocab-7f3k2q``.

    GUIDs derive from it, and Anki matches GUIDs across a learner's whole collection: the random
    part keeps two decks of one name from overwriting each other's notes.
    """
    import secrets  # only new decks need it; every build imports this module

    while True:
        part = "".join(secrets.choice(_RANDOM_ALPHABET) for _ in range(6))
        if _RANDOM_PART.search("-" + part):
            return f"{slug(name, 40) or 'deck'}-{part}"


def has_random_part(deck_id: str) -> bool:
    """Return True when ``deck_id`` ends in a part like ``-7f3k2q`` (letters and a digit)."""
    return bool(_RANDOM_PART.search(deck_id))
