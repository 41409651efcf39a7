"""The release rules about what reaches learners: build times, and a release with no change."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from msgspec.structs import replace

from ankismith.apkg.contents import PackageInfo
from ankismith.release.delivery import delivery
from tests.helpers import EPOCH
from tests.unit.release.trees import DAY, builder

Built = Callable[..., PackageInfo]


@pytest.fixture(scope="module", name="built")
def _built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return builder(tmp_path_factory.mktemp("delivery"))


def codes(old: PackageInfo, new: PackageInfo, explained: bool = False) -> list[str]:
    return [p.code for p in delivery(old, new, explained=explained)]


@pytest.mark.parametrize(
    ("name", "when", "expected"),
    [
        ("edited", EPOCH + DAY, []),
        ("added", EPOCH, []),  # an added card always arrives, whatever its time
        ("moved", EPOCH + DAY, []),
        ("edited", EPOCH, ["not-newer"]),
        ("edited", EPOCH - DAY, ["not-newer"]),
        ("v1", EPOCH + DAY, ["nothing-new"]),
        ("removed", EPOCH + DAY, ["nothing-new"]),
    ],
)
def test_what_reaches_learners(built: Built, name: str, when: int, expected: list[str]) -> None:
    assert codes(built("v1"), built(name, when)) == expected


def test_a_stale_edit_names_the_card_and_both_times(built: Built) -> None:
    (problem,) = delivery(built("v1"), built("edited", EPOCH - DAY))
    assert problem.message.startswith(
        "1 changed card ('a') would not reach learners: built 2023-11-13 22:13:20 UTC, not newer "
        "than the previous release (2023-11-14 22:13:20 UTC)"
    )


def test_a_release_that_only_removes_says_learners_must_delete(built: Built) -> None:
    (problem,) = delivery(built("v1"), built("removed", EPOCH + DAY))
    assert "The only change is 1 removed card, which Anki never deletes" in problem.message
    assert "delete it." in problem.message
    (same,) = delivery(built("v1"), built("v1", EPOCH + DAY))
    assert "removed" not in same.message


def test_nothing_new_is_left_to_a_rule_that_explained_more(built: Built) -> None:
    assert codes(built("v1"), built("v1", EPOCH + DAY), explained=True) == []
    assert codes(built("v1"), built("edited", EPOCH), explained=True) == ["not-newer"]


def test_a_new_layout_must_be_newer_unless_its_schema_changed(built: Built) -> None:
    old = built("v1")
    (basic,) = old.notetypes
    restyled = replace(old, notetypes=(replace(basic, css=basic.css + ".x {}"),))
    (problem,) = delivery(old, restyled)
    assert problem.code == "layout-not-newer"
    assert problem.message.startswith(f"note type '{basic.name}' has new templates or CSS")
    later = replace(restyled, notetypes=(replace(restyled.notetypes[0], mtime=basic.mtime + 1),))
    assert codes(old, later) == []
    # A changed field list arrives as a copy whatever the time: the schema rule's to report.
    refielded = replace(old, notetypes=(replace(basic, fields=(*basic.fields, "More")),))
    assert codes(old, refielded) == []
