"""An index's digest is made of its blocks': an update in place digests only those it changed."""

from ankismith.preview.record import (
    BLOCK_NOTES,
    block_digests,
    index_bounds,
    index_digest,
    index_file_digest,
)


def test_blocks_start_at_every_block_of_notes_first_entry() -> None:
    starts = list(range(10, 10 * (3 * BLOCK_NOTES + 1), 10))
    bounds = index_bounds(True, starts, 10_000)
    assert bounds == [0, starts[BLOCK_NOTES], starts[2 * BLOCK_NOTES]]
    assert index_bounds(False, starts, 10_000) == [0]


def test_blocks_digested_from_parts_are_the_whole_files() -> None:
    data = bytes(range(128)) * 800
    starts = list(range(0, len(data), 97))
    digest, blocks = index_file_digest(data, starts)
    bounds = index_bounds(True, starts, len(data))
    assert len(blocks) == len(bounds) > 3
    assert digest == index_digest(blocks, len(data))
    assert digest.endswith(f"-{len(data)}")
    parts = [data[:5], memoryview(data)[5:40_000], b"", data[40_000:40_001], data[40_001:]]
    assert block_digests(parts, bounds) == dict(enumerate(blocks))
    some = block_digests(parts, bounds, [2, 0, 2])
    assert some == {0: blocks[0], 2: blocks[2]}


def test_an_index_not_all_ascii_is_one_block() -> None:
    data = "é".encode() + b"x" * 100_000
    digest, blocks = index_file_digest(data, list(range(0, 100_000, 10)))
    assert len(blocks) == 1
    assert digest == index_digest(blocks, len(data))
