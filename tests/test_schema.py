"""The JSON Schema of deck.yaml: accepts every deck.yaml we ship, rejects mistakes, stays in step."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from ankismith.cli import main
from ankismith.findings import RULES
from ankismith.parse.settings import SETTINGS_KEYS
from ankismith.schema import deck_schema_text
from tests.helpers import ROOT, SAMPLE, tool

SCHEMA = json.loads(deck_schema_text())


def _check_jsonschema(*instances: Path) -> str:
    schema = ROOT / "src" / "ankismith" / "schema" / "deck.schema.json"
    done = subprocess.run(
        [tool("check-jsonschema"), "--schemafile", str(schema), *map(str, instances)],
        capture_output=True, text=True, check=False,
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


def test_accepts_every_key() -> None:
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


@pytest.mark.parametrize(
    ("text", "why"),
    [
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
        ("name: '  '\n", "does not match"),
    ],
)
def test_rejects_a_bad_deck_yaml(text: str, why: str) -> None:
    with pytest.raises(jsonschema.ValidationError) as raised:
        jsonschema.validate(yaml.safe_load(text), SCHEMA)
    assert why in raised.value.message


def test_in_step_with_the_settings_parser_and_the_rules() -> None:
    assert set(SETTINGS_KEYS) <= set(SCHEMA["properties"])
    assert set(SCHEMA["properties"]["checks"]["properties"]) == set(RULES)
    fixed = {code for code, rule in RULES.items() if rule.fixed}
    assert {c for c, s in SCHEMA["properties"]["checks"]["properties"].items() if "const" in s} == fixed


def test_scaffolded_deck_yaml_names_the_schema(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["init", str(tmp_path / "new")]).exit_code == 0
    first = (tmp_path / "new" / "content" / "deck.yaml").read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=https://")
    assert first.endswith("/src/ankismith/schema/deck.schema.json")
