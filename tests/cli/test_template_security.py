"""Hostile templates, stylesheets and labels (issue 26), end to end.

Each fails `check` and `build` at its line; the deck's `scripts:` opt-in keeps a note type's
scripts, listed, and nothing else.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.cli import main
from tests.helpers import DECK_YAML, write_files

CARD = "## Q\n<!-- id: q -->\n### Answer\nA\n### Explanation\nE\n"
WORD = "## Q\n<!-- id: w; type: word -->\n### Word\nW\n"
NOTETYPE = (
    "name: Word\nkey: word\nfields: [Word]\n"
    "templates:\n  - {name: Recall, front: front.html, back: back.html}\n"
)
ALERT = "<img src=x onerror=alert(1)>"
# front, back, the file and line the error is reported at, what it says
CASES = {
    "comment": (f"{{{{Word}}}}\n<!-->{ALERT}-->", "{{FrontSide}}", "front.html", 2, "onerror"),
    "comment-dash": (f"{{{{Word}}}}\n<!--->{ALERT}", "{{FrontSide}}", "front.html", 2, "onerror"),
    "comment-bang": (
        f"{{{{Word}}}}\n<!-- --!>{ALERT}",
        "{{FrontSide}}",
        "front.html",
        2,
        "onerror",
    ),
    "noscript": (
        f'{{{{Word}}}}\n<noscript><p title="</noscript>{ALERT}">',
        "{{FrontSide}}",
        "front.html",
        2,
        "<noscript>",
    ),
    "srcdoc": (
        '{{Word}}\n<iframe srcdoc="x"></iframe>',
        "{{FrontSide}}",
        "front.html",
        2,
        "<iframe>",
    ),
    "embed": (
        '{{Word}}\n<embed src="data:text/html,x">',
        "{{FrontSide}}",
        "front.html",
        2,
        "<embed>",
    ),
    "open-front": (
        '{{Word}}\n<img src="a.png" title="',
        '{{FrontSide}}" onerror="alert(1)">',
        "back.html",
        1,
        "with the front in place of {{FrontSide}}: event handler 'onerror'",
    ),
    "text-filter": ("{{text:Word}}", "{{FrontSide}}", "front.html", 1, "the 'text' filter"),
    "attribute": (
        '<a href="{{Word}}">x</a>',
        "{{FrontSide}}",
        "front.html",
        1,
        "inside the attribute 'href'",
    ),
}


def _deck(tmp_path: Path, files: dict[str, str], deck_yaml: str = DECK_YAML) -> Path:
    return write_files(tmp_path / "content", {"deck.yaml": deck_yaml, "a.md": CARD, **files})


@pytest.mark.parametrize(
    ("front", "back", "file", "line", "what"), CASES.values(), ids=CASES.keys()
)
def test_a_hostile_note_type_template_fails_check_and_build_at_its_line(
    tmp_path: Path, front: str, back: str, file: str, line: int, what: str
) -> None:
    files = {
        "w.md": WORD,
        "_notetypes/word/notetype.yaml": NOTETYPE,
        "_notetypes/word/front.html": front,
        "_notetypes/word/back.html": back,
    }
    root = _deck(tmp_path, files)
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    prefix = f"{root}/_notetypes/word/{file}:{line}: note type 'word': template 'Recall'"
    assert any(row.startswith(prefix) and what in row for row in result.stdout.splitlines()), (
        result.stdout
    )
    out = tmp_path / "deck.apkg"
    assert CliRunner().invoke(main, ["build", str(root), "-o", str(out)]).exit_code == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("front", "back", "file", "line", "what"), CASES.values(), ids=CASES.keys()
)
def test_the_same_in_an_override_of_ours_fails(
    tmp_path: Path, front: str, back: str, file: str, line: int, what: str
) -> None:
    overrides = {
        "_templates/basic/front.html": front.replace("Word", "Question"),
        "_templates/basic/back.html": back.replace("Word", "Question"),
    }
    root = _deck(tmp_path, overrides)
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    where = f"{root}/_templates/basic/{file}:{line}: "
    assert any(row.startswith(where) and what in row for row in result.stdout.splitlines()), (
        result.stdout
    )


def test_a_stylesheet_that_closes_ankis_style_fails(tmp_path: Path) -> None:
    css = "a { color: red }\n</style><!--><details open ontoggle=alert(1)>\n"
    files = {
        "w.md": WORD,
        "_notetypes/word/notetype.yaml": NOTETYPE,
        "_notetypes/word/front.html": "{{Word}}",
        "_notetypes/word/back.html": "{{FrontSide}}",
        "_notetypes/word/style.css": css,
    }
    root = _deck(tmp_path, files)
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert (
        f"{root}/_notetypes/word/style.css:2: note type 'word': '</style' in CSS" in result.stdout
    )
    root2 = write_files(
        tmp_path / "c2", {"deck.yaml": DECK_YAML, "a.md": CARD, "_templates/style.css": css}
    )
    result = CliRunner().invoke(main, ["check", str(root2)])
    assert f"{root2}/_templates/style.css:2: '</style' in CSS" in result.stdout


def test_a_hostile_label_is_printed_harmlessly(tmp_path: Path) -> None:
    hostile = '"</style><img src=x onerror=alert(1)>"'
    deck_yaml = DECK_YAML + f"labels:\n  right: {hostile}\n  hint: {hostile}\n"
    choice = "## Q\n<!-- id: c -->\n\n- [x] a\n- [ ] b\n\n### Explanation\nE\n"
    root = write_files(tmp_path / "content", {"deck.yaml": deck_yaml, "c.md": choice})
    out = tmp_path / "deck.apkg"
    result = CliRunner().invoke(main, ["build", str(root), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        collection = archive.read("collection.anki2")
    assert b"</style><img" not in collection
    assert b"onerror=alert(1)>" not in collection.replace(b"&lt;", b"<").replace(b"\\3c ", b"?")


def test_scripts_opt_in_keeps_a_note_types_script_and_lists_it(tmp_path: Path) -> None:
    files = {
        "w.md": WORD,
        "_notetypes/word/notetype.yaml": NOTETYPE,
        "_notetypes/word/front.html": "{{Word}}\n<script>draw()</script>",
        "_notetypes/word/back.html": "{{FrontSide}}",
    }
    root = _deck(tmp_path, files)
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert (
        "front.html:2: note type 'word': template 'Recall' front: a <script> that ankismith did not write"
        in result.stdout
    )
    root = _deck(tmp_path / "in", files, DECK_YAML + "scripts: [Word]\n")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0, result.stdout
    lines = [row for row in result.stdout.splitlines() if "[template-script]" in row]
    assert [row.split(": warning: ")[0] for row in lines] == [
        f"{root}/_notetypes/word/front.html:2"  # the back shows it through {{FrontSide}}
    ]


def test_an_unknown_scripts_name_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    files = {
        "w.md": WORD,
        "_notetypes/word/notetype.yaml": NOTETYPE,
        "_notetypes/word/front.html": "{{Word}}",
        "_notetypes/word/back.html": "{{FrontSide}}",
    }
    deck_yaml = DECK_YAML + "scripts: [Wrod, ankismith Basic]\n"
    root = _deck(tmp_path, files, deck_yaml)
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    line = deck_yaml.count("\n")
    assert (
        f"{root}/deck.yaml:{line}: scripts: 'Wrod' is not one of your note types (did you mean 'Word'?)"
        in result.stdout
    )
    assert (
        f"{root}/deck.yaml:{line}: scripts: 'ankismith Basic' is one of ankismith's own"
        in result.stdout
    )
