"""Media references resolve only inside the content tree."""

from __future__ import annotations

from pathlib import PurePosixPath as P

import pytest

from ankismith.content.media import is_sound, packaged_name, packaged_names, resolve

FILES = packaged_names(
    {P("img/a.png"): b"A", P("b.png"): b"B", P("Sub Dir/a.png"): b"other", P("s/x.mp3"): b"S"}
)


def test_relative_to_the_card_file() -> None:
    found = resolve("../img/a.png", P("cards"), FILES, frozenset())
    assert found.error is None and found.path == P("img/a.png")
    assert found.name == packaged_name(P("img/a.png"), b"A")


def test_same_name_in_two_folders_never_collides() -> None:
    assert packaged_name(P("img/a.png"), b"A") != packaged_name(P("Sub Dir/a.png"), b"other")
    assert packaged_name(P("Sub Dir/_a b.PNG"), b"x").startswith("a-b-")
    assert packaged_name(P("Sub Dir/_a b.PNG"), b"x").endswith(".png")


def test_percent_encoded_spaces() -> None:
    assert resolve("Sub%20Dir/a.png", P("."), FILES, frozenset()).path == P("Sub Dir/a.png")


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("../outside.png", "leaves the content directory"),
        ("img/../../x.png", "leaves the content directory"),
        ("/etc/passwd.png", "absolute paths are refused"),
        ("C:/x.png", "absolute paths are refused"),
        ("file:///etc/x.png", "file URLs are refused"),
        ("//host/x.png", "file URLs are refused"),
        ("missing.png", "media file 'missing.png' not found"),
        ("notes.txt", "not a media file"),
        ("ftp://x/y.png", "unsupported URL scheme"),
    ],
)
def test_refused(src: str, expected: str) -> None:
    found = resolve(src, P("."), FILES, frozenset())
    assert found.name is None and found.error is not None and expected in found.error


def test_link_out_of_the_tree_is_refused() -> None:
    found = resolve("b.png", P("."), FILES, frozenset({P("b.png")}))
    assert found.error is not None and "outside the content directory" in found.error


def test_remote_urls_are_left_alone() -> None:
    assert resolve("https://example.org/x.png", P("."), FILES, frozenset()).name is None
    assert resolve("https://example.org/x.png", P("."), FILES, frozenset()).error is None


def test_sound_links() -> None:
    assert is_sound("s/x.mp3") and is_sound("a%20b.OGG")
    assert not is_sound("https://example.org/x.mp3") and not is_sound("a.png")


def test_a_name_in_the_wrong_case_points_at_the_file_that_exists() -> None:
    found = resolve("../IMG/A.png", P("cards"), FILES, frozenset())
    assert found.name is None and found.error == (
        "media file '../IMG/A.png' not found (looked for IMG/A.png in the content directory): "
        "'../img/a.png' differs only in case, which counts in Anki's media folder: write "
        "'../img/a.png'"
    )


def test_a_name_nearly_right_gets_a_did_you_mean() -> None:
    found = resolve("img/aa.png", P("."), FILES, frozenset())
    assert found.error == (
        "media file 'img/aa.png' not found (looked for img/aa.png in the content directory); "
        "did you mean 'img/a.png'?"
    )


def test_a_name_like_none_gets_no_suggestion() -> None:
    found = resolve("zzzzzzzz/qqqqqq.png", P("."), FILES, frozenset())
    assert found.error == (
        "media file 'zzzzzzzz/qqqqqq.png' not found (looked for zzzzzzzz/qqqqqq.png in the "
        "content directory)"
    )


def test_kept_names_are_the_files_own_where_safe_and_unique() -> None:
    files = {
        P("_media/heart.png"): b"h",
        P("_media/grüße ü.mp3"): b"g",
        P("_media/_font.woff2"): b"f",
        P("_media/a%20b.png"): b"p",
        P("x/same.png"): b"1",
        P("y/SAME.png"): b"2",
    }
    kept = packaged_names(files, keep=True)
    assert kept[P("_media/heart.png")] == "heart.png"
    assert kept[P("_media/grüße ü.mp3")] == "grüße ü.mp3"
    # A leading '_' (Anki never updates those), a '%', or a name two files share: by content.
    hashed = packaged_names(files)
    for path in (P("_media/_font.woff2"), P("_media/a%20b.png"), P("x/same.png"), P("y/SAME.png")):
        assert kept[path] == hashed[path] != path.name
    assert hashed[P("_media/heart.png")] != "heart.png"
