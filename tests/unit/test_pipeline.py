"""The pipeline parses once: what it compiled carries the cards, so preview needs no second parse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ankismith.content.read import read_content
from ankismith.parse import scanner
from ankismith.pipeline import compile_content
from ankismith.preview.build import render_preview
from tests.helpers import SAMPLE


def _count(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Count calls to ``scanner.<name>``, recording the first argument's path or type."""
    calls: list[str] = []
    real: Callable[..., Any] = getattr(scanner, name)

    def counting(*args: Any) -> Any:
        calls.append(getattr(args[0], "path", type(args[0]).__name__))
        return real(*args)

    monkeypatch.setattr(scanner, name, counting)
    return calls


def test_compiled_carries_the_cards_its_notes_come_from() -> None:
    compiled = compile_content(read_content(SAMPLE), 1700000000)
    assert compiled.deck is not None
    assert len(compiled.cards) == len(compiled.deck.notes) > 40
    assert [c.card_id for c in compiled.cards] == [n.card_id for n in compiled.deck.notes]


def test_preview_parses_each_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _count(monkeypatch, "parse_source")
    site, _ = render_preview(SAMPLE)
    assert site.cards > 0
    assert sorted(parsed) == sorted(set(parsed)) and len(parsed) == len(list(SAMPLE.rglob("*.md")))


def test_content_handed_over_gives_the_same_findings_and_lets_go_of_it(tmp_path: Path) -> None:
    (tmp_path / "deck.yaml").write_text("name: Handed\nid: handed-ubm42y\n", encoding="utf-8")
    for part in ("a", "b"):
        cards = "".join(
            f"## Question {part}{i}?\n\n### Answer\n\nAnswer.\n\n### Explanation\n\nSee "
            f"![x](https://example.com/{part}{i}.png) there.\n\n"
            for i in range(3)
        )
        (tmp_path / f"{part}.md").write_text(cards, encoding="utf-8")
    held = compile_content(read_content(tmp_path), 1700000000)
    handed = [read_content(tmp_path)]
    let_go = compile_content(handed, 1700000000)
    assert handed == []
    remote = [d for d in let_go.diagnostics if d.code == "remote-resource"]
    assert len(remote) == 6 and all(d.location.line > 1 for d in remote)
    assert let_go.diagnostics == held.diagnostics
    assert let_go.deck == held.deck
