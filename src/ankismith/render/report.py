"""The "Report a mistake" link on the back of a card: the prefilled issue and where it goes.

With ``repository:`` set, our note types' ``Explanation`` field (shown on the back only) holds
the explanation box and, below it, ``<p class="report"><a href="...">`` to a new issue on the
forge, prefilled with the card. The back templates then show ``{{Explanation}}`` bare
(``notetypes/assemble.py``): no field or template is added, so learners get it as an update.
A custom note type opts in with a field named ``Report`` that its back template shows.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import msgspec

from ankismith.forge import MAX_URL, Repository
from ankismith.model import Card
from ankismith.notetypes.labels import Labels
from ankismith.text import visible_text

REPORT_FIELD = "Report"
"""The field a custom note type names to carry the link (docs/reports.md)."""
TITLE_TEXT = 60
"""Characters of the question the issue's title keeps."""
_LINK = re.compile(r'<p class="report"><a class="report" href="[^"]*">[^<]*</a></p>')
"""The link exactly as ``report_link`` writes it (attribute text is escaped: no ``"`` inside)."""
_HIDDEN = frozenset({"Source", "Id", "Hint", REPORT_FIELD})
"""Fields whose text the report leaves out: the source and id are said apart, the hint is noise."""


class ReportContext(msgspec.Struct, frozen=True):
    """What every card's report of one deck shares."""

    repository: Repository
    """Where issues go."""
    deck: str
    """The deck's name."""
    version: str
    """The deck's release, as its description shows it; "" when none."""
    ref: str
    """The git tag or commit the deck was built from; "" outside git (no source link then)."""
    folder: str
    """The content folder's path inside the repository ("" at its root)."""
    labels: Labels
    """The deck's labels: the link's text."""


def code_span(text: str) -> str:
    """Return ``text`` as a Markdown code span, fenced past any backticks it holds (GUIDs may)."""
    if "`" not in text:
        return f"`{text}`"
    fence = "`" * (max(len(run) for run in re.findall(r"`+", text)) + 1)
    return f"{fence} {text} {fence}"


def code_block(text: str) -> str:
    """Return ``text`` as a fenced code block: an ``@name`` or ``#12`` in a card pings no one."""
    runs = re.findall(r"`{3,}", text)
    fence = "`" * max([3, *(len(run) + 1 for run in runs)])
    return f"{fence}text\n{text}\n{fence}" if text else ""


def card_text(names: Sequence[str], fields: Sequence[str]) -> str:
    """Return the card's text as a learner reads it, field by field (``Question: ...``)."""
    parts = []
    for name, value in zip(names, fields, strict=False):
        if name not in _HIDDEN and (text := visible_text(value)):
            parts.append(f"{name}: {text}")
    return "\n\n".join(parts)


def report_url(
    context: ReportContext, card: Card, guid: str, names: Sequence[str], fields: Sequence[str]
) -> str:
    """Return the prefilled new-issue URL for ``card``: within ``MAX_URL``, percent-encoded.

    ``fields`` are the card's field HTML, under ``names``. The card's text is cut (ending in
    "…") until the URL fits; a card whose other parts alone do not fit gets its id only.
    """
    text = card_text(names, fields)
    question = (visible_text(fields[0]) if fields else "") or card.card_id
    short = question if len(question) <= TITLE_TEXT else question[: TITLE_TEXT - 1] + "…"
    title = f"[{card.card_id}] {short}"
    release = f"{context.deck} {context.version}".strip()
    path = "/".join(p for p in (context.folder.strip("/"), card.source) if p)
    line = card.location.line
    where = f"`{path}` line {line}"
    if context.ref:
        where = f"[{path} line {line}]({context.repository.blob(context.ref, path, line)})"

    def url(limit: int | None) -> str:
        shown = text if limit is None or limit >= len(text) else text[:limit].rstrip() + " …"
        details = f"Note GUID: {code_span(guid)}\nSource: {where}\n\n{code_block(shown)}"
        body = (
            f"**Deck:** {release}\n**Card:** `{card.card_id}`\n{details}\n\n"
            "### What is wrong\n\n\n### Suggested fix\n\n"
        )
        form = {"card-id": card.card_id, "release": release, "card": details}
        return context.repository.new_issue(title, body, form)

    if len(whole := url(None)) <= MAX_URL:
        return whole
    low, high = 0, len(text)
    while low < high:  # the longest cut that fits
        middle = (low + high + 1) // 2
        if len(url(middle)) <= MAX_URL:
            low = middle
        else:
            high = middle - 1
    if len(cut := url(low)) <= MAX_URL:
        return cut
    return context.repository.new_issue(title[:TITLE_TEXT], card.card_id, {"card-id": card.card_id})


def report_link(context: ReportContext, url: str) -> str:
    """Return the link's HTML: a plain ``<a href>``, no script, shown at the foot of the back."""
    label = html.escape(context.labels.texts.get("report", "Report a mistake"))
    return f'<p class="report"><a class="report" href="{html.escape(url)}">{label}</a></p>'


def explanation_with_report(explanation: str, link: str, labels: Labels) -> str:
    """Return the ``Explanation`` field of a card with the link: the box (if any), then the link.

    The box is the one the back templates show without ``repository:``, label and all.
    """
    if not explanation:
        return link
    label = html.escape(labels.texts.get("explanation", "Explanation"))
    return (
        f'<section class="explanation">\n<p class="label">{label}</p>\n{explanation}\n</section>\n'
        f"{link}"
    )


def without_report(field: str) -> str:
    """Return a field without its report link: what a release diff compares.

    The link changes with every release (it points at the release's tag), and a learner
    has nothing to relearn for it.
    """
    return _LINK.sub("", field).rstrip("\n") if 'class="report"' in field else field


_BOX = re.compile(
    r'<section class="explanation">\n<p class="label">[^<]*</p>\n(.*)\n</section>', re.S
)


def explanation_of(field: str) -> str:
    """Return the explanation an ``Explanation`` field holds, without the link and its box.

    The inverse of ``explanation_with_report``, for ``import``: a field without the link is
    returned as it is.
    """
    if 'class="report"' not in field:
        return field
    rest = without_report(field)
    box = _BOX.fullmatch(rest)
    return box.group(1) if box else rest
