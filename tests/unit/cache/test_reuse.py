"""What one build leaves the next: saved whole and loaded whole, an unusable part left empty."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from msgspec.structs import replace

from ankismith.cache.keys import keys_of
from ankismith.cache.reuse import Reuse, load_reuse, save_reuse, set_aside
from ankismith.check.questions import near_index
from ankismith.parse.settings import DeckSettings
from ankismith.render.rendered import CardRender
from tests.helpers import parse_text

CARDS, _ = parse_text(DeckSettings("D", "d"), "## What is LoRA?\n<!-- id: a -->\n### Answer\nA\n")
KEPT = Reuse(
    renders={"r": CardRender(("<p>What is LoRA?</p>", "<p>A</p>"))},
    parses={"f": (tuple(CARDS), ())},
    keys={"f": keys_of(CARDS)},
    near=near_index(CARDS, None),
    namespace="d",
    guids={"a": "Gx!1"},
    chunks={b"k" * 20: b"compressed"},
)


def test_an_empty_folder_gives_nothing_to_reuse(tmp_path: Path) -> None:
    assert load_reuse(tmp_path / "absent") == Reuse()


def test_saving_then_loading_gives_back_what_was_saved(tmp_path: Path) -> None:
    save_reuse(tmp_path, KEPT, Reuse())
    assert load_reuse(tmp_path) == KEPT


def test_without_the_package_what_only_packaging_reuses_is_not_read(tmp_path: Path) -> None:
    save_reuse(tmp_path, KEPT, Reuse())
    loaded = load_reuse(tmp_path, package=False)
    assert loaded == replace(KEPT, namespace="", guids={}, chunks={})


@pytest.mark.parametrize(
    ("name", "parts"),
    [("near.json", {"near"}), ("guids.json", {"namespace", "guids"}), ("deflate.bin", {"chunks"})],
)
def test_a_torn_part_is_empty_and_the_rest_is_kept(
    tmp_path: Path, name: str, parts: set[str]
) -> None:
    save_reuse(tmp_path, KEPT, Reuse())
    path = tmp_path / name
    path.write_bytes(path.read_bytes()[:-3])
    loaded = load_reuse(tmp_path)
    for part in Reuse.__struct_fields__:
        assert getattr(loaded, part) == getattr(Reuse() if part in parts else KEPT, part), part


def test_no_near_index_leaves_the_saved_one(tmp_path: Path) -> None:
    save_reuse(tmp_path, KEPT, Reuse())
    save_reuse(tmp_path, replace(KEPT, near=None), Reuse())
    assert load_reuse(tmp_path).near == KEPT.near


def test_guids_are_only_those_of_their_namespace() -> None:
    assert KEPT.guids_in("d") == {"a": "Gx!1"}
    assert KEPT.guids_in("other") == {}


def test_parts_saved_by_other_code_are_a_miss(tmp_path: Path) -> None:
    save_reuse(tmp_path, KEPT, Reuse())
    for name in ("near.json", "guids.json"):
        document = orjson.loads((tmp_path / name).read_bytes())
        (tmp_path / name).write_bytes(orjson.dumps({**document, "stamp": "older code"}))
    loaded = load_reuse(tmp_path)
    assert loaded == replace(KEPT, near=None, namespace="", guids={})


def test_set_aside_before_packaging_saves_the_same_and_lets_go_of_the_cards(
    tmp_path: Path,
) -> None:
    save_reuse(tmp_path, KEPT, Reuse())
    loaded = load_reuse(tmp_path)
    extra = parse_text(DeckSettings("D", "d"), "## What is DoRA?\n<!-- id: b -->\n### Answer\nB\n")
    kept = replace(KEPT, parses={**KEPT.parses, "g": (tuple(extra[0]), ())})
    kept = replace(kept, keys={**KEPT.keys, "g": keys_of(extra[0])}, near=loaded.near)
    aside, rest, emptied = set_aside(kept, loaded)
    # A rebuild's new entries are encoded at once: no card is held for the save any more.
    assert rest.parses == rest.keys == emptied.parses == emptied.keys == {}
    assert rest.near is None and aside.near is None  # the index loaded is not saved again
    assert aside.parses.added and aside.keys.added and not aside.parses.live
    save_reuse(tmp_path, rest, emptied, aside)
    assert load_reuse(tmp_path) == kept
