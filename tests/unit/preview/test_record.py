"""The record's index digest by blocks, its entries as gaps and lengths, its files: what an update uses."""

import pytest

from ankismith.preview.record import (
    BLOCK_NOTES,
    all_files,
    block_digests,
    index_bounds,
    index_digest,
    index_file_digest,
    pack_files,
    pack_notes,
    read_files,
    unpack_notes,
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


def test_notes_kept_as_gaps_and_lengths_read_back_as_they_were() -> None:
    notes = [
        (
            "a",
            [
                ["cards/1-1.html", "index.html", 100, 150],
                ["cards/1-2.html", "index.html", 150, 170],
            ],
        ),
        ("b", []),
        ("c", [["deck/cards/1-1.html", "deck/index.html", 40, 90]]),
        ("d", [["cards/2-1.html", "index.html", 175, 200]]),
        ("e", [["deck/cards/2-1.html", "deck/index.html", 90, 95]]),
    ]
    packed = pack_notes(notes)
    # In columns; each entry's start is its gap from the one before in its index.
    assert packed["keys"] == ["a", "b", "c", "d", "e"] and packed["cards"] == [2, 0, 1, 1, 1]
    assert packed["gaps"] == [100, 0, 40, 5, 0] and packed["lengths"] == [50, 20, 50, 25, 5]
    assert packed["indexes"] == [
        "index.html",
        "index.html",
        "deck/index.html",
        "index.html",
        "deck/index.html",
    ]
    assert unpack_notes(packed) == [(key, [tuple(card) for card in cards]) for key, cards in notes]
    # A lone deck's entries are all in the main index: it goes unnamed.
    alone = pack_notes(notes[:2] + notes[3:4])
    assert alone["indexes"] is None and alone["pages"][-1] == "cards/2-1.html"
    assert unpack_notes(alone) == [
        (key, [tuple(card) for card in cards]) for key, cards in notes[:2] + notes[3:4]
    ]


def test_notes_in_a_form_the_record_does_not_write_are_refused() -> None:
    good = pack_notes([("a", [["p1", "index.html", 10, 20]])])
    for bad in (
        {**good, "cards": [2]},
        {**good, "gaps": [True]},
        {**good, "keys": [1]},
        {**good, "lengths": []},
        {**good, "indexes": ["index.html", "x"]},
        {key: value for key, value in good.items() if key != "pages"},
    ):
        with pytest.raises((ValueError, TypeError, KeyError)):
            unpack_notes(bad)


def test_an_edit_changes_no_other_notes_packed_entries() -> None:
    before = pack_notes(
        [("a", [["p1", "index.html", 10, 20]]), ("b", [["p2", "index.html", 25, 40]])]
    )
    after = pack_notes(
        [("a", [["p1", "index.html", 10, 90]]), ("b", [["p2", "index.html", 95, 110]])]
    )
    assert before["gaps"][1:] == after["gaps"][1:] and before["lengths"][1] == after["lengths"][1]


def test_card_pages_digests_kept_with_their_cards_not_among_the_files() -> None:
    site = {"index.html": "i-9", "cards/1-1.html": "a-1", "cards/2-1.html": "b-2"}
    cards = [("a", [["cards/1-1.html", "index.html", 0, 5]]), ("b", [])]
    cards.append(("c", [["cards/2-1.html", "index.html", 5, 9]]))
    notes = pack_notes(cards, site)
    files = pack_files(site, notes["pages"])
    assert notes["digests"] == ["a-1", "b-2"] and files.names == ["index.html"]
    assert all_files(files, notes) == site
    assert all_files(files, {**notes, "digests": ["a-1"]}) == {"index.html": "i-9"}


def test_files_kept_sorted_by_name_and_checked() -> None:
    files = pack_files({"index.html": "d-3", "cards/b.html": "b-2", "assets/a.css": "a-1"})
    assert files.names == ["assets/a.css", "cards/b.html", "index.html"]
    assert files.digests == ["a-1", "b-2", "d-3"]
    assert read_files(files._asdict()) == files
    for bad in (
        {"names": ["b", "a"], "digests": ["1", "2"]},
        {"names": ["a"], "digests": []},
        {"names": ["a"], "digests": [1]},
    ):
        with pytest.raises((ValueError, TypeError)):
            read_files(bad)
