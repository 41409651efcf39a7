"""Media a custom note type's templates and stylesheet name, bundled by that very name."""

from __future__ import annotations

from pathlib import PurePosixPath

from ankismith.findings import Finding
from ankismith.model import CardTemplate, Location, NoteTypeDef
from ankismith.render.notetype_media import notetype_media

FOLDER = "content/_notetypes/country/"
FILES = {
    PurePosixPath("_notetypes/country/_logo.png"): b"logo",
    PurePosixPath("_notetypes/country/_paper.png"): b"paper",
    PurePosixPath("_notetypes/country/sub/x.png"): b"x",
    PurePosixPath("_notetypes/other/_other.png"): b"other",
}


def country(front: str, back: str = "{{State}}", css: str = "") -> NoteTypeDef:
    template = CardTemplate("Card 1", front, back, FOLDER + "front.html", FOLDER + "back.html")
    where = Location(FOLDER + "notetype.yaml", 1)
    return NoteTypeDef(
        "country",
        1,
        "Country",
        ("State",),
        (template,),
        css,
        location=where,
        css_file=FOLDER + "s.css",
    )


def missing(path: str, line: int, name: str) -> Finding:
    message = (
        f"note type 'country': media file '{name}' not found; put it in _notetypes/country/ and "
        "name it without a folder"
    )
    return Finding(Location(FOLDER + path, line), message, "missing-media")


def test_files_named_in_templates_and_css_are_bundled_by_name() -> None:
    css = 'body { background: url( "_paper.png" ) }'
    note_type = country('<img src="_logo.png">{{State}}', "<IMG SRC = '_logo.png'>", css)
    assert notetype_media([note_type], FILES) == (
        {"_logo.png": b"logo", "_paper.png": b"paper"},
        [],
    )


def test_fields_urls_data_and_fragments_are_no_files() -> None:
    front = (
        "{{State}}<img src={{Map}}> <img src='https://example.org/a.png'>"
        ' <a href="#x"><img src="#frag"></a>'
    )
    css = ".x { background: url(data:image/png;base64,AAA) }"
    assert notetype_media([country(front, css=css)], FILES) == ({}, [])


def test_a_missing_file_or_one_in_a_folder_is_reported_at_its_line() -> None:
    back = '<img src="sub/x.png">\n<img src=..> <img src="_other.png">'
    media, errors = notetype_media([country("{{State}}", back)], FILES)
    assert media == {}
    assert errors == [
        missing("back.html", 1, "sub/x.png"),
        missing("back.html", 2, ".."),
        missing("back.html", 2, "_other.png"),
    ]


def test_our_note_types_name_no_files() -> None:
    ours = NoteTypeDef(
        "basic", 2, "Basic", ("F",), (CardTemplate("c", '<img src="_a.png">', ""),), ""
    )
    assert notetype_media([ours], FILES) == ({}, [])


def _city(back: str) -> NoteTypeDef:
    template = CardTemplate("Card 1", "{{State}}", back, "content/_notetypes/city/front.html")
    where = Location("content/_notetypes/city/notetype.yaml", 1)
    return NoteTypeDef("city", 2, "City", ("State",), (template,), "", location=where)


def test_two_note_types_may_share_a_file_of_the_same_bytes() -> None:
    files = {**FILES, PurePosixPath("_notetypes/city/_logo.png"): b"logo"}
    media, errors = notetype_media(
        [country('<img src="_logo.png">'), _city('<img src="_logo.png">')], files
    )
    assert media == {"_logo.png": b"logo"} and errors == []


def test_two_note_types_naming_different_files_alike_are_reported() -> None:
    files = {**FILES, PurePosixPath("_notetypes/city/_logo.png"): b"city logo"}
    media, errors = notetype_media(
        [country('<img src="_logo.png">'), _city('<img src="_logo.png">')], files
    )
    assert media["_logo.png"] == b"logo"  # the first note type's, and the build stops
    assert [(e.code, e.message) for e in errors] == [
        (
            "bad-notetype",
            "note type 'city': media file '_logo.png' differs from the one note type 'country' "
            "bundles under that name, and Anki's media folder holds one file per name; give one "
            "of them another name",
        )
    ]
