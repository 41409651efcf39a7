"""The release guard, one rule at a time, on hand-made package contents."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from ankismith.apkg.contents import NoteInfo, NoteTypeInfo, PackageInfo
from ankismith.release.diff import diff_packages, word_diff
from ankismith.release.diff_format import as_markdown, as_text
from ankismith.release.guard import guard as rules
from ankismith.release.rules import RELEASE_RULES

T1, T2 = 1700000000, 1700086400
BASIC = NoteTypeInfo(
    1, "ankismith Basic", ("Question", "Answer", "Id"), (("Card 1", "{{Question}}", "b"),), "", T1
)


def note(
    key: str,
    answer: str = "A.",
    deck: str = "Deck",
    guid: str = "",
    source: str = "a.md",
    tags: tuple[str, ...] = (),
    question: str = "",
) -> NoteInfo:
    fields = (
        ("Question", f"<p>{question or key}?</p>"),
        ("Answer", f"<p>{answer}</p>"),
        ("Source", source),
        ("Id", key),
    )
    return NoteInfo(key, guid or f"g-{key}", 1, fields, tags, (deck,), T1)


def guard(old: PackageInfo, new: PackageInfo) -> list[str]:
    """Return the rules' problems as printed: message, then the rule code."""
    found = rules(old, new)
    assert all(p.code in RELEASE_RULES for p in found)
    return [str(p) for p in found]


OLD = PackageInfo("v1.apkg", (note("a"), note("b")), (BASIC,), ("Deck",), (("_deck.css", "1"),))


def later(package: PackageInfo, **changes: object) -> PackageInfo:
    """Return ``package`` with ``changes`` as the next release, built later."""
    changed = replace(package, path="v2.apkg", **changes)  # type: ignore[arg-type]
    notes = tuple(replace(n, mtime=T2) for n in changed.notes)
    return replace(
        changed, notes=notes, notetypes=tuple(replace(t, mtime=T2) for t in changed.notetypes)
    )


