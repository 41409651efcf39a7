"""The build cache and worker processes save time and never change a byte of the output."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace

from ankismith.apkg import collection
from ankismith.cache import keys as card_keys
from ankismith.cache.folder import ENVIRONMENT as ANKISMITH_CACHE_DIR
from ankismith.cache.folder import _code_state, cache_folder
from ankismith.cache.renders import RENDER_LOG, load_renders
from ankismith.parse import scanner
from ankismith.pipeline import build, check
from ankismith.render import deck as rendering
from ankismith.render import fields
from tests.helpers import WriteTree, copy_sample, sha256

ENV = {"SOURCE_DATE_EPOCH": "1700000000"}


@pytest.fixture(name="content")
def _content(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "content")


def record_calls(
    monkeypatch: pytest.MonkeyPatch, module: object, name: str, label: Callable[..., str]
) -> list[str]:
    """Replace ``module.name`` with a wrapper that records ``label(*args)`` for every call."""
    calls: list[str] = []
    real = getattr(module, name)

    def recording(*args: Any) -> Any:
        calls.append(label(*args))
        return real(*args)

    monkeypatch.setattr(module, name, recording)
    return calls


def count_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    # Looked up where the deck stage imports it when it renders: a card not in the cache.
    return record_calls(monkeypatch, fields, "render_one", lambda card, _: card.card_id)


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return record_calls(monkeypatch, scanner, "parse_source", lambda src, *_: str(src.relpath))


def test_cold_warm_and_parallel_builds_are_byte_identical(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = build(content, tmp_path / "a", ENV)
    assert (cache_folder(tmp_path / "a", {}) / RENDER_LOG).is_file()
    rendered = count_renders(monkeypatch)
    warm = build(content, tmp_path / "a", ENV)
    assert rendered == []
    monkeypatch.setattr(rendering, "PARALLEL_FROM", 1)
    monkeypatch.setattr(rendering, "CHUNK", 7)
    parallel = build(content, tmp_path / "b", ENV, workers=2)
    assert rendered == []  # the workers rendered, in other processes
    assert sha256(cold.output) == sha256(warm.output) == sha256(parallel.output)
    assert load_renders(cache_folder(tmp_path / "a", {})) == load_renders(
        cache_folder(tmp_path / "b", {})
    )


def test_one_edit_renders_one_card(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(content, tmp_path / "out", ENV)
    source = content / "fundamentals.md"
    source.write_text(source.read_text().replace("**Fine-tuning.**", "**Fine-tuning**, again."))
    rendered = count_renders(monkeypatch)
    edited = build(content, tmp_path / "out", ENV)
    assert rendered == ["fine-tuning"]
    fresh = build(content, tmp_path / "fresh", ENV)
    assert sha256(edited.output) == sha256(fresh.output)


def test_changed_media_invalidates_cards(content: Path, tmp_path: Path) -> None:
    first = sha256(build(content, tmp_path / "out", ENV).output)
    svg = content / "Methods" / "images" / "lora.svg"
    svg.write_text(svg.read_text().replace("</svg>", "<!-- v2 --></svg>"))
    second = sha256(build(content, tmp_path / "out", ENV).output)
    fresh = sha256(build(content, tmp_path / "fresh", ENV).output)
    assert second == fresh != first


@pytest.mark.parametrize("damage", [b"not json", b'{"version": "old", "entries": {}}', b"[1, 2]"])
def test_a_broken_or_old_cache_is_ignored(content: Path, tmp_path: Path, damage: bytes) -> None:
    reference = build(content, tmp_path / "ref", ENV)
    target = cache_folder(tmp_path / "out", {}) / RENDER_LOG
    target.parent.mkdir(parents=True)
    target.write_bytes(damage)
    assert sha256(build(content, tmp_path / "out", ENV).output) == sha256(reference.output)


def test_progress_reports_only_rendering_work(content: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    build(content, tmp_path / "out", ENV, progress=lambda n, total: calls.append((n, total)))
    cards = sum(n for n, _ in calls)
    assert cards == calls[0][1] and cards >= 30
    calls.clear()
    build(content, tmp_path / "out", ENV, progress=lambda n, total: calls.append((n, total)))
    assert calls == []


def test_unwritable_cache_only_costs_time(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".ankismith-cache").mkdir(parents=True)
    os.chmod(out / ".ankismith-cache", 0o500)
    try:
        report = build(content, out, ENV)
    finally:
        os.chmod(out / ".ankismith-cache", 0o700)
    assert Path(report.output).is_file()


def test_a_cached_problem_is_placed_where_the_card_now_stands(
    write_tree: WriteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = "## Q\n<!-- id: q -->\n\n### Answer\n\n![x](https://example.org/x.png)\n\n### Explanation\n\nE.\n"
    content = write_tree({"a.md": card})
    first = build(content, tmp_path / "out", ENV)
    assert [w.split(": ")[0] for w in first.warnings] == [f"{content}/a.md:6"]
    (content / "a.md").write_text("\n\n\n" + card)  # the same card, three lines lower
    rendered = count_renders(monkeypatch)
    moved = build(content, tmp_path / "out", ENV)
    assert rendered == []  # taken from the cache...
    assert [w.split(": ")[0] for w in moved.warnings] == [f"{content}/a.md:9"]  # ...and placed anew
    assert moved.warnings[0].endswith("[remote-resource]")


def test_a_rebuild_reparses_only_the_edited_file_and_matches_a_cold_build(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(content, tmp_path / "out", ENV)
    source = content / "practice.md"
    source.write_text(
        source.read_text()
        + "\n## One more question about rank?\n<!-- id: more -->\n### Answer\nA.\n### Explanation\nE.\n"
    )
    parsed = count_parses(monkeypatch)
    edited = build(content, tmp_path / "out", ENV)
    assert parsed == ["practice.md"]
    parsed.clear()
    fresh = build(content, tmp_path / "fresh", ENV)
    assert len(parsed) == len(list(content.rglob("*.md")))
    assert sha256(edited.output) == sha256(fresh.output)
    assert edited.warnings == fresh.warnings


def test_an_unchanged_build_writes_nothing_and_a_damaged_package_is_rebuilt(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build(content, tmp_path / "out", ENV)
    written: list[int] = []
    real = collection.collection_file
    monkeypatch.setattr(
        collection, "collection_file", lambda *args: written.append(1) or real(*args)
    )
    again = build(content, tmp_path / "out", ENV)
    assert written == [] and again == replace(first, rendered=0, reused=first.rendered)
    Path(first.output).write_bytes(b"damaged")
    repaired = build(content, tmp_path / "out", ENV)
    assert written == [1] and sha256(repaired.output) == sha256(first.output)
    assert (repaired.rendered, repaired.reused) == (0, first.rendered)
    assert build(content, tmp_path / "out", {**ENV, "SOURCE_DATE_EPOCH": "1700000001"}) != first
    assert written == [1, 1]


def test_every_cache_at_once_gives_the_bytes_of_a_cold_build(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(content, tmp_path / "out", ENV)
    (tmp_path / "out" / ".ankismith-cache" / "build.json").unlink()  # force the staged rebuild
    rendered, parsed = count_renders(monkeypatch), count_parses(monkeypatch)
    warm = build(content, tmp_path / "out", ENV)
    assert rendered == [] and parsed == []
    cold = build(content, tmp_path / "cold", {**ENV, ANKISMITH_CACHE_DIR: str(tmp_path / "c")})
    assert sha256(warm.output) == sha256(cold.output) and warm.warnings == cold.warnings


def test_a_rebuild_derives_keys_only_for_the_file_that_changed(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(content, tmp_path / "out", ENV)
    edited = sorted(content.rglob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    derived = record_calls(
        monkeypatch, card_keys, "keys_of", lambda cards: " ".join({c.source for c in cards})
    )
    warm = build(content, tmp_path / "out", ENV)
    assert derived and set(derived) == {edited.relative_to(content).as_posix()}
    cold = build(content, tmp_path / "cold", {**ENV, ANKISMITH_CACHE_DIR: str(tmp_path / "c")})
    assert sha256(warm.output) == sha256(cold.output) and warm.warnings == cold.warnings


def test_a_rebuild_derives_guids_only_for_new_ids_and_never_from_another_namespace(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build(content, tmp_path / "out", ENV)
    card = sorted(content.rglob("*.md"))[0]
    card.write_text(
        card.read_text(encoding="utf-8") + "\n## A new card?\n<!-- id: brand-new -->\n"
        "### Answer\nYes.\n### Explanation\nBecause.\n",
        encoding="utf-8",
    )
    derived = record_calls(monkeypatch, collection, "note_guid", lambda _, card_id: card_id)
    build(content, tmp_path / "out", ENV)
    assert derived == ["brand-new"]
    settings = content / "deck.yaml"
    text = settings.read_text(encoding="utf-8")
    namespace = text.split("id: ", 1)[1].split()[0]
    settings.write_text(text.replace(f"id: {namespace}", "id: another-k3v9tq"), encoding="utf-8")
    moved = build(content, tmp_path / "out", ENV)
    assert len(derived) == 1 + moved.cards  # every GUID of the other namespace derived anew
    cold = build(content, tmp_path / "cold", {**ENV, ANKISMITH_CACHE_DIR: str(tmp_path / "c")})
    assert moved.sha256 == cold.sha256 != first.sha256


def test_a_rebuild_lays_the_collection_out_anew_only_when_a_deck_or_note_type_changed(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(content, tmp_path / "out", ENV)
    laid_out = record_calls(monkeypatch, collection, "capture", lambda _, key: key)
    card = sorted(content.rglob("*.md"))[0]
    card.write_text(card.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = build(content, tmp_path / "out", ENV)
    assert laid_out == []  # the last build's layout, without genanki
    settings = content / "deck.yaml"
    text = settings.read_text(encoding="utf-8")
    name = text.split("name: ", 1)[1].splitlines()[0]
    settings.write_text(text.replace(f"name: {name}", "name: Renamed"), encoding="utf-8")
    renamed = build(content, tmp_path / "out", ENV)
    assert len(laid_out) == 1
    cold = build(content, tmp_path / "cold", {**ENV, ANKISMITH_CACHE_DIR: str(tmp_path / "c")})
    assert renamed.sha256 == cold.sha256 != edited.sha256


def test_the_cache_folder_can_be_moved(content: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "ci-cache"
    build(content, tmp_path / "out", {**ENV, ANKISMITH_CACHE_DIR: str(elsewhere)})
    assert not (tmp_path / "out" / ".ankismith-cache").exists()
    assert {p.name for p in elsewhere.iterdir()} == {
        "render.log",
        "parse.log",
        "near.json",
        "keys.log",
        "guids.json",
        "layout.json",
        "deflate.bin",
        "check.json",
        "build.json",
        "settings.json",
        *(() if _code_state()[1] else ("code.json",)),  # not while our files just changed
    }


def test_check_after_a_build_finds_what_a_check_without_cache_finds(
    content: Path, tmp_path: Path
) -> None:
    (content / "near.md").write_text(
        "## Which rank does the LoRA adapter use for the attention weights of the base model here?\n<!-- id: n1 -->\n"
        "### Answer\nA.\n### Explanation\nE.\n\n"
        "## Which rank does the LoRA adapter use for the attention weights of the base model there?\n<!-- id: n2 -->\n"
        "### Answer\nA.\n### Explanation\nE.\n"
    )
    build(content, tmp_path / "out", ENV)
    cached = check(content, output=tmp_path / "out", environ={})
    assert cached.diagnostics == check(content).diagnostics
    assert any(d.code == "near-duplicate" for d in cached.diagnostics)


def test_check_of_what_was_just_built_reports_the_builds_findings_without_parsing(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (content / "slips.md").write_text(
        "## Without an id?\n\n### Answer\n\nA.\n\n"
        "## Without an explanation?\n<!-- id: s2 -->\n\n### Answer\n\nB.\n"
    )
    build(content, tmp_path / "out", ENV)
    fresh, fresh_strict = check(content), check(content, strict=True)
    parses, renders = count_parses(monkeypatch), count_renders(monkeypatch)
    cached = check(content, output=tmp_path / "out", environ={})
    cached_strict = check(content, strict=True, output=tmp_path / "out", environ={})
    assert parses == renders == []
    assert cached.diagnostics == fresh.diagnostics
    assert {d.code for d in cached.diagnostics} >= {"missing-id", "missing-explanation"}
    assert cached_strict.diagnostics == fresh_strict.diagnostics
    assert cached.summary() == fresh.summary()
    assert cached.total == len(fresh.cards)

    with (content / "slips.md").open("a") as file:
        file.write("\n### Explanation\n\nNow there is one.\n")
    edited = check(content, output=tmp_path / "out", environ={})
    assert parses == ["slips.md"]
    assert edited.diagnostics == check(content).diagnostics != cached.diagnostics


@pytest.mark.parametrize("stop_in", ["save_reuse", "save_findings", "save_build"])
def test_a_build_stopped_after_writing_its_package_leaves_it_whole_and_the_cache_usable(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop_in: str
) -> None:
    """The package is written before any cache file.

    A build killed between the two leaves the new package, and caches the next build either
    ignores or reads as they are.
    """
    from ankismith.cache import records
    from ankismith.cache import reuse as reusing

    build(content, tmp_path / "out", ENV)
    source = content / "fundamentals.md"
    source.write_text(source.read_text().replace("**Fine-tuning.**", "**Fine-tuning**, again."))

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(reusing if stop_in == "save_reuse" else records, stop_in, stop)
        if stop_in != "save_reuse":
            import ankismith.pipeline as pipeline

            patch.setattr(pipeline, stop_in, stop)
        with pytest.raises(KeyboardInterrupt):
            build(content, tmp_path / "out", ENV)
    fresh = sha256(build(content, tmp_path / "fresh", ENV).output)
    assert sha256(next((tmp_path / "out").glob("*.apkg"))) == fresh
    assert sha256(build(content, tmp_path / "out", ENV).output) == fresh


def test_a_cold_build_stopped_while_packaging_leaves_no_cache_and_no_temp_file(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parse and key caches a cold build writes before packaging are put in place after."""
    import ankismith.pipeline as pipeline

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "_package", stop)
        with pytest.raises(KeyboardInterrupt):
            build(content, tmp_path / "out", ENV)
    folder = cache_folder(tmp_path / "out", {})
    assert not folder.exists() or not any(folder.iterdir())
    assert not list((tmp_path / "out").glob("*.apkg"))
    fresh = sha256(build(content, tmp_path / "fresh", ENV).output)
    assert sha256(build(content, tmp_path / "out", ENV).output) == fresh
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]  # no temp file


