"""The forge a repository lives on: reading its URL and the URLs made from it."""

from urllib.parse import parse_qs, urlsplit

import pytest

from ankismith.forge import read_repository
from ankismith.parse.settings import load_settings


@pytest.mark.parametrize(
    ("given", "forge", "url"),
    [
        ("https://github.com/you/deck", "github", "https://github.com/you/deck"),
        ("https://github.com/you/deck.git/", "github", "https://github.com/you/deck"),
        ("https://gitlab.com/group/sub/deck", "gitlab", "https://gitlab.com/group/sub/deck"),
        ("https://codeberg.org/you/deck", "gitea", "https://codeberg.org/you/deck"),
        ("https://forgejo.example.org/you/deck", "gitea", "https://forgejo.example.org/you/deck"),
    ],
)
def test_known_forges_are_read(given: str, forge: str, url: str) -> None:
    repository, problem = read_repository(given)
    assert problem == ""
    assert repository is not None
    assert (repository.forge, repository.url) == (forge, url)


@pytest.mark.parametrize(
    "given",
    [
        "javascript:alert(1)",
        "http://github.com/you/deck",
        "https://example.com/you/deck",
        "https://github.com/you",
        "https://github.com/you/deck/issues",
        "https://github.com/you/deck?x=1",
        "https://user@github.com/you/deck",
        'https://github.com/you/de"ck',
    ],
)
def test_anything_else_is_refused(given: str) -> None:
    repository, problem = read_repository(given)
    assert repository is None
    assert "'repository'" in problem


def test_new_issue_urls_by_forge() -> None:
    for given, page in [
        ("https://github.com/o/r", "https://github.com/o/r/issues/new"),
        ("https://gitlab.com/o/r", "https://gitlab.com/o/r/-/issues/new"),
        ("https://codeberg.org/o/r", "https://codeberg.org/o/r/issues/new"),
    ]:
        repository, _ = read_repository(given)
        assert repository is not None
        url = repository.new_issue("T & x", "body #1\nline", {"card-id": "q-1"})
        assert url.startswith(page + "?")
        query = parse_qs(urlsplit(url).query)
        assert "T & x" in [v[0] for v in query.values()]
        assert " " not in url and "\n" not in url and "#" not in url


def test_blob_links_point_at_the_line() -> None:
    github, _ = read_repository("https://github.com/o/r")
    gitlab, _ = read_repository("https://gitlab.com/o/r")
    gitea, _ = read_repository("https://codeberg.org/o/r")
    assert github and gitlab and gitea
    assert (
        github.blob("v1", "content/a b.md", 3)
        == "https://github.com/o/r/blob/v1/content/a%20b.md#L3"
    )
    assert gitlab.blob("v1", "a.md", 3) == "https://gitlab.com/o/r/-/blob/v1/a.md#L3"
    assert gitea.blob("v1", "a.md", 3) == "https://codeberg.org/o/r/src/commit/v1/a.md#L3"


def test_deck_yaml_repository_errors_at_its_line() -> None:
    text = "name: Deck\n\nrepository: ftp://github.com/o/r\n"
    settings, found = load_settings(text, "deck.yaml")
    assert [f.location.line for f in found if "'repository'" in f.message] == [3]
    settings, found = load_settings("name: Deck\nrepository: https://github.com/o/r.git\n", "d")
    assert settings is not None
    assert settings.repository == "https://github.com/o/r"
