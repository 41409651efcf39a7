"""``ankismith ids``: missing ids written into the sources with a minimal, byte-exact diff."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.cli import main
from ankismith.ids.insert import insert_ids
from ankismith.ids.plan import slugify
from ankismith.parse.cards import derived_id
from tests.helpers import WriteTree


def run_ids(runner: CliRunner, content: Path, *args: str) -> str:
    result = runner.invoke(main, ["ids", str(content), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("question", "slug"),
    [
        ("What is LoRA?", "what-is-lora"),
        ("What does `torch.compile` do?\n\nsome body", "what-does-torch-compile-do"),
        ("Was ist Überanpassung?", "was-ist-uberanpassung"),
        ("Что такое?", "chto-takoe"),
        ("什么是猫?", "shi-yao-shi-mao"),
        ("Größe", "grosse"),
        ("?!", ""),
        (
            "Instead of updating every weight, a team trains only a few extra parameters",
            "instead-of-updating-every-weight-a-team-trains",
        ),
        (
            "Pneumonoultramicroscopicsilicovolcanoconiosisisaverylongword yes",
            "pneumonoultramicroscopicsilicovolcanoconiosisisa",
        ),
    ],
)
def test_slug_is_short_lowercase_and_cut_at_a_word(question: str, slug: str) -> None:
    assert slugify(question) == slug
    assert len(slug) <= 48


def test_a_question_without_letters_keeps_its_derived_id(
    runner: CliRunner, write_tree: WriteTree
) -> None:
    content = write_tree({"a.md": "## ?!\n### Answer\nA\n## Что такое?\n### Answer\nB\n"})
    out = run_ids(runner, content)
    assert re.search(r"a\.md:2: added id 'q-[0-9a-f]{12}'", out), out
    assert "added id 'chto-takoe'" in out


def test_insert_keeps_cr_endings_and_handles_a_heading_on_the_last_line() -> None:
    text = "## A\r<!-- tags: x -->\r### Answer\r1\r## B"
    new, written = insert_ids(text, {1: "a", 5: "b"}, {1: 2})
    assert new == "## A\r<!-- id: a; tags: x -->\r### Answer\r1\r## B\r<!-- id: b -->"
    assert written == [(2, "a"), (6, "b")]


def test_crlf_file_gets_crlf_lines_and_nothing_else_changes(
    runner: CliRunner, write_tree: WriteTree
) -> None:
    body = "# Title\r\n\r\n## What is LoRA?\r\n\r\n### Answer\r\nLow-rank adaptation.\r\n"
    content = write_tree({"a.md": body.encode()})
    (content / "a.md").chmod(0o600)
    out = run_ids(runner, content)
    assert out == f"{content}/a.md:4: added id 'what-is-lora'\nAdded 1 id in 1 file.\n"
    assert (content / "a.md").read_bytes() == body.replace(
        "LoRA?\r\n", "LoRA?\r\n<!-- id: what-is-lora -->\r\n"
    ).encode()
    assert (content / "a.md").stat().st_mode & 0o777 == 0o600


def test_bom_is_kept_and_tags_only_comment_gets_the_id_first(
    runner: CliRunner, write_tree: WriteTree
) -> None:
    body = "## Q one\n<!-- tags: a b -->\n### Answer\n1\n\n## Q two\n\n<!--\ntags: c\n-->\n### Answer\n2\n"
    content = write_tree({"a.md": codecs.BOM_UTF8 + body.encode()})
    out = run_ids(runner, content)
    assert out.splitlines() == [
        f"{content}/a.md:2: added id 'q-one'",
        f"{content}/a.md:9: added id 'q-two'",
        "Added 2 ids in 1 file.",
    ]
    expected = body.replace("<!-- tags: a b", "<!-- id: q-one; tags: a b").replace(
        "<!--\ntags: c", "<!--\nid: q-two\ntags: c"
    )
    assert (content / "a.md").read_bytes() == codecs.BOM_UTF8 + expected.encode()


def test_collisions_get_numbered_and_existing_ids_are_never_reused(
    runner: CliRunner, write_tree: WriteTree
) -> None:
    content = write_tree(
        {
            "a.md": "## What is X?\n### Answer\n1\n\n## What is Y?\n<!-- id: What-is-X -->\n### Answer\n2\n",
            "b.md": "## What is X?\n### Answer\n3\n\n## What is X?\n<!-- id: ; tags: t -->\n### Answer\n4\n",
        }
    )
    out = run_ids(runner, content)
    assert out.splitlines() == [
        f"{content}/a.md:2: added id 'what-is-x-2'",
        f"{content}/b.md:2: added id 'what-is-x-3'",
        f"{content}/b.md:7: added id 'what-is-x-4'",
        "Added 3 ids in 2 files.",
    ]
    assert "<!-- id: what-is-x-4 ; tags: t -->" in (content / "b.md").read_text()
    written = re.findall(
        r"id: ([^ ;]+)", (content / "a.md").read_text() + (content / "b.md").read_text()
    )
    assert sorted(written) == ["What-is-X", "what-is-x-2", "what-is-x-3", "what-is-x-4"]


def test_second_run_changes_nothing_and_says_so(runner: CliRunner, write_tree: WriteTree) -> None:
    content = write_tree(
        {"a.md": "## Q\n### Answer\nA\n", "b.md": "## R\n<!-- id: r -->\n### Answer\nB\n"}
    )
    run_ids(runner, content)
    before = {p.name: p.read_bytes() for p in content.iterdir()}
    assert run_ids(runner, content) == "All 2 notes already have ids; nothing changed.\n"
    assert {p.name: p.read_bytes() for p in content.iterdir()} == before


def test_refuses_to_write_anything_when_content_has_errors(
    runner: CliRunner, write_tree: WriteTree
) -> None:
    files = {
        "a.md": "## Q\n### Answer\nA\n",
        "b.md": "## R\n<!-- id: r; tag: x -->\n### Answer\nB\n",
    }
    content = write_tree(files)
    result = runner.invoke(main, ["ids", str(content)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{content}/b.md:2: card metadata: unknown key 'tag' (did you mean 'tags'?) [unknown-key]",
        "1 error; nothing was written.",
    ]
    assert result.stdout == ""
    assert {p: (content / p).read_text() for p in files} == files


def test_a_heading_inside_a_fence_is_left_alone(runner: CliRunner, write_tree: WriteTree) -> None:
    body = "## Show a card\n\n```markdown\n## Not a card\n### Answer\n```\n\n### Answer\nA fence.\n"
    content = write_tree({"a.md": body})
    assert run_ids(runner, content).startswith(f"{content}/a.md:2: added id 'show-a-card'\n")
    assert (content / "a.md").read_text() == body.replace(
        "## Show a card\n", "## Show a card\n<!-- id: show-a-card -->\n"
    )


def test_keep_derived_writes_the_id_the_card_was_built_with(
    runner: CliRunner, write_tree: WriteTree
) -> None:
    content = write_tree({"a.md": "## What is LoRA?\n### Answer\nA\n"})
    out = run_ids(runner, content, "--keep-derived")
    card_id = derived_id("What is LoRA?")
    assert out.startswith(f"{content}/a.md:2: added id '{card_id}'\n")
    assert (
        content / "a.md"
    ).read_text() == f"## What is LoRA?\n<!-- id: {card_id} -->\n### Answer\nA\n"


@pytest.mark.parametrize("keep", [False, True])
def test_a_deck_without_an_id_gets_one_written_under_its_name(
    runner: CliRunner, write_tree: WriteTree, keep: bool
) -> None:
    content = write_tree(
        {
            "deck.yaml": "# Settings\r\nname: Что такое\r\ntags: [x]\r\n",
            "a.md": "## Q\n<!-- id: q -->\n### Answer\nA\n",
        }
    )
    out = run_ids(runner, content, *(["--keep-derived"] if keep else []))
    text = (content / "deck.yaml").read_bytes().decode()
    deck_id = re.search(r"\r\nid: (\S+)\r\n", text)
    assert deck_id and text == f"# Settings\r\nname: Что такое\r\nid: {deck_id[1]}\r\ntags: [x]\r\n"
    if keep:
        assert deck_id[1] == "deck", "the id it was built with so far, whatever it is"
    else:
        assert re.fullmatch(r"chto-takoe-[a-z2-9]{6}", deck_id[1])
    assert out.startswith(f"{content}/deck.yaml:3: added id '{deck_id[1]}'\n")
    assert run_ids(runner, content).startswith("All 1 note already have ids")