def _late_deck(root: Path) -> Path:
    """Write a deck of three files, one card's rendering with a problem to place on its line."""
    (root / "deck.yaml").parent.mkdir(parents=True, exist_ok=True)
    (root / "deck.yaml").write_text("name: Late\nid: late-ubm42y\n", encoding="utf-8")
    for part in ("a", "b", "c"):
        cards = "".join(
            f"## Question {part}{i}?\n\n### Answer\n\nAnswer {i}.\n\n### Explanation\n\n"
            + ("Text.\n\nSee ![x](https://example.com/x.png).\n\n" if (part, i) == ("a", 1) else "")
            + "Why.\n\n"
            for i in range(3)
        )
        (root / f"{part}.md").write_text(cards, encoding="utf-8")
    return root


@pytest.mark.parametrize("damage", [False, True])
def test_a_render_cache_read_late_gives_what_a_cold_build_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bool
) -> None:
    from ankismith import pipeline

    monkeypatch.setattr(pipeline, "LATE_FROM", 0)  # text is let go before the cache is read
    content = _late_deck(tmp_path / "content")
    build(content, tmp_path / "out", ENV)
    log = cache_folder(tmp_path / "out", {}) / RENDER_LOG
    if damage:  # still looks clean to the look at its keys, but cannot be decoded
        lines = log.read_bytes().split(b"\n")
        lines[7] = lines[7].replace(b"<p>", b"<p>\\q", 1)  # c.md's first card
        log.write_bytes(b"\n".join(lines))
    (content / "b.md").write_text((content / "b.md").read_text() + "More.\n", encoding="utf-8")
    warm = build(content, tmp_path / "out", ENV)
    cold = build(content, tmp_path / "cold", ENV)
    assert sha256(warm.output) == sha256(cold.output)
    assert warm.warnings == cold.warnings and any("a.md:" in w for w in warm.warnings)
    assert warm.reused == (0 if damage else 8)
