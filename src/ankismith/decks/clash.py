"""Two decks of a project that would tangle in a learner's collection, refused before a build.

A variant (``extends:``) and the deck it extends may share a deck name and id: they are the
same deck, one bigger, and a learner keeps one of them.

Anki matches decks by name, notes by GUID across the whole collection (a GUID hangs on the
deck's ``id``) and note types by id: two decks sharing any of them would merge, take over each
other's notes or restyle each other's cards. A note type the shared folder gives both decks is
one note type, and no clash while each deck ships
it alike: a deck whose language or labels fill its templates with other words clashes too. So
do our own five note types, whose ids are the same in every deck unless a deck gives its
copies ids of its own (``note_type_ids: own``): two decks of a project that both use one of
them with its shared id must fill it alike (language, labels, ``_templates/``, report link).
Ids are never changed to settle it: a note type's id changing is a schema change for learners
who have it, so the author chooses, before the first release.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ankismith.content.read import Content
from ankismith.findings import Finding, Severity
from ankismith.forge import read_repository
from ankismith.model import Location, NoteKind, NoteTypeDef
from ankismith.notetypes.assemble import builtin_notetype, custom_notetype
from ankismith.notetypes.builtin import NOTE_TYPES
from ankismith.notetypes.labels import Labels, deck_labels
from ankismith.parse.notetypes import load_notetypes

Used = Callable[[Content], frozenset[str]]
"""The note types a deck's cards use, by key (our kind's value, else the folder's name): its
cards read and parsed, so asked only of decks that would clash on a note type."""


class _Uses:
    """The note types each deck's cards use, asked of ``used`` once a deck, when first needed."""

    def __init__(self, used: Used | None) -> None:
        self._used = used
        self._known: dict[int, frozenset[str]] = {}

    def __call__(self, content: Content, key: str) -> bool:
        """Return True when the cards of ``content``'s deck use the note type ``key``."""
        if self._used is None:
            return True  # judged on the settings alone: every note type counts as used
        if id(content) not in self._known:
            self._known[id(content)] = self._used(content)
        return key in self._known[id(content)]


def clashes(decks: Sequence[Content], used: Used | None = None) -> list[Finding]:
    """Return an error at each deck that shares a deck name, deck id or note type id with another.

    Each error names both places: the deck's own, and the other deck's (a note type from the
    project's shared folder is named there). A note type is only shipped by a deck whose
    cards use it: ``used`` says which they use, asked only of two decks that would ship one
    id with other text; without it, every note type counts as used.
    """
    found: list[Finding] = []
    seen: dict[tuple[str, object], tuple[Location, object, str, Content]] = {}
    shipped: dict[object, list[tuple[Location, object, str, Content]]] = {}
    uses = _Uses(used)
    for content in decks:
        deck = content.settings.name if content.settings else ""
        for kind, value, place, what, key in _identities(content):
            if kind == "note type":
                ships = shipped.setdefault(_key(value), [])
                clash = next(
                    (
                        one
                        for one in ships
                        if one[1] != value and uses(content, key) and uses(one[3], one[2])
                    ),
                    None,
                )
                ships.append((place, value, key, content))
                if clash is None:
                    continue  # one note type shipped alike by both, or not by one of them
                other = clash[3].settings.name if clash[3].settings else ""
                message = f"{what} is also that of deck {other!r}, at {clash[0]}: {_harm(kind)}"
                found.append(Finding(place, message, severity=Severity.ERROR))
                continue
            earlier = seen.setdefault((kind, _key(value)), (place, value, deck, content))
            if earlier[1] == value and earlier[0] == place:
                continue  # the deck itself
            if _variants(content, earlier[3]):
                continue  # one deck extends the other: the same deck, made bigger
            message = f"{what} is also that of deck {earlier[2]!r}, at {earlier[0]}: {_harm(kind)}"
            found.append(Finding(place, message, severity=Severity.ERROR))
    return found + _builtin_variants(decks, uses) + _variant_ids(decks)


def _builtin_variants(decks: Sequence[Content], uses: _Uses) -> list[Finding]:
    """Return an error at each deck whose copy of our note types differs from another deck's.

    Our five note types have one id each, in every deck: two decks of a project that fill them
    with other text (another language or labels, their own ``_templates/``, a report link or
    none) would restyle each other's cards in a learner's collection. A deck whose copies
    have ids of its own (``note_type_ids: own``) shares none of them; a deck and its variant
    are one deck. Decks alike in what fills them ship the same text: it is assembled, and
    ``uses`` asked what their cards use, only for decks that differ in it; only the kinds both
    decks' cards use are compared (a note type one of them does not ship cannot clash).
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
        if (settings := content.settings) is None or settings.note_type_ids == "own":
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
            ours = [k for k in differ if not _custom(content, k) and not _custom(other, k)]
            differ = [k for k in ours if uses(content, k.value) and uses(other, k.value)]
            if not differ:
                continue
            names = ", ".join(repr(NOTE_TYPES[kind].name) for kind in differ)
            every = set(NoteKind) - {NoteKind.OCCLUSION}  # Anki's own, never filled otherwise
            names = "our five note types" if set(differ) == every else f"our {names}"
            why = _why(content, other)
            message = (
                f"{names} would ship other text than in deck "
                f"{other.settings.name!r} ({other.settings_path}){why}, under the same ids: one "
                "deck's import would restyle the other's cards. Give this deck's copies ids of "
                "its own with 'note_type_ids: own' (before its first release: for learners who "
                "have it, a new id is a new note type), or give both decks the same "
                "'language', 'labels', '_templates/' and 'repository'"
            )
            keys = [k for k in ("language", "labels", "repository") if getattr(settings, k)]
            line = settings.line_of(keys[0] if keys else "name")
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


def _custom(content: Content, kind: NoteKind) -> bool:
    """Return True when the deck has a note type of its own under our kind's name: not ours."""
    return any(path.partition("/")[0] == kind.value for path, _ in content.notetypes)


def _variant_ids(decks: Sequence[Content]) -> list[Finding]:
    """Return an error at each variant whose deck id or note_type_ids is not its base's.

    Its GUIDs would all differ from the base's: a learner moving to it gets every card again.
    Its copies of our note types' ids too: its cards would all change note type.
    """
    found: list[Finding] = []
    for variant in decks:
        for base in decks:
            one, other = variant.settings, base.settings
            if one is None or other is None or variant is base:
                continue
            if not _extends(variant, base):
                continue
            if one.note_type_ids != other.note_type_ids:
                message = (
                    f"note_type_ids {one.note_type_ids!r} differs from {other.note_type_ids!r} "
                    f"of the deck it extends ({base.settings_path}): the cards of our note types "
                    "would change note type for a learner moving to this variant, and never be "
                    "updated again; keep its note_type_ids"
                )
                place = Location(variant.settings_path, one.line_of("note_type_ids"))
                found.append(Finding(place, message, severity=Severity.ERROR))
            if one.namespace == other.namespace:
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


def _identities(content: Content) -> list[tuple[str, object, Location, str, str]]:
    """Return (kind, value, place, description, note type key) of each identity of a deck.

    The note types are those the deck could ship: which its cards use is not asked here.
    """
    settings = content.settings
    if settings is None:
        return []
    yaml = content.settings_path
    found: list[tuple[str, object, Location, str, str]] = [
        (
            "name",
            settings.name.casefold(),
            Location(yaml, settings.line_of("name")),
            f"deck name {settings.name!r}",
            "",
        ),
        (
            "id",
            settings.namespace,
            Location(yaml, settings.line_of("id")),
            f"deck id {settings.namespace!r}",
            "",
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
                key,
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
