"""The release rules about a card's identity and place, on packages built from small trees."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from msgspec.structs import replace

from ankismith.apkg.contents import PackageInfo
from ankismith.release.moves import left_decks, lost_tags, moved_cards, new_guids, renamed_ids
from tests.helpers import EPOCH
from tests.unit.release.trees import DAY, builder

RULES = (new_guids, renamed_ids, moved_cards, lost_tags)
Built = Callable[..., PackageInfo]


@pytest.fixture(scope="module", name="built")
def _built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return builder(tmp_path_factory.mktemp("moves"))


def found(built: Built, name: str) -> list[str]:
    """Return every problem the four rules find from v1 to release ``name``, built a day later."""
    old, new = built("v1"), built(name, EPOCH + DAY)
    return [str(p) for rule in RULES for p in rule(old, new)]


@pytest.mark.parametrize("name", ["v1", "edited", "added", "removed", "deck-renamed"])
def test_a_safe_release_breaks_no_identity_rule(built: Built, name: str) -> None:
    assert found(built, name) == []


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("moved", ["card-moved", "tags-lost"]),
        ("moved-tagged", ["card-moved"]),
        ("refiled", ["tags-lost"]),
        ("renamed", ["id-renamed"]),
        ("reworded", ["id-renamed"]),
        ("new-deck-id", ["deck-id-changed"]),
    ],
)
def test_each_risky_edit_is_found_by_its_rule(built: Built, name: str, codes: list[str]) -> None:
    assert [line.rsplit("[", 1)[1].rstrip("]") for line in found(built, name)] == codes


def test_a_moved_card_is_named_with_both_decks_and_its_lost_tag(built: Built) -> None:
    moved, lost = found(built, "moved")
    assert moved.startswith("card 'a' moved from deck 'Test Deck' to 'Test Deck::Sub': ")
    assert lost.startswith("card 'a' moved from a.md to Sub/c.md and lost the tag alpha: ")


def test_a_renamed_or_reworded_id_names_the_old_id_to_keep(built: Built) -> None:
    (renamed,) = found(built, "renamed")
    assert renamed.startswith("card 'a' is back under the new id 'a2' ")
    assert "<!-- id: a -->" in renamed
    (reworded,) = found(built, "reworded")
    old = built("v1").notes[-1].key
    assert (
        old.startswith("q-") and f"card '{old}' has no id and its question was edited" in reworded
    )


def test_one_new_guid_is_named_and_all_new_guids_are_the_deck_id(built: Built) -> None:
    old = built("v1")
    notes = tuple(replace(n, guid="fresh") if n.key == "b" else n for n in old.notes)
    (problem,) = new_guids(old, replace(old, notes=notes))
    assert problem.code == "new-guid"
    assert problem.message.startswith(f"card 'b' has a new GUID ({old.notes[1].guid!r} -> 'fresh')")
    (every,) = new_guids(old, built("new-deck-id"))
    assert every.message.startswith("every card has a new GUID (4 of 4)")


def test_a_card_gone_to_another_deck_of_the_project_is_named_with_that_deck(
    built: Built,
) -> None:
    old, new = built("v1"), built("removed", EPOCH + DAY)
    gone = [n for n in old.notes if n.guid not in {m.guid for m in new.notes}]
    assert gone
    assert left_decks(old, new, {}) == []
    assert left_decks(old, new, {"someone-else": "other"}) == []
    (problem,) = left_decks(old, new, {gone[0].guid: "other"})
    assert problem.code == "left-deck" and problem.cards == (gone[0].key,)
    assert f"card '{gone[0].key}' moved to deck 'other' of the project" in problem.message
    assert "learners of this deck keep it in" in problem.message
