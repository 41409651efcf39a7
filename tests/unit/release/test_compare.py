"""``diff``'s two sides read from package files, then diffed or guarded."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankismith.errors import PackageError
from ankismith.release.compare import compare, load_side
from tests.helpers import EPOCH
from tests.unit.release.trees import DAY, builder

V1 = f"v1-{EPOCH}/deck.apkg"
EDITED, MOVED = f"edited-{EPOCH + DAY}/deck.apkg", f"moved-{EPOCH + DAY}/deck.apkg"


@pytest.fixture(scope="module", name="root")
def _root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("compare")
    built = builder(root)
    built("v1")
    built("edited", EPOCH + DAY)
    built("moved", EPOCH + DAY)
    return root


def test_a_diff_names_both_packages_and_each_change(root: Path) -> None:
    text = compare(V1, EDITED, Path("content"), fmt="text", check=False, cwd=root)
    assert text.failures == 0 and text.warnings == ()
    assert text.output.splitlines() == [
        f"{root / V1} -> {root / EDITED}: 0 notes added, 0 removed, 1 changed",
        "~ card 'a':",
        "    Answer: [-Alpha.-] {+Alpha, corrected.+}",
    ]


def test_the_check_passes_a_safe_release_and_counts_each_problem(root: Path) -> None:
    safe = compare(V1, EDITED, Path("content"), fmt="text", check=True, cwd=root)
    assert safe.output == f"OK: {EDITED} keeps learners of {V1} updating in place.\n"
    assert safe.failures == 0
    risky = compare(V1, MOVED, Path("content"), fmt="text", check=True, cwd=root)
    lines = risky.output.splitlines()
    assert risky.failures == len(lines) == 2
    assert [line.split(": ", 1)[0] for line in lines] == ["problem", "problem"]
    assert lines[0].endswith("[card-moved]") and lines[1].endswith("[tags-lost]")


def test_markdown_is_the_release_notes_form(root: Path) -> None:
    notes = compare(V1, EDITED, Path("content"), fmt="markdown", check=False, cwd=root)
    assert (
        "### Corrected cards\n\n- `a`: Answer: ~~Alpha.~~ **Alpha, corrected.**\n" in notes.output
    )


def test_a_side_that_is_neither_a_package_nor_a_commit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match=r"neither an \.apkg file nor a git commit"):
        load_side("v9", Path("content"), tmp_path)
    with pytest.raises(PackageError, match=r"missing\.apkg"):
        load_side("missing.apkg", Path("content"), tmp_path)
