"""deck.yaml's ``release:``: a rule accepted for named cards, in the release after a named one."""

from __future__ import annotations

from msgspec.structs import replace

from ankismith.apkg.contents import NoteInfo, PackageInfo
from ankismith.parse.settings import ReleaseAcceptance, load_settings
from ankismith.release.accept import judge, release_names
from ankismith.release.diff import diff_packages
from ankismith.release.diff_format import as_markdown

T1, T2 = 1700000000, 1700086400
VERSION = '<p class="deck-version">Version 1.2.0</p>'


def note(key: str, deck: str = "Deck", mtime: int = T1) -> NoteInfo:
    fields = (("Question", f"<p>{key}?</p>"), ("Answer", "<p>A.</p>"), ("Source", f"{deck}.md"))
    return NoteInfo(key, f"g-{key}", 1, fields, (), (deck,), mtime)


OLD = PackageInfo(
    "previous/deck.apkg",
    (note("a"), note("b"), note("c")),
    (),
    ("Deck",),
    descriptions=(("Deck", f"<p>Terms.</p>\n{VERSION}"),),
)
# a and b moved to Deck::Other (their Source changed with them), c is unchanged.
NEW = replace(
    OLD,
    path="build/deck.apkg",
    notes=(note("a", "Deck::Other", T2), note("b", "Deck::Other", T2), note("c")),
    decks=("Deck", "Deck::Other"),
    descriptions=(),
)


def accept(after: str = "v1.2.0", **rules: tuple[str, ...]) -> ReleaseAcceptance:
    return ReleaseAcceptance(
        after, tuple(sorted((k.replace("_", "-"), v) for k, v in rules.items()))
    )


def test_the_previous_release_is_known_by_its_ref_and_its_version() -> None:
    assert release_names(OLD) == ["1.2.0"]
    assert release_names(OLD, "v1.2.0", "v1.2.0-final") == ["v1.2.0", "v1.2.0-final", "1.2.0"]


def test_an_accepted_move_passes_and_is_told_to_learners() -> None:
    judged = judge(OLD, NEW, accept(card_moved=("a", "b")))
    assert (judged.problems, judged.notes, judged.since) == ((), (), "v1.2.0")
    (moved,) = judged.accepted
    assert (moved.code, moved.cards) == ("card-moved", ("a", "b"))
    assert moved.learners == (
        "Cards 'a', 'b' moved from deck 'Deck' to 'Deck::Other'. Anki does not move a card you "
        "already have: they stay in 'Deck'; to follow, move them with Browse > Change Deck."
    )
    notes = as_markdown(diff_packages(OLD, NEW), judged.accepted)
    assert notes.endswith(
        "### Changes you may need to act on\n\n- Cards 'a', 'b' moved from deck 'Deck' to "
        "'Deck::Other'. Anki does not move a card you already have: they stay in 'Deck'; to "
        "follow, move them with Browse \\> Change Deck.\n"
    )


def test_a_card_not_named_still_fails() -> None:
    judged = judge(OLD, NEW, accept(card_moved=("a",)))
    (accepted,) = judged.accepted
    (problem,) = judged.problems
    assert (accepted.cards, problem.cards) == (("a",), ("b",))
    assert str(problem).startswith("card 'b' moved from deck 'Deck' to 'Deck::Other'")


def test_against_another_release_the_acceptance_is_void() -> None:
    judged = judge(OLD, NEW, accept("v1.1.0", card_moved=("a", "b")), ["v1.2.0"])
    assert judged.accepted == ()
    assert [p.code for p in judged.problems] == ["card-moved"]
    assert judged.notes == (
        "note: deck.yaml:1: 'release' accepts changes in the release after 'v1.1.0', but the "
        "previous release (previous/deck.apkg) is 'v1.2.0' or '1.2.0': the acceptance is void "
        "and every rule applies. Name this release's previous one in 'after:', or remove "
        "'release:'.",
    )
    unversioned = judge(replace(OLD, descriptions=()), NEW, accept(card_moved=("a", "b")))
    assert "the previous release (previous/deck.apkg) names no version" in unversioned.notes[0]


def test_an_acceptance_naming_no_failing_card_is_noted() -> None:
    judged = judge(OLD, NEW, accept(card_moved=("a", "b", "c"), tags_lost=("a",)))
    assert judged.problems == ()
    assert judged.notes == (
        "note: deck.yaml:1: 'release' accepts card-moved for 'c', but no change of card 'c' "
        "fails card-moved: remove it from 'accept:'.",
        "note: deck.yaml:1: 'release' accepts tags-lost for 'a', but no change of card 'a' "
        "fails tags-lost: remove it from 'accept:'.",
    )


def test_nothing_to_release_says_so() -> None:
    judged = judge(OLD, replace(OLD, path="v2"))
    assert judged.nothing_new
    (problem,) = judged.problems
    assert problem.message.startswith(
        "nothing to release: no note was added, and no note or card layout changed since "
        "previous/deck.apkg, so learners would get nothing."
    )


def test_deck_yaml_reads_the_release_section() -> None:
    text = "name: Deck\nid: deck-q8vz3k\nrelease:\n  after: v1.2.0\n  accept:\n    card-moved: [b, a]\n"
    settings, found = load_settings(text, "deck.yaml")
    assert found == [] and settings is not None
    assert settings.release == ReleaseAcceptance(
        "v1.2.0", (("card-moved", ("a", "b")),), 3, "deck-q8vz3k"
    )
    one = "name: Deck\nid: deck-q8vz3k\nrelease: {after: '1.10', accept: {tags-lost: a}}\n"
    settings, _ = load_settings(one, "deck.yaml")
    assert settings is not None and settings.release == ReleaseAcceptance(
        "1.10", (("tags-lost", ("a",)),), 3, "deck-q8vz3k"
    )


def test_deck_yaml_release_mistakes_are_named() -> None:
    def messages(release: str) -> list[str]:
        _, found = load_settings(f"name: Deck\nid: deck-q8vz3k\nrelease: {release}\n", "deck.yaml")
        return [str(f) for f in found]

    assert messages("{after: v1, accept: {card-move: [a]}}") == [
        "deck.yaml:3: release: 'card-move' cannot be accepted (did you mean 'card-moved'?): "
        "only the rules about one card each can be, card-moved, id-renamed, left-deck, "
        "mask-renumbered, new-guid, tags-lost, type-changed [syntax]"
    ]
    assert messages("{accept: {card-moved: [a]}}")[0].startswith(
        "deck.yaml:3: release: 'after' names the previous release this one follows"
    )
    assert messages("{after: v1, accept: {card-moved: []}}") == [
        "deck.yaml:3: release: accept: 'card-moved' lists the ids of the cards it is accepted "
        "for [syntax]"
    ]
    assert messages("v1.2.0")[0].startswith("deck.yaml:3: 'release' names the release it follows")
