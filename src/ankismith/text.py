"""Text helpers shared by every stage: lines, plurals, one-line messages, visible text of HTML."""

from __future__ import annotations

import html
import re
import unicodedata
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
    return _LINE_BREAK.split(text)


def plural(count: int, word: str) -> str:
    """Return ``count`` and ``word``, with an ``s`` unless the count is one: '2 cards'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def slug(text: str) -> str:
    """Return a lowercase, dash-separated file-name-safe form of ``text`` (deck files and ids).

    Its output is the default deck ``id``, so in learners' hands: never change what it returns.
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


def ascii_slug(text: str, fallback: str) -> str:
    """Return a slug of ``text`` with accents dropped ('Wörter' -> 'worter'), else ``fallback``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")
    return cleaned or fallback
