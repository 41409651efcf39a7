"""Cache files a rebuild appends to: read back whole, appended to, rewritten when mostly stale."""

from __future__ import annotations

import random
from pathlib import Path

from ankismith.cache.log import (
    SPARE,
    LogIndex,
    Saved,
    drop_log,
    load_log,
    plan_log,
    read_log,
    save_log,
    stage_log,
    write_log,
)


def _save(path: Path, live: dict[str, int], saved: Saved[int] | None = None) -> None:
    save_log(path, "v1", live, saved if saved is not None else Saved(), lambda n: [n])


def _load(path: Path, stamp: str = "v1") -> Saved[int]:
    return load_log(path, stamp, lambda value: int(value[0]))


def test_entries_come_back_as_they_were_saved(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    _save(log, {"a": 1, "b": 2})
    assert _load(log) == {"a": 1, "b": 2} and _load(log).lines == 2


def test_a_rebuild_appends_only_the_entries_it_made(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    _save(log, {"a": 1, "b": 2})
    before = log.read_bytes()
    _save(log, {"a": 1, "c": 3}, _load(log))
    assert log.read_bytes().startswith(before) and log.read_bytes().count(b"\n") == 4
    assert _load(log) == {"a": 1, "b": 2, "c": 3}
    unchanged = log.read_bytes()
    _save(log, {"a": 1, "c": 3}, _load(log))
    assert log.read_bytes() == unchanged


def test_a_file_mostly_of_entries_no_build_uses_is_rewritten_with_those_in_use(
    tmp_path: Path,
) -> None:
    log = tmp_path / "x.log"
    _save(log, {"a": 1})
    for n in range(SPARE + 5):  # one edit after another: one new entry each, the last one dead
        _save(log, {"a": 1, f"e{n}": n}, _load(log))
    assert _load(log).lines <= 2 * 2 + SPARE
    assert {"a": 1, f"e{SPARE + 4}": SPARE + 4}.items() <= _load(log).items()


def test_another_stamp_or_no_file_counts_as_empty(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    assert _load(log) == {} and _load(log).lines == -1
    _save(log, {"a": 1})
    assert _load(log, "v2") == {} and _load(log, "v2").lines == -1
    _save(log, {"b": 2}, _load(log, "v2"))  # an old file is rewritten, not appended to
    assert _load(log) == {"b": 2}


def test_a_torn_last_line_is_left_out_and_the_rest_kept(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    _save(log, {"a": 1, "b": 2})
    log.write_bytes(log.read_bytes() + b'["c", [3')
    assert _load(log) == {"a": 1, "b": 2}
    _save(log, {"a": 1, "d": 4}, _load(log))  # written anew: nothing follows the torn line
    assert _load(log) == {"a": 1, "d": 4} and _load(log).lines == 2


def test_damage_counts_as_empty(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    for damage in (b"not json", b'{"stamp": "v1"}\n["a", [1]],\nnot json,\n', b"[1, 2]"):
        log.write_bytes(damage)
        assert read_log(log, "v1") == ([], -1)


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    _save(blocked / "x.log", {"a": 1})  # its folder is a file: nothing written, nothing raised
    assert not (blocked / "x.log").exists()


def test_a_file_of_no_entries_is_empty_and_appended_to(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    _save(log, {})
    assert read_log(log, "v1") == ([], 0)
    _save(log, {"a": 1}, _load(log))
    assert _load(log) == {"a": 1}


def test_an_entry_its_reader_refuses_empties_the_whole_file(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    _save(log, {"a": 1, "b": 2})
    log.write_bytes(log.read_bytes() + b'["c", "not a list"],\n')
    assert _load(log) == {} and _load(log).lines == -1


def test_an_index_of_the_file_decodes_only_the_entries_asked_for(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    _save(log, {"a": 1, "b": 2, "c": 3})
    decoded: list[object] = []

    def decode(value: object) -> int:
        decoded.append(value)
        return int(value[0])  # type: ignore[index]

    index = LogIndex(log, "v1", decode)
    assert sorted(index) == ["a", "b", "c"] and len(index) == 3
    assert index.get("b") == 2 and index.get("x") is None and decoded == [[2]]
    # As load_log reads it, the last entry of a torn file left out and the rest kept.
    log.write_bytes(log.read_bytes() + b'["d", [4')
    assert dict(LogIndex(log, "v1", decode)) == _load(log) == {"a": 1, "b": 2, "c": 3}


def test_an_index_finds_every_entry_asked_for_in_any_order(tmp_path: Path) -> None:
    # Entries far apart (beyond the span searched first after the last one found), asked for
    # in order, backwards, and at random: each is found where it is, wherever the last was.
    log = tmp_path / "x.log"
    entries = {f"k{n}": [n, "x" * 3000] for n in range(200)}
    save_log(log, "v1", entries, Saved(), lambda value: value)
    keys = list(entries)
    for order in (keys, keys[::-1], random.Random(7).sample(keys, len(keys))):
        index = LogIndex(log, "v1", lambda value: int(value[0]))
        assert [index.get(key) for key in order] == [entries[key][0] for key in order]
        assert index.get("k1000") is None and index.get("k2") == 2


def test_an_index_of_another_stamp_no_file_or_an_empty_one_is_empty(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    _save(log, {"a": 1})
    assert len(LogIndex(log, "v2", int)) == 0
    assert len(LogIndex(tmp_path / "none.log", "v1", int)) == 0
    (tmp_path / "empty.log").write_bytes(b"")
    assert len(LogIndex(tmp_path / "empty.log", "v1", int)) == 0


def test_an_entry_its_index_cannot_decode_is_missing(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    _save(log, {"a": 1, "b": 2})
    log.write_bytes(log.read_bytes().replace(b"[2]", b"[2!"))
    index = LogIndex(log, "v1", lambda value: int(value[0]))
    assert index.get("a") == 1 and index.get("b") is None


def test_entries_asked_for_before_any_listing_are_searched_for_in_any_order(
    tmp_path: Path,
) -> None:
    log = tmp_path / "x.log"
    _save(log, {"ab": 1, "a": 2, "abc": 3, "b": 4})
    log.write_bytes(log.read_bytes() + b'["d", [5')  # a torn last line
    index = LogIndex(log, "v1", lambda value: int(value[0]))
    assert bool(index)
    # Each found from where the last one was, wrapping round; a key's prefix is another key.
    asked = ["abc", "a", "b", "ab", "abc", "x", "d", 'a"', "a\\"]
    assert [index.get(key) for key in asked] == [3, 2, 4, 1, 3, None, None, None, None]
    assert dict(index) == {"ab": 1, "a": 2, "abc": 3, "b": 4}
    assert not LogIndex(tmp_path / "none.log", "v1", int)


def test_a_file_written_anew_is_staged_beside_its_place_and_renamed_there(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    _save(log, {"a": 1})
    before = log.read_bytes()
    plan = stage_log(log, "v1", plan_log({"b": 2, "c": 3}, Saved(), lambda n: [n]))
    assert plan.staged is not None and plan.staged.parent == tmp_path and not plan.live
    assert log.read_bytes() == before  # nothing in place until the package is
    write_log(log, "v1", plan)
    assert _load(log) == {"b": 2, "c": 3} and [p.name for p in tmp_path.iterdir()] == ["x.log"]
    dropped = stage_log(log, "v1", plan_log({"d": 4}, Saved(), lambda n: [n]))
    drop_log(dropped)
    assert [p.name for p in tmp_path.iterdir()] == ["x.log"] and _load(log) == {"b": 2, "c": 3}


def test_a_staged_file_whose_entry_cannot_be_encoded_is_not_written(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    plan = stage_log(log, "v1", plan_log({"a": 1, "b": 2}, Saved(), lambda n: [{n}]))
    assert plan.staged is None and plan.added == b""
    write_log(log, "v1", plan)
    assert list(tmp_path.iterdir()) == []
