"""The release guard, one rule at a time, on hand-made package contents."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ankismith.apkg.contents import NoteInfo, NoteTypeInfo, PackageInfo
from ankismith.release.diff import diff_packages, word_diff
from ankismith.release.diff_format import as_markdown, as_text
from ankismith.release.guard import guard

T1, T2 = 1700000000, 1700086400
BASIC = NoteTypeInfo(
    1, "ankismith Basic", ("Question", "Answer", "Id"), (("Card 1", "{{Question}}", "b"),), "", T1
)


def note(key: str, answer: str = "A.", deck: str = "Deck", guid: str = "") -> NoteInfo:
    fields = (("Question", f"<p>{key}?</p>"), ("Answer", f"<p>{answer}</p>"), ("Id", key))
    return NoteInfo(key, guid or f"g-{key}", 1, fields, (), (deck,), T1)


OLD = PackageInfo("v1.apkg", (note("a"), note("b")), (BASIC,), ("Deck",), (("_deck.css", "1"),))


def later(package: PackageInfo, **changes: object) -> PackageInfo:
    """Return ``package`` with ``changes`` as the next release, built later."""
    changed = replace(package, path="v2.apkg", **changes)  # type: ignore[arg-type]
    notes = tuple(replace(n, mtime=T2) for n in changed.notes)
    return replace(changed, notes=notes, notetypes=tuple(replace(t, mtime=T2) for t in changed.notetypes))


def test_a_routine_release_passes_and_its_diff_reads_well() -> None:
    new = later(OLD, notes=(note("a", "A, corrected."), note("c")))
    assert guard(OLD, new) == []
    text = as_text(diff_packages(OLD, new))
    assert text.splitlines() == [
        "v1.apkg -> v2.apkg: 1 card added, 1 removed, 1 changed",
        "+ card 'c': c?",
        "- card 'b': b?",
        "~ card 'a':",
        "    Answer: [-A.-] {+A, corrected.+}",
    ]
    markdown = as_markdown(diff_packages(OLD, new))
    assert "### Corrected cards\n\n- `a`: Answer: ~~A.~~ **A, corrected.**\n" in markdown


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        (
            replace(BASIC, fields=("Question", "Answer", "Extra", "Id")),
            "note type 'ankismith Basic' (1) changed its fields Question, Answer, Id -> "
            "Question, Answer, Extra, Id but kept its id",
        ),
        (
            replace(BASIC, templates=(("Front card", "{{Question}}", "b"),)),
            "note type 'ankismith Basic' (1) changed its templates Card 1 -> Front card but kept",
        ),
    ],
)
def test_schema_change_without_a_new_id_fails(changed: NoteTypeInfo, expected: str) -> None:
    (problem,) = guard(OLD, later(OLD, notetypes=(changed,)))
    assert problem.startswith(expected)
    assert "never updates those notes again" in problem and "new id" in problem


def test_template_text_and_css_may_change() -> None:
    changed = replace(BASIC, templates=(("Card 1", "<b>{{Question}}</b>", "b"),), css="x{}")
    assert guard(OLD, later(OLD, notetypes=(changed,))) == []
    assert diff_packages(OLD, later(OLD, notetypes=(changed,))).notetypes == (
        ("ankismith Basic", ("template 'Card 1': front changed", "CSS changed")),
    )


def test_a_new_guid_for_the_same_id_fails() -> None:
    new = later(OLD, notes=(note("a", guid="other"), note("b")))
    (problem,) = guard(OLD, new)
    assert problem.startswith("card 'a' has a new GUID ('g-a' -> 'other'): learners get a second copy")


def test_a_card_moved_to_another_note_type_fails() -> None:
    new = later(OLD, notes=(replace(note("a"), notetype=2), note("b")))
    (problem,) = guard(OLD, new)
    assert problem.startswith("card 'a' moved to another note type (1 -> 2)")


def test_a_renamed_deck_fails_and_names_both_decks() -> None:
    new = later(OLD, notes=(note("a", deck="New"), note("b", deck="New")), decks=("New",))
    (problem,) = guard(OLD, new)
    assert problem.startswith("deck 'Deck' renamed to 'New': Anki finds decks by name")
    assert diff_packages(OLD, new).decks_renamed == (("Deck", "New"),)


def test_a_new_subdeck_alone_is_fine() -> None:
    new = later(OLD, notes=(note("a"), note("b", deck="Deck::Sub")), decks=("Deck", "Deck::Sub"))
    assert guard(OLD, new) == []


def test_a_changed_static_media_file_fails_a_new_name_passes() -> None:
    (problem,) = guard(OLD, later(OLD, media=(("_deck.css", "2"),)))
    assert problem.startswith("media file '_deck.css' changed content: Anki skips a file")
    assert guard(OLD, later(OLD, media=(("_deck-v2.css", "2"),))) == []


@pytest.mark.parametrize("when", [T1, T1 - 1])
def test_a_build_time_not_newer_fails(when: int) -> None:
    new = replace(OLD, notes=tuple(replace(n, mtime=when) for n in OLD.notes))
    (problem,) = guard(OLD, new)
    assert problem.startswith(
        f"build time {'2023-11-14 22:13:20' if when == T1 else '2023-11-14 22:13:19'} UTC is not "
        "newer than the previous release's (2023-11-14 22:13:20 UTC)"
    )
    assert "SOURCE_DATE_EPOCH" in problem


def test_word_diff_keeps_a_little_context() -> None:
    old = "one two three four five six seven eight nine ten"
    new = "one two three four five six SEVEN eight nine ten"
    assert word_diff(old, new) == (
        ("…", ""),
        ("=", "three four five six"),
        ("-", "seven"),
        ("+", "SEVEN"),
        ("=", "eight nine ten"),
    )
    assert word_diff("a b c d e f g h i j", "a b c d e f g h i j k")[0] == ("…", "")
