"""compat/check.py, the part of `make compat` that runs inside each Anki venv, on this backend."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import DECK_YAML, Q_CARD, ROOT, release, write_files


def checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compat_check", ROOT / "compat" / "check.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_good_deck_renders_and_every_card_is_answered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_files(
        tmp_path / "content",
        {
            "deck.yaml": DECK_YAML,
            "a.md": Q_CARD + "\n" + Q_CARD.replace("q", "r").replace("## Q", "## R"),
        },
    )
    package = release(content, tmp_path / "out", 1700000000)
    assert checker().main([str(package)]) == 0
    assert "deck.apkg: 2 cards rendered and answered" in capsys.readouterr().out


def test_a_blank_side_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_files(
        tmp_path / "content",
        {
            "deck.yaml": DECK_YAML,
            "a.md": Q_CARD,
            "_templates/basic/back.html": '<div class="ankismith">{{Hint}}</div>',
        },
    )
    package = release(content, tmp_path / "out", 1700000000)
    assert checker().main([str(package)]) == 1
    assert "FAIL deck.apkg: card q (Card 1): blank back" in capsys.readouterr().out


def test_visible_text_ignores_style_and_counts_media() -> None:
    visible = checker().visible
    assert visible("<style>.a{}</style><div> </div>") == ""
    assert visible('<img src="x.png">') == "[media]"
    assert visible("<p>Hi</p>") == "Hi"


def test_image_occlusion_cards_say_what_this_version_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = release(ROOT / "examples" / "planets" / "content", tmp_path / "out", 1700000000)
    assert checker().main([str(package)]) == 0
    out = capsys.readouterr().out
    assert "deck.apkg: 8 cards rendered and answered" in out
    assert "image occlusion cards show the masks, drawn by Anki's reviewer over the image" in out
