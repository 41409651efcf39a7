"""The code version: read from ankismith's files, or from a cache folder's record of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ankismith.cache import folder
from ankismith.cache.folder import (
    CODE_FILE,
    code_version,
    prime_code_version,
    read_json,
    record_code_version,
    write_json,
)


@pytest.fixture(autouse=True, name="fresh")
def _fresh() -> Iterator[str]:
    """Forget the code version this process knows, before and after; give the one read."""
    code_version.cache_clear()
    folder._known.clear()
    read = code_version()
    code_version.cache_clear()
    yield read
    code_version.cache_clear()
    folder._known.clear()


def test_a_build_records_the_version_it_read(tmp_path: Path, fresh: str) -> None:
    record_code_version(tmp_path)
    state, racy = folder._code_state()
    if racy:
        pytest.skip("ankismith's files changed in the last seconds: nothing is recorded")
    assert read_json(tmp_path / CODE_FILE, state) == fresh


def test_a_record_for_the_files_as_they_are_is_taken(tmp_path: Path, fresh: str) -> None:
    state, racy = folder._code_state()
    if racy:
        pytest.skip("ankismith's files changed in the last seconds: no record is trusted")
    write_json(tmp_path / CODE_FILE, state, "a" * 64)
    prime_code_version(tmp_path)
    assert code_version() == "a" * 64
    record_code_version(tmp_path)  # the record holds it: not written again
    assert read_json(tmp_path / CODE_FILE, state) == "a" * 64


def test_a_record_for_other_files_or_unreadable_is_not_taken(tmp_path: Path, fresh: str) -> None:
    write_json(tmp_path / CODE_FILE, "another state", "a" * 64)
    prime_code_version(tmp_path)
    assert code_version() == fresh
    code_version.cache_clear()
    (tmp_path / CODE_FILE).write_bytes(b"{not json")
    prime_code_version(tmp_path)
    assert code_version() == fresh


def test_priming_after_the_version_is_known_changes_nothing(tmp_path: Path, fresh: str) -> None:
    assert code_version() == fresh
    state, _ = folder._code_state()
    write_json(tmp_path / CODE_FILE, state, "a" * 64)
    prime_code_version(tmp_path)
    assert code_version() == fresh
