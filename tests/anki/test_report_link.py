"""The "Report a mistake" link as the real Anki backend renders it: on every back, never a front."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ankismith.render.report import code_span
from tests.anki.learner import Learner
from tests.helpers import release, write_files

CONTENT = {
    "deck.yaml": "name: Report Deck\nid: report-deck-5h2k\nrepository: https://github.com/o/r\n",
    "cards.md": (
        "## What is 2 + 2?\n<!-- id: sum -->\n### Answer\n4\n\n### Explanation\nArithmetic.\n\n"
        "## A {{c1::cloze}} and {{c2::another}}\n<!-- id: gap; type: cloze -->\n\n"
        "## Term\n<!-- id: term; type: reversed -->\n### Answer\nIts definition.\n\n"
        "## Capital of France?\n<!-- id: paris; type: typein -->\n### Answer\nParis\n\n"
        "## Which are even?\n<!-- id: even -->\n- [x] 2\n- [ ] 3\n\n"
        "## Quiet card\n<!-- id: quiet; report: off -->\n### Answer\nNo link.\n\n"
        "## dog\n<!-- id: dog; type: word -->\n### Meaning\nHund\n"
    ),
    "_notetypes/word/notetype.yaml": (
        "name: Word\nkey: word-v1\nfields: [Word, Meaning, Report]\n"
        "templates:\n  - {name: Recall, front: front.html, back: back.html}\n"
    ),
    "_notetypes/word/front.html": "{{Word}}",
    "_notetypes/word/back.html": "{{FrontSide}}<hr id=answer>{{Meaning}}{{Report}}",
}
LINK = re.compile(r'<a class="report" href="([^"]*)"')


def test_every_back_links_to_a_prefilled_issue_and_no_front_does(tmp_path: Path) -> None:
    package = release(write_files(tmp_path / "content", CONTENT), tmp_path / "out", 1_900_000_000)
    learner = Learner(tmp_path / "learner")
    try:
        learner.install(package)
        col = learner.col
        seen = {}
        for card_id in col.find_cards(""):
            card = col.get_card(card_id)
            note = card.note()
            own_id = dict(note.items()).get("Id") or visible(note.fields[0])
            front, back = card.question(), card.answer()
            assert not LINK.search(front), own_id
            assert "<script" not in back.split("</style>")[-1] or own_id == "even"
            found = LINK.findall(back)
            seen.setdefault(own_id, []).append(len(found))
            if not found:
                continue
            url = html.unescape(found[0])
            query = parse_qs(urlsplit(url).query)
            assert url.startswith("https://github.com/o/r/issues/new?")
            assert query["card-id"] == [own_id]
            assert f"GUID: {code_span(note.guid)}" in query["card"][0]
        assert seen == {
            "sum": [1],
            "gap": [1, 1],
            "term": [1, 1],
            "paris": [1],
            "even": [1],
            "quiet": [0],
            "dog": [1],
        }
    finally:
        learner.close()


def visible(field: str) -> str:
    """Return a field's text without tags."""
    return re.sub(r"<[^>]+>", "", field).strip()
