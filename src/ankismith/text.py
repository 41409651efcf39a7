"""Text helpers shared by every stage: one-line escaping for messages, visible text of HTML."""

from __future__ import annotations

import html
import re

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
_TAG = re.compile(r"<[^>]*>")


def visible_text(rendered: str) -> str:
    """Return the text a learner sees in rendered card HTML, whitespace folded."""
    text = _TAG.sub(" ", INVISIBLE.sub(" ", rendered))
    return " ".join(html.unescape(text).split())
