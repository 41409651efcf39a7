"""The card an issue names, however it was written: the form, the link's body, the title."""

from ankismith.model import Card, Location, NoteKind
from ankismith.notetypes.builtin import note_guid
from ankismith.reports.issues import Issue
from ankismith.reports.match import match_reports


def issue(title: str, body: str, number: int = 1, state: str = "OPEN") -> Issue:
    return Issue(number, title, body, f"https://github.com/o/r/issues/{number}", state)


def test_the_card_id_comes_from_the_form_the_body_or_the_title() -> None:
    assert (
        issue("x", "### Card id\n\nlora-rank\n\n### What is wrong\n\nTypo").card_id == "lora-rank"
    )
    assert issue("x", "**Card:** `q-1a2b`\nNote GUID: `g#1`").card_id == "q-1a2b"
    assert issue("x", "**Card:** `q-1a2b`\nNote GUID: `g#1`").guid == "g#1"
    assert issue("[epoch] What is an epoch?", "").card_id == "epoch"
    assert issue("Please add more cards", "### Card id\n\n_No response_").card_id == ""


def test_reports_match_by_id_then_guid() -> None:
    def card(card_id: str, line: int, guid: str = "") -> Card:
        where = Location("content/a.md", line)
        return Card(where, NoteKind.BASIC, card_id, True, "Q", "A", guid=guid)

    cards = [card("new-id", 1), card("other", 5, guid="kept")]
    derived = note_guid("deck", "new-id")
    found = match_reports(
        cards,
        "deck",
        [
            issue("[old-id] Q", f"Note GUID: `{derived}`", 1),
            issue("[old-two] Q", "Note GUID: `kept`", 2),
            issue("[gone] Q", "Note GUID: `nothing`", 3),
            issue("[other] Q", "", 4, state="CLOSED"),
        ],
    )
    assert [(p.card_id, p.location.line, p.issue.number) for p in found.placed] == [
        ("new-id", 1, 1),
        ("other", 5, 2),
    ]
    assert [i.number for i in found.gone] == [3]
    assert found.other == 1


def test_a_guid_holding_backticks_is_read_back_whole() -> None:
    from ankismith.render.report import code_span

    for guid in ["plain", "a`b", "x``y`", "`start"]:
        body = f"**Card:** `q`\nNote GUID: {code_span(guid)}\nSource: x"
        assert issue("t", body).guid == guid
