"""Every note type, media and template overrides, checked in the real Anki backend."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection
from click.testing import CliRunner

from ankismith.cli import main
from tests.helpers import (
    DECK_YAML,
    Q_CARD,
    SVG_A,
    SVG_B,
    release,
    rich_tree,
    text,
    tone,
    write_files,
)
from tests.helpers_anki import install


@pytest.fixture(name="rich", scope="module")
def _rich(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collection]:
    tmp = tmp_path_factory.mktemp("rich")
    content = tmp / "content"
    write_files(
        content,
        {
            **rich_tree(),
            "_templates/basic/front.html": '<div class="ankismith mine">OVERRIDDEN {{Question}}</div>',
        },
    )
    col = install(release(content, tmp / "out", 1700000000), tmp)
    yield col
    col.close()


def note(col: Collection, card_id: str):  # type: ignore[no-untyped-def]
    (nid,) = col.find_notes(f"Id:{card_id}")
    return col.get_note(nid)


@pytest.mark.parametrize(
    ("card_id", "note_type", "cards"),
    [
        ("diagram", "ankismith Basic", 1),
        ("peft-choice", "ankismith Choice", 1),
        ("lora-cloze", "ankismith Cloze", 3),
        ("adapter", "ankismith Reversed", 2),
        ("rank", "ankismith Type-in", 1),
    ],
)
def test_cards_per_note(rich: Collection, card_id: str, note_type: str, cards: int) -> None:
    found = note(rich, card_id)
    assert found.note_type()["name"] == note_type
    assert len(found.cards()) == cards


def test_cloze_cards_hide_one_deletion_each(rich: Collection) -> None:
    fronts = sorted(text(c.question()) for c in note(rich, "lora-cloze").cards())
    assert fronts == ["LoRA learns B and [...]", "LoRA learns [...] and A", "[...] learns B and A"]


def test_reversed_cards_go_both_ways(rich: Collection) -> None:
    forward, reverse = sorted(note(rich, "adapter").cards(), key=lambda c: c.ord)
    assert text(forward.question()) == "Adapter"
    assert text(reverse.question()) == (
        "Which term is this? A small bottleneck layer inserted into a frozen network."
    )
    assert "Adapter" in text(reverse.answer())


def test_choice_front_lists_options_and_back_marks_them(rich: Collection) -> None:
    (card,) = note(rich, "peft-choice").cards()
    front, back = card.question(), card.answer()
    assert text(front).index("LoRA") < text(front).index("Full fine-tuning")
    assert "kind-choice back" in back and back.count('class="choice right"') == 2
    assert back.count('class="choice wrong"') == 1


def test_typein_asks_for_typing_and_plain_answer(rich: Collection) -> None:
    found = note(rich, "rank")
    assert found["Answer"] == "r"
    assert "[[type:Answer]]" in found.cards()[0].question()


def test_code_is_highlighted_and_math_uses_mathjax_delimiters(rich: Collection) -> None:
    back = note(rich, "rank").cards()[0].answer()
    assert '<div class="highlight"><pre>' in back
    assert '<span class="n">LoraConfig</span>' in back and '<span class="mi">8</span>' in back
    assert "\\(r \\ll \\min(d, k)\\)" in back and "\\[\n\\Delta W = BA\n\\]" in back
    css = note(rich, "rank").note_type()["css"]
    assert ".ankismith .highlight .mi" in css and ".nightMode .ankismith .highlight" in css


def test_media_bundled_under_hashed_names_and_referenced(rich: Collection) -> None:
    media = Path(rich.media.dir())
    square = re.search(r'src="([^"]+)"', note(rich, "diagram")["Question"])
    circle = re.search(r'src="([^"]+)"', note(rich, "circle")["Question"])
    assert square and circle and square.group(1) != circle.group(1)
    assert (media / square.group(1)).read_text() == SVG_A
    assert (media / circle.group(1)).read_text() == SVG_B
    sound = re.search(r"\[sound:([^\]]+)\]", note(rich, "diagram")["Answer"])
    assert sound and (media / sound.group(1)).read_bytes() == tone()
    assert sorted(os.listdir(media)) == sorted([square.group(1), circle.group(1), sound.group(1)])


def test_template_override_replaces_one_side(rich: Collection) -> None:
    (card,) = note(rich, "diagram").cards()
    assert "OVERRIDDEN" in card.question() and "OVERRIDDEN" not in card.answer()
    assert "Drawn by hand." in card.answer()


def test_subdeck_from_folder(rich: Collection) -> None:
    (card,) = note(rich, "circle").cards()
    assert rich.decks.name(card.did) == "Test Deck::Sub"


def test_nothing_outside_the_content_dir_is_ever_bundled(tmp_path: Path) -> None:
    runner = CliRunner()
    (tmp_path / "secret.png").write_bytes(b"SECRET")
    content = tmp_path / "content"
    card = "## Q{n}\n<!-- id: q{n} -->\n\n![x]({src})\n\n### Answer\nA\n### Explanation\nE\n"
    sources = [
        "../secret.png",
        "/etc/secret.png",
        "file:///etc/secret.png",
        "link.png",
        "nothere.png",
    ]
    write_files(
        content,
        {
            "deck.yaml": DECK_YAML,
            "a.md": "".join(card.format(n=i, src=s) for i, s in enumerate(sources)),
        },
    )
    (content / "link.png").symlink_to(tmp_path / "secret.png")
    result = runner.invoke(main, ["build", str(content), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    a = f"{content}/a.md"
    assert result.stderr.splitlines() == [
        f"{a}:4: '../secret.png' leaves the content directory; media must live inside it [media-outside]",
        f"{a}:13: '/etc/secret.png': absolute paths are refused; use a path relative to this file [media-outside]",
        f"{a}:22: 'file:///etc/secret.png': file URLs are refused; use a path relative to this file [media-outside]",
        f"{a}:31: 'link.png' is a link to a file outside the content directory; refused [media-outside]",
        f"{a}:40: media file 'nothere.png' not found (looked for nothere.png in the content directory) [missing-media]",
        "5 errors, 0 warnings in 5 notes; nothing was written.",
    ]
    assert not (tmp_path / "out").exists()


def test_bad_template_override_is_an_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_files(
        content,
        {
            "deck.yaml": DECK_YAML,
            "a.md": Q_CARD,
            "_templates/basic/back.html": "<p>\n{{Question}}\n{{Answr}}\n</p>",
            "_templates/basic/side.html": "x",
        },
    )
    result = CliRunner().invoke(main, ["build", str(content), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"{content}/_templates/basic/back.html:3: uses field 'Answr', which this note type lacks "
        "(Question, Answer, Explanation, Hint, Source, Id) [bad-template]"
    )
    assert lines[1].startswith(
        f"{content}/_templates/basic/side.html:1: unknown template override 'basic/side.html'"
    )


def test_description_images_are_refused_with_the_reason(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_files(
        content,
        {
            "deck.yaml": DECK_YAML + "description: '![logo](logo.svg)'\n",
            "a.md": Q_CARD,
            "logo.svg": SVG_A,
        },
    )
    result = CliRunner().invoke(main, ["build", str(content), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert (
        f"{content}/deck.yaml: description: Anki imports only media that cards use; 'logo.svg'"
        in result.stderr
    )


def test_card_files_linked_from_outside_are_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_files(content, {"deck.yaml": DECK_YAML})
    (tmp_path / "elsewhere.md").write_text("## Q\n### Answer\nA\n")
    (content / "cards.md").symlink_to(tmp_path / "elsewhere.md")
    result = CliRunner().invoke(main, ["build", str(content), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert (
        f"{content}/cards.md: is a link to a file outside the content directory; refused"
        in result.stderr
    )
