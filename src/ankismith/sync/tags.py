"""Make a card's own tags (``tags:`` in its metadata comment) follow the tags Anki holds. Pure."""

from __future__ import annotations

import re

from ankismith.model import Card

_TAGS = re.compile(r"(?P<lead>(?:^|;)\s*tags\s*:\s*)(?P<tags>[^;]*?)(?P<tail>\s*(?:;|$))")
_COMMENT = re.compile(r"^(?P<open>\s*<!--\s*)(?P<body>.*?)(?P<close>\s*-->\s*)$")


def retag(text: str, card: Card, was: tuple[str, ...], now: tuple[str, ...]) -> tuple[str, str]:
    """Return ``text`` with the card's own tags changed as Anki's went from ``was`` to ``now``.

    The second value says what could not follow ("" when all did): a tag the card has from
    its file or deck.yaml cannot be removed from this card alone.
    """
    added = [t for t in now if t not in was]
    removed = {t for t in was if t not in now}
    lines = text.splitlines(keepends=True)
    if not card.meta_line or card.meta_line > len(lines):
        return (
            text,
            f"tags changed in Anki ({_change(added, removed)}); "
            "the card has no metadata comment to hold them",
        )
    raw = lines[card.meta_line - 1]
    body = raw.rstrip("\r\n")
    ending = raw[len(body) :]
    comment = _COMMENT.match(body)
    if comment is None:
        return (
            text,
            f"tags changed in Anki ({_change(added, removed)}); "
            "its metadata comment spans lines: edit it by hand",
        )
    inner = comment.group("body")
    found = _TAGS.search(inner)
    own = found.group("tags").split() if found else []
    inherited = sorted(t for t in removed if t not in own)
    kept = [t for t in own if t not in removed] + [t for t in added if t not in own]
    if found and kept:
        inner = inner[: found.start("tags")] + " ".join(kept) + inner[found.end("tags") :]
    elif found:
        between = found.group("lead").startswith(";") and found.group("tail").strip() == ";"
        before, after = inner[: found.start("lead")], inner[found.end("tail") :].lstrip()
        inner = f"{before}; {after}" if between else (before + after).strip().strip(";").strip()
    elif kept:
        inner = (
            f"{inner.rstrip().rstrip(';')}; tags: {' '.join(kept)}"
            if inner.strip()
            else f"tags: {' '.join(kept)}"
        )
    lines[card.meta_line - 1] = f"{comment.group('open')}{inner}{comment.group('close')}{ending}"
    message = ""
    if inherited:
        message = (
            f"tags {', '.join(inherited)} were removed in Anki but come from the file or "
            "deck.yaml; kept"
        )
    return "".join(lines), message


def _change(added: list[str], removed: set[str]) -> str:
    parts = [f"+{t}" for t in added] + [f"-{t}" for t in sorted(removed)]
    return " ".join(parts)
