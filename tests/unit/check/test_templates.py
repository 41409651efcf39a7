"""The rules over templates and stylesheets: CSS labels, the scripts: opt-in."""

from __future__ import annotations

from ankismith.check.templates import css_findings, opted_in, unsafe_overrides
from ankismith.model import CardTemplate, Location, NoteTypeDef
from ankismith.parse.settings import DeckSettings


def _note_type(key: str, name: str) -> NoteTypeDef:
    template = CardTemplate("Card", "{{A}}", "{{FrontSide}}", "f.html", "b.html")
    return NoteTypeDef(
        key=key, id=1, name=name, fields=("A",), templates=(template,), css="",
        location=Location("n.yaml", 1),
    )  # fmt: skip


def test_a_label_outside_a_css_string_is_refused_inside_one_passes() -> None:
    (finding,) = css_findings("s.css", "a::after { content: [[label:right]]; }\n")
    assert finding.code == "bad-template" and "outside a quoted CSS string" in finding.message
    assert css_findings("s.css", 'a::after { content: "[[label:right]]"; }\n') == []


def test_an_override_stylesheet_is_judged_as_css() -> None:
    (finding,) = unsafe_overrides([("style.css", "a{}\n@import 'x.css';\n")], "_templates")
    assert (finding.location.line, finding.code) == (2, "bad-template")


def test_scripts_names_a_note_type_by_folder_or_display_name() -> None:
    types = {"io": _note_type("io", "Image Occlusion Enhanced"), "word": _note_type("word", "W")}
    settings = DeckSettings(name="T", namespace="t", scripts=("Image Occlusion Enhanced",))
    assert opted_in(settings, types) == {"io"}
    assert opted_in(DeckSettings(name="T", namespace="t", scripts=("word",)), types) == {"word"}
