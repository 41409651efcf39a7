"""Two decks of a project that would tangle in a learner's collection, refused before a build.

A variant (``extends:``) and the deck it extends may share a deck name and id: they are the
same deck, one bigger, and a learner keeps one of them.

Anki matches decks by name, notes by GUID across the whole collection (a GUID hangs on the
deck's ``id``) and note types by id: two decks sharing any of them would merge, take over each
other's notes or restyle each other's cards. A note type the shared folder gives both decks is
one note type, and no clash while each deck ships
it alike: a deck whose language or labels fill its templates with other words clashes too.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ankismith.content.read import Content
from ankismith.findings import Finding, Severity
from ankismith.model import Location, NoteTypeDef
from ankismith.notetypes.assemble import custom_notetype
from ankismith.notetypes.labels import deck_labels
from ankismith.parse.notetypes import load_notetypes


def clashes(decks: Sequence[Content]) -> list[Finding]:
    """Return an error at each deck that shares a deck name, deck id or note type id with another.

    Each error names both places: the deck's own, and the other deck's (a note type from the
    project's shared folder is named there).
    """
    found: list[Finding] = []
    seen: dict[tuple[str, object], tuple[Location, object, str, Content]] = {}
    for content in decks:
        deck = content.settings.name if content.settings else ""
        for kind, value, place, what in _identities(content):
            earlier = seen.setdefault((kind, _key(value)), (place, value, deck, content))
            if earlier[1] == value and (kind == "note type" or earlier[0] == place):
                continue  # the deck itself, or one note type shipped alike by both
            if kind != "note type" and _variants(content, earlier[3]):
                continue  # one deck extends the other: the same deck, made bigger
            message = f"{what} is also that of deck {earlier[2]!r}, at {earlier[0]}: {_harm(kind)}"
            found.append(Finding(place, message, severity=Severity.ERROR))
    return found + _variant_ids(decks)


def _variant_ids(decks: Sequence[Content]) -> list[Finding]:
    """Return an error at each variant whose deck id is not that of the deck it extends.

    Its GUIDs would all differ from the base's: a learner moving to it gets every card again.
    """
    found: list[Finding] = []
    for variant in decks:
        for base in decks:
            one, other = variant.settings, base.settings
            if one is None or other is None or variant is base or one.namespace == other.namespace:
                continue
            if not _extends(variant, base):
                continue
            message = (
                f"deck id {one.namespace!r} differs from {other.namespace!r} of the deck it "
                f"extends ({base.settings_path}): every GUID hangs on the id, so a learner "
                "moving to this variant would get every card again at 0 reviews; keep its id"
            )
            place = Location(variant.settings_path, one.line_of("id"))
            found.append(Finding(place, message, severity=Severity.ERROR))
    return found


def _variants(one: Content, other: Content) -> bool:
    """Return True when one of the two decks extends the other (``extends:``): variants."""
    return _extends(one, other) or _extends(other, one)


def _extends(variant: Content, base: Content) -> bool:
    """Return True when ``variant``'s ``extends:`` names ``base``'s folder."""
    from ankismith.content.read import extended

    folder = extended(variant.root, variant.settings)
    return folder is not None and folder.resolve() == base.root.resolve()


def _key(value: object) -> object:
    """Return what two decks must not share: a note type's id, else the value itself."""
    return value[0] if isinstance(value, tuple) else value


def _shipped(notetype: NoteTypeDef) -> tuple[object, ...]:
    """Return what a package holds of ``notetype``, its id first: not where its files lay."""
    templates = tuple((t.name, t.front, t.back) for t in notetype.templates)
    return (
        notetype.id,
        notetype.name,
        notetype.fields,
        templates,
        notetype.css,
        notetype.cloze,
        notetype.sort_field,
    )


def _identities(content: Content) -> list[tuple[str, object, Location, str]]:
    """Return (kind, value, place, description) of each identity ``content``'s deck ships."""
    settings = content.settings
    if settings is None:
        return []
    yaml = content.settings_path
    found: list[tuple[str, object, Location, str]] = [
        (
            "name",
            settings.name.casefold(),
            Location(yaml, settings.line_of("name")),
            f"deck name {settings.name!r}",
        ),
        (
            "id",
            settings.namespace,
            Location(yaml, settings.line_of("id")),
            f"deck id {settings.namespace!r}",
        ),
    ]
    notetypes, _ = load_notetypes(
        content.notetypes, content.notetypes_path, content.notetype_folders()
    )
    labels = deck_labels(settings.language, dict(settings.labels))  # as the render fills them
    for key, notetype in sorted(notetypes.items()):
        if notetype is None:
            continue
        folder = Path(content.notetype_folders().get(key, content.notetypes_path), key)
        place = Location(str(folder), 0)
        shipped = _shipped(custom_notetype(notetype, labels))
        found.append(
            (
                "note type",
                shipped,
                place,
                f"note type id {notetype.id} ({key!r}) of deck {settings.name!r}",
            )
        )
    return found


def _harm(kind: str) -> str:
    return {
        "name": "Anki finds decks by name, so their cards would land in one deck",
        "id": "every note's GUID hangs on it, so one deck's notes would overwrite the other's",
        "note type": "one deck's import would restyle or block the other's cards; "
        "give one its own 'id:' or share one note type from the shared folder",
    }[kind]
