"""The JSON Schema of deck.yaml: accepts every deck.yaml we ship, rejects mistakes, stays in step."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner, Result

from ankismith.cli import main
from ankismith.findings import RULES
from ankismith.parse.settings import SETTINGS_KEYS
from ankismith.schema import deck_schema_text
from tests.helpers import ROOT, SAMPLE, tool, write_files

SCHEMA = json.loads(deck_schema_text())


def _check_jsonschema(*instances: Path) -> str:
    schema = ROOT / "src" / "ankismith" / "schema" / "deck.schema.json"
    done = subprocess.run(
        [tool("check-jsonschema"), "--schemafile", str(schema), *map(str, instances)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_accepts_the_sample_the_scaffold_and_every_example(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["init", str(tmp_path / "new")]).exit_code == 0
    shipped = [SAMPLE / "deck.yaml", tmp_path / "new" / "content" / "deck.yaml"]
    shipped += sorted(ROOT.glob("examples/*/content/deck.yaml"))
    assert len(shipped) >= 3  # the sample, the scaffold's and at least one example
    assert "validation done" in _check_jsonschema(*shipped)


def test_accepts_every_key(tmp_path: Path) -> None:
    full = """
name: Rust ownership
id: rust.ownership_2
description: |
  Borrowing, moving and lifetimes.
tags: rust ownership
checks: {missing-explanation: off, near-duplicate: Error, remote-resource: false, syntax: error}
version: '1.10'
language: de-CH
labels: {answer: Antwort, explanation: Erklärung}
type: reversed
"""
    jsonschema.validate(yaml.safe_load(full), SCHEMA)
    (tmp_path / "deck.yaml").write_text(full)
    assert _schema(str(tmp_path / "deck.yaml")).exit_code == 0


BAD = [
    ("id: x\n", "'name' is a required property"),
    ("name: X\nnmae: Y\n", "Additional properties are not allowed ('nmae' was unexpected)"),
    ("name: X\nid: two words\n", "does not match"),
    ("name: X\ntags: [good, two words]\n", "does not match"),
    ("name: X\nversion: 1.10\n", "1.1 is not of type 'string'"),
    ("name: X\nchecks: {missing-explanaton: off}\n", "'missing-explanaton' was unexpected"),
    ("name: X\nchecks: {missing-answer: off}\n", "'error' was expected"),
    ("name: X\nchecks: {missing-id: loud}\n", "is not valid under any of the given schemas"),
    ("name: X\nlanguage: English (UK)\n", "does not match"),
    ("name: X\nlabels: {answer: [A]}\n", "is not of type 'string'"),
    ("name: X\ntype: 3\n", "3 is not of type 'string'"),
    ("name: X\npreset: {desired_retention: 0.5}\n", "0.5 is less than the minimum of 0.7"),
    ("name: X\npreset: {new_per_dya: 5}\n", "'new_per_dya' was unexpected"),
    ("name: X\ntts: {question: true, lang: de}\n", "'de' does not match"),
    ("name: X\nmarkdown_description: yes please\n", "is not of type 'boolean', 'null'"),
    ("name: '  '\n", "does not match"),
]
"""Mistakes the schema rejects, with a part of jsonschema's message for each."""


@pytest.mark.parametrize(("text", "why"), BAD)
def test_rejects_a_bad_deck_yaml(text: str, why: str) -> None:
    with pytest.raises(jsonschema.ValidationError) as raised:
        jsonschema.validate(yaml.safe_load(text), SCHEMA)
    assert why in raised.value.message


def test_in_step_with_the_settings_parser_and_the_rules() -> None:
    assert tuple(SCHEMA["properties"]) == SETTINGS_KEYS
    assert set(SCHEMA["properties"]["checks"]["properties"]) == set(RULES)
    fixed = {code for code, rule in RULES.items() if rule.fixed}
    assert {
        c for c, s in SCHEMA["properties"]["checks"]["properties"].items() if "const" in s
    } == fixed


def test_scaffolded_deck_yaml_names_the_schema(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["init", str(tmp_path / "new")]).exit_code == 0
    first = (tmp_path / "new" / "content" / "deck.yaml").read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=https://")
    assert first.endswith("/src/ankismith/schema/deck.schema.json")


# `ankismith schema`: the schema printed for editors, and deck.yaml files checked by it.


def _schema(*args: str) -> Result:
    return CliRunner().invoke(main, ["schema", *args])


def test_with_no_file_prints_the_packaged_schema() -> None:
    result = _schema()
    assert result.exit_code == 0
    assert result.stdout == deck_schema_text()
    assert json.loads(result.stdout) == SCHEMA


def test_accepts_the_sample_and_the_scaffold(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["init", str(tmp_path / "new")]).exit_code == 0
    files = [str(SAMPLE / "deck.yaml"), str(tmp_path / "new" / "content" / "deck.yaml")]
    result = _schema(*files)
    assert result.exit_code == 0, result.output
    assert result.stdout == "2 files valid by the deck.yaml schema.\n"
    assert _schema("-q", *files).stdout == ""
    verbose = _schema("-v", *files).stdout.splitlines()
    assert verbose == [
        f"{files[0]}: valid",
        f"{files[1]}: valid",
        "2 files valid by the deck.yaml schema.",
    ]