def test_a_routine_release_passes_and_its_diff_reads_well() -> None:
    new = later(OLD, notes=(note("a", "A, corrected."), note("c")))
    assert guard(OLD, new) == []
    text = as_text(diff_packages(OLD, new))
    assert text.splitlines() == [
        "v1.apkg -> v2.apkg: 1 note added, 1 removed, 1 changed",
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


def test_a_changed_field_id_fails_but_field_settings_may_change() -> None:
    ids = '{"fields": [{"id": 1}, {"id": 2}, {"id": 3}], "templates": [{"id": 4}]}'
    old = replace(OLD, notetypes=(replace(BASIC, options=ids),))
    moved = replace(BASIC, options=ids.replace('"id": 2', '"id": 9'))
    (problem,) = guard(old, later(old, notetypes=(moved,)))
    assert "(1) changed its field 'Answer' id 2 -> 9 but kept its id" in problem
    settled = replace(BASIC, options=ids.replace('{"id": 1}', '{"description": "Q", "id": 1}'))
    assert guard(old, later(old, notetypes=(settled,))) == []
    assert diff_packages(old, later(old, notetypes=(settled,))).notetypes == (
        ("ankismith Basic", ("field or template settings changed",)),
    )
    # A release built before ids were written has none to compare: Anki matches by name.
    assert guard(OLD, later(OLD, notetypes=(replace(BASIC, options=ids),))) == []


def test_template_text_and_css_may_change() -> None:
    changed = replace(BASIC, templates=(("Card 1", "<b>{{Question}}</b>", "b"),), css="x{}")
    assert guard(OLD, later(OLD, notetypes=(changed,))) == []
    assert diff_packages(OLD, later(OLD, notetypes=(changed,))).notetypes == (
        ("ankismith Basic", ("template 'Card 1': front changed", "CSS changed")),
    )


def test_a_new_guid_for_the_same_id_fails() -> None:
    new = later(OLD, notes=(note("a", guid="other"), note("b")))
    (problem,) = guard(OLD, new)
    assert problem.startswith(
        "card 'a' has a new GUID ('g-a' -> 'other'): learners get a second copy"
    )


def test_a_card_moved_to_another_note_type_fails() -> None:
    new = later(OLD, notes=(replace(note("a"), notetype=2), note("b")))
    (problem,) = guard(OLD, new)
    assert problem.startswith("card 'a' moved to another note type (1 -> 2)")


def test_our_note_type_given_the_decks_own_id_is_a_type_change_and_says_why() -> None:
    # note_type_ids: own after a release: our basic under an id of the deck's own.
    own = replace(BASIC, id=2, name="ankismith Basic (Deck)")
    new = later(OLD, notes=tuple(replace(n, notetype=2) for n in OLD.notes), notetypes=(own,))
    problems = guard(OLD, new)
    assert len(problems) == 2
    assert problems[0] == (
        "card 'a' moved to another note type (1 -> 2): Anki marks the learner's note "
        "conflicting and never updates it again. Both are ankismith's own note type of one "
        "kind, under two ids: deck.yaml's 'note_type_ids' changed since the release. Put it "
        "back as it was released. [type-changed]"
    )
    # Back again is the same change for learners of a release with the deck's own ids.
    (back, _) = guard(new, later(OLD))
    assert back.startswith("card 'a' moved to another note type (2 -> 1)")
    assert "'note_type_ids' changed since the release" in back


def test_a_renamed_deck_fails_and_names_both_decks() -> None:
    new = later(OLD, notes=(note("a", deck="New"), note("b", deck="New")), decks=("New",))
    (problem,) = guard(OLD, new)
    assert problem.startswith("deck 'Deck' renamed to 'New': Anki finds decks by name")
    assert diff_packages(OLD, new).decks_renamed == (("Deck", "New"),)


def test_a_new_subdeck_alone_is_fine() -> None:
    new = later(
        OLD, notes=(note("a"), note("b"), note("c", deck="Deck::Sub")), decks=("Deck", "Deck::Sub")
    )
    assert guard(OLD, new) == []


def test_a_changed_static_media_file_fails_a_new_name_passes() -> None:
    (problem,) = guard(OLD, later(OLD, media=(("_deck.css", "2"),)))
    assert problem.startswith("media file '_deck.css' changed content: Anki skips a file")
    renamed = later(OLD, notes=(note("a", "A, styled."), note("b")), media=(("_deck-v2.css", "2"),))
    assert guard(OLD, renamed) == []


@pytest.mark.parametrize("when", [T1, T1 - 1])
def test_changed_cards_built_not_newer_fail(when: int) -> None:
    new = replace(OLD, notes=(replace(note("a", "A, corrected."), mtime=when), note("b")))
    (problem,) = guard(OLD, new)
    assert problem.startswith(
        f"1 changed card ('a') would not reach learners: built "
        f"{'2023-11-14 22:13:20' if when == T1 else '2023-11-14 22:13:19'} UTC, not newer than "
        "the previous release (2023-11-14 22:13:20 UTC), and Anki skips a note that is not newer."
    )
    assert "SOURCE_DATE_EPOCH" in problem and problem.endswith("[not-newer]")


def test_a_release_that_changes_nothing_fails_even_when_newer() -> None:
    (problem,) = guard(OLD, later(OLD))
    assert problem == (
        "nothing to release: no note was added, and no note or card layout changed since "
        f"{OLD.path}, so learners would get nothing. Edit, commit and build again, or do not "
        "publish it. [nothing-new]"
    )
    (removed,) = guard(OLD, later(OLD, notes=(note("a"),)))
    assert (
        "The only change is 1 removed card, which Anki never deletes: tell learners to delete it."
        in removed
    )


def test_a_new_layout_alone_reaches_learners_only_when_newer() -> None:
    changed = replace(BASIC, css="x{}")
    assert guard(OLD, replace(OLD, notetypes=(replace(changed, mtime=T2),))) == []
    (problem,) = guard(OLD, replace(OLD, notetypes=(changed,)))
    assert problem.startswith(
        "note type 'ankismith Basic' has new templates or CSS, but its time 2023-11-14 22:13:20 "
        "UTC is not newer than the previous release's (2023-11-14 22:13:20 UTC): learners keep "
        "the old layout."
    )


def test_a_changed_deck_id_is_one_problem_not_one_per_card() -> None:
    new = later(OLD, notes=(note("a", guid="x-a"), note("b", guid="x-b")))
    (problem,) = guard(OLD, new)
    assert problem.startswith(
        "every card has a new GUID (2 of 2): the deck 'id' in deck.yaml changed. Learners get "
        "every card again as a new card at 0 reviews"
    )
    assert problem.endswith("Restore the released 'id'. [deck-id-changed]")


def test_a_renamed_card_id_fails_and_says_to_keep_the_old_one() -> None:
    new = later(OLD, notes=(note("a-renamed", question="a"), note("b")))
    (problem,) = guard(OLD, new)
    assert problem == (
        "card 'a' is back under the new id 'a-renamed' with the same question and answer: "
        "learners get a duplicate at 0 reviews beside the old card and its history. Keep the "
        "old id: <!-- id: a -->. [id-renamed]"
    )


def test_an_edited_question_without_an_id_fails() -> None:
    old = replace(OLD, notes=(note("q-0123456789ab", question="Old"),))
    new = later(old, notes=(note("q-ba9876543210", question="New"),))
    (problem,) = guard(old, new)
    assert problem.startswith(
        "card 'q-0123456789ab' has no id and its question was edited, so its derived id became "
        "'q-ba9876543210': learners get a duplicate"
    )


def test_a_card_moved_to_another_deck_fails() -> None:
    new = later(OLD, notes=(note("a", deck="Deck::Sub"), note("b")), decks=("Deck", "Deck::Sub"))
    (problem,) = guard(OLD, new)
    assert problem == (
        "card 'a' moved from deck 'Deck' to 'Deck::Sub': Anki never moves a card on update, so "
        "learners who have it keep it in 'Deck' (only new learners find it in 'Deck::Sub'). Keep "
        "the card in its old folder (or 'deck:'), or tell learners to move it (Browse > Change "
        "Deck). [card-moved]"
    )


def test_a_card_moved_to_another_file_losing_its_tags_fails() -> None:
    old = replace(OLD, notes=(note("a", tags=("lora", "peft")), note("b")))
    new = later(old, notes=(note("a", source="b.md", tags=("peft",)), note("b")))
    (problem,) = guard(old, new)
    assert problem.startswith(
        "card 'a' moved from a.md to b.md and lost the tag lora: an update replaces the "
        "learner's tags, so they lose them too. If a.md's front matter gave them, add them to "
        "b.md's front matter"
    )
    edited = later(old, notes=(note("a", tags=("peft",)), note("b")))
    assert guard(old, edited) == [], "removing a tag in place is an edit, not a loss"


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


def test_a_change_to_a_template_script_is_a_line_of_its_own() -> None:
    scripted = replace(BASIC, templates=(("Card 1", "{{Question}}<script>a()</script>", "b"),))
    diff = diff_packages(OLD, later(OLD, notetypes=(scripted,)))
    assert diff.notetypes == (
        ("ankismith Basic", ("template 'Card 1': front changed",)),
        ("ankismith Basic", ("template 'Card 1' front: script added",)),
    )
    assert "~ note type 'ankismith Basic': template 'Card 1' front: script added" in as_text(diff)
    assert "- ankismith Basic: template 'Card 1' front: script added" in as_markdown(diff)
    again = replace(scripted, templates=(("Card 1", "{{Question}}<script>b()</script>", "b"),))
    (_, (line,)), *_ = [
        c
        for c in diff_packages(
            later(OLD, notetypes=(scripted,)), later(OLD, notetypes=(again,))
        ).notetypes
        if "script" in c[1][0]
    ]
    assert line == "template 'Card 1' front: script changed"


def test_a_changed_preset_is_reported_as_not_reaching_learners() -> None:
    old = replace(OLD, presets=(("Vocabulary", '{"new": {"perDay": 10}}'),))
    new = later(old, presets=(("Vocabulary", '{"new": {"perDay": 20}}'),))
    diff = diff_packages(old, new)
    assert diff.presets == (("Vocabulary", "changed"),) and not diff.empty
    assert "~ preset 'Vocabulary' changed, but only learners who import the deck for the " in (
        as_text(diff)
    )
    assert "Anki never updates a preset a learner has" in as_markdown(diff)
    assert diff_packages(old, later(old)).presets == ()
    assert diff_packages(OLD, later(old)).presets == (("Vocabulary", "added"),)
