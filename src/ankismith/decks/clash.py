"""Two decks of a project that would tangle in a learner's collection, refused before a build.

A variant (``extends:``) and the deck it extends may share a deck name and id: they are the
same deck, one bigger, and a learner keeps one of them.

Anki matches decks by name, notes by GUID across the whole collection (a GUID hangs on the
deck's ``id``) and note types by id: two decks sharing any of them would merge, take over each
other's notes or restyle each other's cards. A note type the shared folder gives both decks is
one note type, and no clash while each deck ships
it alike: a deck whose language or labels fill its templates with other words clashes too. So
do our own five note types, whose ids are the same in every deck: two decks of a project must
fill them alike (language, labels, ``_templates/``, report link). Ids are never changed to
settle it: a note type's id changing is a schema change for learners who have it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ankismith.content.read import Content
from ankismith.findings import Finding, Severity
from ankismith.forge import read_repository
from ankismith.model import Location, NoteKind, NoteTypeDef
from ankismith.notetypes.assemble import builtin_notetype, custom_notetype
from ankismith.notetypes.builtin import NOTE_TYPES
from ankismith.notetypes.labels import Labels, deck_labels
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
    return found + _builtin_variants(decks) + _variant_ids(decks)


def _builtin_variants(decks: Sequence[Content]) -> list[Finding]:
    """Return an error at each deck whose copy of our note types differs from another deck's.

    Our five note types have one id each, in every deck: two decks of a project that fill them
    with other text (another language or labels, their own ``_templates/``, a report link or
    none) would restyle each other's cards in a learner's collection. Judged on the settings,
    as every clash is: every kind is compared, used or not. A deck and its variant are one deck.
    Decks alike in what fills them ship the same text: it is assembled only for decks that
    differ in it, to name the kinds that differ.
    """
    found: list[Finding] = []
    seen: list[tuple[Content, _Fill]] = []
    texts: dict[_Fill, dict[NoteKind, tuple[object, ...]]] = {}
    given: dict[_Fill, tuple[Labels, dict[str, str], bool]] = {}

    def shipped(fill: _Fill) -> dict[NoteKind, tuple[object, ...]]:
        if fill not in texts:
            labels, overrides, report = given[fill]
            texts[fill] = {
                kind: _shipped(builtin_notetype(kind, overrides, labels, report=report))
                for kind in NoteKind
            }
        return texts[fill]

    for content in decks:
        if (settings := content.settings) is None:
            continue
        labels = deck_labels(settings.language, dict(settings.labels))
        report = bool(settings.repository) and read_repository(settings.repository)[0] is not None
        fill = (
            (labels.language, labels.translation, *sorted(labels.texts.items())),
            tuple(sorted(content.templates)),
            report,
        )
        given.setdefault(fill, (labels, dict(content.templates), report))
        for other, theirs in seen:
            if theirs == fill or other.settings is None or _variants(content, other):
                continue
            differ = [k for k in NoteKind if shipped(fill)[k] != shipped(theirs)[k]]
            if not differ:
                continue
            names = ", ".join(repr(NOTE_TYPES[kind].name) for kind in differ)
            every = set(NoteKind) - {NoteKind.OCCLUSION}  # Anki's own, never filled otherwise
            names = "our five note types" if set(differ) == every else f"our {names}"
            why = _why(content, other)
            message = (
                f"{names} would ship other text than in deck "
                f"{other.settings.name!r} ({other.settings_path}){why}, under the same ids: one "
                "deck's import would restyle the other's cards. Give both decks the same "
                "'language', 'labels', '_templates/' and 'repository', or give this deck "
                "note types of its own (_notetypes/, each with its own 'id:')"
            )
            line = settings.line_of("language") if settings.language else 0
            found.append(
                Finding(Location(content.settings_path, line), message, severity=Severity.ERROR)
            )
        seen.append((content, fill))
    return found


_Fill = tuple[tuple[object, ...], tuple[tuple[str, str], ...], bool]
"""What fills our note types in a deck: its labels' texts, its template overrides, a report link."""


def _why(one: Content, other: Content) -> str:
    """Return what makes two decks fill our note types differently, as ``: a, b``."""
    mine, theirs = one.settings, other.settings
    if mine is None or theirs is None:
        return ""
    reasons = [
        f"language {mine.language or 'en'!r} against {theirs.language or 'en'!r}"
        if (mine.language or "en") != (theirs.language or "en")
        else "",
        "other labels" if dict(mine.labels) != dict(theirs.labels) else "",
        "other _templates/" if dict(one.templates) != dict(other.templates) else "",
        "a report link in one only" if bool(mine.repository) != bool(theirs.repository) else "",
        "another repository"
        if mine.repository and theirs.repository and mine.repository != theirs.repository
        else "",
    ]
    given = [reason for reason in reasons if reason]
    return f": {', '.join(given)}" if given else ""


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