@pytest.mark.parametrize(("text", "why"), BAD)
def test_rejects_what_jsonschema_rejects(tmp_path: Path, text: str, why: str) -> None:
    (tmp_path / "deck.yaml").write_text(text)
    result = _schema(str(tmp_path / "deck.yaml"))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{tmp_path / 'deck.yaml'}:")
    assert "Error: 1 problem by the deck.yaml schema in 1 file of 1" in result.stderr


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("# settings\nid: x\n", ["1: 'name' (the Anki deck name) is required"]),
        (
            "name: X\n\nnmae: Y\nid: x\nfoo: 1\n",
            [
                "3: unknown key 'nmae' (did you mean 'name'?)",
                "5: unknown key 'foo' (known keys: absent_media, checks, description, extends, id, keep_media_names, labels, language, markdown_description, name, note_type_ids, preset, release, repository, scripts, tags, tts, type, version)",
            ],
        ),
        (
            "name: X\ntags:\n  - good\n  - two words\n",
            ["2: tag 'two words' is empty or contains a space; Anki tags are single words"],
        ),
        (
            "name: X\nchecks:\n  near-duplicate: off\n  missing-id: loud\n  syntax: off\n  missng-id: off\n",
            [
                "4: checks: severity of 'missing-id' must be one of off, warning, error, not 'loud'",
                "5: checks: 'syntax' cannot be relaxed: no deck can be built past it",
                "6: checks: unknown key 'missng-id' (did you mean 'missing-id'?)",
            ],
        ),
        ("name: X\nversion: 1.10\n", ["2: 'version' must be quoted text, e.g. version: '1.1'"]),
        (
            "name: X\nlabels:\n  answer:\n    - A\n",
            ["3: labels: 'answer' must be text"],
        ),
        (
            "name: X\ndescription: [unclosed\n",
            ["2: invalid YAML: expected ',' or ']', but got '<stream end>'"],
        ),
        (
            "name: X\nid: &a x\ntype: *a\n",
            ["3:7: invalid YAML: aliases (*name) are not allowed; write the value out"],
        ),
        ("- name: X\n", ["1: expected 'key: value' settings, not a YAML list or text"]),
        ("", ["1: 'name' (the Anki deck name) is required"]),
        # What JSON Schema cannot say, the one reader still finds.
        ("name: 'A::'\n", ["1: 'name' 'A::' has an empty part around '::'; Anki names it 'blank'"]),
        (
            "name: X\nlanguage: xx-Fake-Tag\n",
            [
                "2: 'language' must be a BCP 47 language tag such as de, pt-BR or zh-Hant, not 'xx-Fake-Tag'"
            ],
        ),
    ],
)
def test_each_problem_at_its_line(tmp_path: Path, text: str, lines: list[str]) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(text)
    result = _schema(str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{path}:{line}" for line in lines]


def test_every_file_is_checked_and_every_problem_reported(tmp_path: Path) -> None:
    files = write_files(
        tmp_path,
        {
            "a/deck.yaml": "name: A\nnmae: B\n",
            "b/deck.yaml": "name: B\n",
            "c/deck.yaml": b"name: \xff\n",
        },
    )
    result = _schema(*(str(files / d / "deck.yaml") for d in "abc"))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{files}/a/deck.yaml:2: unknown key 'nmae' (did you mean 'name'?)",
        f"{files}/c/deck.yaml:1:7: not valid UTF-8 (byte 0xff); save the file as UTF-8",
    ]
    assert "Error: 2 problems by the deck.yaml schema in 2 files of 3" in result.stderr


def test_a_missing_file_or_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert _schema(str(tmp_path / "deck.yaml")).exit_code == 2
    assert _schema(str(tmp_path)).exit_code == 2


def test_github_format_annotates_each_problem_at_its_line(tmp_path: Path) -> None:
    path = write_files(tmp_path, {"deck.yaml": "name: X\n\nnmae: Y\ntype: a: b\n"}) / "deck.yaml"
    result = _schema(str(path), "--format", "github")
    assert result.exit_code == 1
    assert (
        result.stdout
        == f"::error file={path},line=4,col=8,title=deck.yaml schema::invalid YAML: mapping values are not allowed here\n"
    )
    path.write_text("name: X\n\nnmae: Y\n")
    result = _schema(str(path), "--format", "github")
    assert (
        result.stdout
        == f"::error file={path},line=3,title=deck.yaml schema::unknown key 'nmae' (did you mean 'name'?)\n"
    )


@pytest.mark.parametrize(
    ("key", "accepted"),
    [
        ("tags", True),
        ("labels", True),
        ("checks", True),
        ("description", False),
        ("language", False),
        ("version", False),
        ("type", False),
    ],
)
def test_a_key_left_empty_is_taken_as_check_takes_it(
    tmp_path: Path, key: str, accepted: bool
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "deck.yaml").write_text(f"name: T\nid: t-7f3k2q\n{key}:\n")
    (content / "a.md").write_text(
        "## Q?\n<!-- id: q1 -->\n\n### Answer\n\nA.\n\n### Explanation\n\nE.\n"
    )
    checked = CliRunner().invoke(main, ["check", str(content)])
    assert (checked.exit_code == 0) is accepted, checked.output
    by_schema = CliRunner().invoke(main, ["schema", str(content / "deck.yaml")])
    assert (by_schema.exit_code == 0) is accepted, by_schema.output


def test_the_file_s_own_checks_apply_as_in_check(tmp_path: Path) -> None:
    path = write_files(
        tmp_path, {"deck.yaml": "name: X\nnmae: Y\nchecks: {unknown-key: warning}\n"}
    )
    result = _schema(str(path / "deck.yaml"))
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 file valid by the deck.yaml schema.\n"
