"""Plan the project an imported deck becomes: every file's path and bytes, and what was lost.

Pure: a ``Source`` in, a ``Project`` out. ``deck.yaml`` names the main deck; each subdeck is a
folder holding ``cards.md``; note types go to ``_notetypes/``, media to ``_media/``.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePosixPath

import msgspec
import yaml

from ankismith.apkg.cardgen import filled_fields
from ankismith.apkg.contents import NoteInfo, NoteTypeInfo
from ankismith.findings import Finding, Severity
from ankismith.importing.batch import CardJob, write_cards
from ankismith.importing.cards import Title, printable_name
from ankismith.importing.convert import to_markdown
from ankismith.importing.defects import Defects, find_defects
from ankismith.importing.notetypes import FOLDER, folder_names, notetype_files
from ankismith.importing.occlusion import is_occlusion
from ankismith.importing.preset import preset_options
from ankismith.importing.source import Source
from ankismith.limits import IMPORTED_FILE_BYTES
from ankismith.model import Location, NoteKind
from ankismith.notetypes.builtin import NOTE_TYPES, Owner, note_guid
from ankismith.render.notetype_media import named_files
from ankismith.text import name_slug, slug

MEDIA = PurePosixPath("_media")
CARDS = "cards.md"
CODE = "import"
FILE_CARDS = 500
"""A deck's cards are split into files of at most this many cards (cards-2.md ...), and of at
most ``limits.IMPORTED_FILE_BYTES``."""
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]|^[._]|^\s|\s$')
_OURS = {nt.id: kind for kind, nt in NOTE_TYPES.items()}


class Project(msgspec.Struct, frozen=True):
    """The files of the project, and what the author should look at."""

    files: dict[PurePosixPath, bytes]
    """Every file, keyed by its path under the content directory."""
    findings: tuple[Finding, ...]
    """What could not be kept, at the line of the card it concerns."""
    notes: int
    """How many notes became cards."""
    decks: int
    """How many decks the cards are in."""
    notetypes: int
    """How many note types became ``_notetypes/`` folders."""
    absent: tuple[str, ...] = ()
    """Media names cards or note types use though the package lacks them: kept as written."""


LABEL_SHARE = 0.5
"""A first field that this share of a note type's notes (and three at least) hold alike is a
label (``Anki``, a chapter name), no question: their headings come from another field."""


OWN_IDS = (
    "# The package's notes use this deck's own copies of ankismith's note types: keep it, or\n"
    "# learners' notes change note type and stop updating (docs/format.md, note_type_ids).\n"
    "note_type_ids: own\n"
)
PRESET_COMMENT = (
    "# The deck options preset of the package, only what differs from Anki's defaults.\n"
    '# Learners get it only when they tick "Import any deck presets" as they import,\n'
    "# and Anki never updates a preset they have (docs/format.md#deck-options-preset).\n"
)


def yaml_text(value: str) -> str:
    """Return ``value`` as a double-quoted YAML scalar, read back exactly as it is.

    Deck names hold ``: ``, `` #``, brackets, a leading ``-``, ``*``, ``&``, ``!``, ``%``,
    ``@`` or quotes, each of which plain YAML reads as something else.
    """
    return yaml.safe_dump(
        value, default_style='"', allow_unicode=True, width=1 << 30, explicit_end=False
    ).removesuffix("\n")


def _titles(notes: Sequence[NoteInfo], notetypes: Sequence[NoteTypeInfo]) -> dict[int, Title]:
    """Return how each custom note type's headings are chosen: sort field, label or not."""
    firsts: dict[int, Counter[str]] = {}
    for note in notes:
        if note.fields:
            firsts.setdefault(note.notetype, Counter())[note.fields[0][1].strip()] += 1
    titles = {}
    for notetype in notetypes:
        counted = firsts.get(notetype.id, Counter())
        top = counted.most_common(1)
        label = bool(top) and bool(top[0][0]) and top[0][1] >= 3
        label = label and top[0][1] >= LABEL_SHARE * sum(counted.values())
        titles[notetype.id] = Title(notetype.sort_field, label)
    return titles


def _safe(name: str) -> bool:
    return bool(name) and len(name) <= 100 and not _UNSAFE_NAME.search(name)


def _media_paths(source: Source) -> tuple[dict[str, PurePosixPath], dict[str, str]]:
    paths: dict[str, PurePosixPath] = {}
    renamed: dict[str, str] = {}
    taken: set[str] = set()
    for name, data in source.info.media_files:
        target = name
        if not _safe(name) or name.casefold() in taken:
            suffix = PurePosixPath(name).suffix if _safe(PurePosixPath(name).suffix[1:]) else ""
            target = f"media-{hashlib.sha1(data).hexdigest()[:12]}{suffix}"
            renamed[name] = (
                f"media file {name!r} is saved as {target!r}: its name is unsafe as a file "
                "name; learners get it again under the new name (docs/importing.md)"
            )
        taken.add(target.casefold())
        paths[name] = MEDIA / target
    return paths, renamed


def _card_id(wanted: str, taken: dict[str, int]) -> str:
    """Return a card id no other has (case aside): ``wanted``, else it and ``-2``, ``-3``...

    ``taken`` maps each id handed out to the last number tried after it, so a thousand notes
    wanting one id (images for questions) try each number once, not a thousand times.
    """
    number = taken.get(wanted.casefold(), 1)
    card_id = f"{wanted}-{number}" if number > 1 else wanted
    while card_id.casefold() in taken:
        number += 1
        card_id = f"{wanted}-{number}"
    taken[wanted.casefold()] = number
    taken.setdefault(card_id.casefold(), 1)
    return card_id


def _main_deck(notes: tuple[NoteInfo, ...], decks: tuple[str, ...]) -> str:
    tops = Counter((n.decks[0] if n.decks else "Default").split("::")[0] for n in notes)
    if tops:
        return tops.most_common(1)[0][0]
    return decks[0].split("::")[0] if decks else "Imported"


class _Ours(msgspec.Struct, frozen=True):
    """What the notes say of the deck that built them: its ``id``, our note types' ids."""

    namespace: str
    """The deck id our own builds used, or a new one."""
    kinds: dict[int, NoteKind]
    """Our note types by id: the shared ids, and the deck's own (``note_type_ids: own``)."""
    own: bool
    """True when the notes use the deck's own ids (``note_type_ids: own``)."""


def _ours(main: str, notes: tuple[NoteInfo, ...], given: str | None = None) -> _Ours:
    """Return the deck id our own builds used, when the notes show it; else a new one.

    ``given`` (``import --id``) is the first candidate: the only way back to an id with a
    random part, as ``init`` writes.

    A note of our note types keeps its card id in its ``Id`` field and has the GUID derived
    from it and the deck id, so a candidate id (the slug of the name) is proved by one note.
    Our note types have the shared ids, or (``note_type_ids: own``) ids derived from the deck
    id (``notetypes/builtin.py`` ``Owner``), proved the same way.

    A new id is the slug of the name and a part drawn from the notes' GUIDs: as unlikely as a
    random part to be another deck's, and the same on every import of the same package.
    """
    with_id = [n for n in notes if dict(n.fields).get("Id")]
    candidates = (*((given,) if given else ()), name_slug(main), slug(main), main)
    for candidate in dict.fromkeys(candidates):
        owner = Owner(candidate, main)
        own = {owner.id(kind): kind for kind in NoteKind if kind is not NoteKind.OCCLUSION}
        for kinds, is_own in ((_OURS, False), (own, True)):
            first = next((n for n in with_id if n.notetype in kinds), None)
            if first is not None and note_guid(candidate, dict(first.fields)["Id"]) == first.guid:
                return _Ours(candidate, {**_OURS, **own} if is_own else dict(_OURS), is_own)
    digest = hashlib.sha256("\n".join(sorted(n.guid for n in notes)).encode()).hexdigest()
    return _Ours(f"{slug(main, 40) or 'deck'}-i{digest[:5]}{int(digest, 16) % 10}", _OURS, False)


def _file_name(note: NoteInfo, folder: PurePosixPath, ours: dict[int, NoteKind]) -> str:
    """Return the card file of a note: where our own builds said it came from, else cards.md."""
    source = PurePosixPath(dict(note.fields).get("Source", "")) if note.notetype in ours else None
    if source and source.suffix == ".md" and source.parent == folder and _safe(source.name):
        return source.name
    return CARDS


def _size(lines: Sequence[str]) -> int:
    return sum(len(line.encode()) + 1 for line in lines)


def _next_part(first: PurePosixPath, current: PurePosixPath) -> PurePosixPath:
    """Return the file after ``current`` of a deck split in parts: cards.md, cards-2.md, ..."""
    number = int(current.stem.rsplit("-", 1)[1]) + 1 if current != first else 2
    return first.with_name(f"{first.stem}-{number}{first.suffix}")


def _folder(relative: tuple[str, ...]) -> tuple[PurePosixPath, bool]:
    """Return the folder of a subdeck and whether its name needs a ``deck:`` key."""
    parts = [part if _safe(part) else (slug(part) or "subdeck") for part in relative]
    return PurePosixPath(*parts) if parts else PurePosixPath("."), parts != list(relative)


class _Planner:
    def __init__(self, source: Source, content: str, deck_id: str | None = None) -> None:
        self.source = source
        self.deck_id = deck_id
        self.content = content
        self.findings: list[Finding] = []
        self.files: dict[PurePosixPath, bytes] = {}
        self.pending: list[tuple[PurePosixPath, list[str], list[CardJob]]] = []
        self.titles: dict[int, Title] = {}
        self.absent: set[str] = set()
        self.guids: set[str] = set()
        self.defects = Defects(frozenset(), ())
        self.occlusion: set[int] = set()
        self.ours = _Ours("", _OURS, False)

    def warn(self, path: PurePosixPath | str, line: int, message: str) -> None:
        location = Location(posixpath.join(self.content, str(path)), line)
        self.findings.append(Finding(location, message, CODE, Severity.WARNING))

    def plan(self, workers: int) -> Project:
        info = self.source.info
        main = printable_name(_main_deck(info.notes, info.decks))
        self.ours = _ours(main, info.notes, self.deck_id)
        if self.deck_id and self.ours.namespace != self.deck_id:
            self.warn(
                "deck.yaml",
                0,
                f"--id {self.deck_id!r} matches no note's GUID nor note type id: "
                f"imported as without it (id: {self.ours.namespace})",
            )
        ours = set(self.ours.kinds)
        renamed_decks: set[str] = set()
        media, renamed = _media_paths(self.source)
        # Anki's own Image Occlusion note type comes back as our kind of that name.
        self.occlusion = {t.id for t in info.notetypes if is_occlusion(t)} | {
            NOTE_TYPES[NoteKind.OCCLUSION].id
        }
        used_types = {n.notetype for n in info.notes} - ours - self.occlusion
        used = {n.notetype for n in info.notes}
        for notetype in info.notetypes:
            if notetype.id in self.occlusion - ours and notetype.id in used:
                self.warn(
                    "deck.yaml",
                    0,
                    f"note type '{notetype.name}' is Anki's Image Occlusion: its notes become "
                    "'type: occlusion' cards, built with ankismith's own id for that note type; "
                    "learners who have them from this package keep them, but Anki sees another "
                    "note type and does not update them",
                )
        custom = [t for t in info.notetypes if t.id in used_types]
        type_names = folder_names(custom)
        self.titles = _titles(info.notes, custom)
        self.defects = find_defects(info.notes, custom)
        for type_id, template in self.defects.idle_templates:
            self.warn(
                FOLDER / type_names[type_id] / "notetype.yaml",
                0,
                f"template '{template}' gives no note of the deck a card (its front shows no "
                "field they fill): kept, as learners have it in their note type",
            )
        empty_first = {
            n.notetype for n in info.notes if not n.fields or not filled_fields([n.fields[0][1]])[0]
        }
        for notetype in custom:
            uuid = self.source.uuids.get(notetype.id)
            optional = notetype.id in empty_first
            files = notetype_files(notetype, type_names[notetype.id], uuid, optional)
            self.files.update(files)
            # Files its templates or CSS name (_font.woff2, _seal.svg) go beside them.
            text = notetype.css + "".join(front + back for _, front, back in notetype.templates)
            for name, data in info.media_files:
                if _safe(name.lstrip("_")) and name in text:
                    self.files[FOLDER / type_names[notetype.id] / name] = data
            held = {name for name, _ in info.media_files}
            for name in dict.fromkeys(named_files(text)):
                if name not in held and "/" not in name and name.strip(".") and "\\" not in name:
                    self.absent.add(name)
                    self.warn(
                        FOLDER / type_names[notetype.id] / "notetype.yaml",
                        0,
                        f"note type '{notetype.name}' names '{name}', which the package lacks "
                        "(a font or picture learners never had): kept as written and listed in "
                        "deck.yaml 'absent_media'",
                    )
        by_deck: dict[str, list[NoteInfo]] = {}
        for note in sorted(info.notes, key=lambda n: (n.note_id, n.guid)):
            original = note.decks[0] if note.decks else main
            if printable_name(original) != original:
                renamed_decks.add(original)
            by_deck.setdefault(printable_name(original), []).append(note)
        for original in sorted(renamed_decks):
            self.warn(
                "deck.yaml",
                0,
                f"deck '{original}' holds characters Anki would print into cards as HTML: it is "
                f"written '{printable_name(original)}'; learners' existing cards stay in "
                "the deck of the old name (Anki matches decks by name)",
            )
        for deck, notes in sorted(by_deck.items()):
            parts = deck.split("::")
            relative = tuple(parts[1:]) if parts[0] == main else tuple(parts)
            folder, named = _folder(relative)
            while folder / CARDS in self.files:
                folder, named = PurePosixPath(f"{folder}-{len(self.files)}"), True
            by_file: dict[str, list[NoteInfo]] = {}
            for note in notes:
                by_file.setdefault(_file_name(note, folder, self.ours.kinds), []).append(note)
            for name, in_file in sorted(by_file.items()):
                deck_key = relative if named else None
                self.card_file(folder / name, deck, deck_key, in_file, type_names)
                if parts[0] != main:
                    self.warn(
                        folder / name,
                        1,
                        f"deck '{deck}' is not inside '{main}': it becomes a subdeck of it",
                    )
        used_media = self.write_files(media, workers)
        media_data = dict(info.media_files)
        for name in sorted(used_media):
            self.files[media[name]] = media_data[name]
            if name in renamed:  # only what cards use: a note type's files go beside it
                self.warn(MEDIA, 0, renamed[name])
        settings: dict[str, object] = {"name": main, "id": self.ours.namespace}
        description = dict(info.descriptions).get(main, "")
        if description and main in info.markdown_descriptions:
            # Markdown already, which Anki renders: kept as written, and so shipped again.
            settings["description"] = description.strip()
            settings["markdown_description"] = True
        elif description:
            converted = to_markdown(description, {})  # docs/format.md: no local images there
            for message in converted.problems:
                self.warn("deck.yaml", 0, f"description: {message}")
            if converted.markdown:
                settings["description"] = converted.markdown
        header = "# Imported deck: never change 'id' once released (docs/format.md).\n"
        body = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
        own = OWN_IDS if self.ours.own else ""
        self.files[PurePosixPath("deck.yaml")] = (header + body + own + self.preset()).encode()
        return Project(
            self.files,
            tuple(self.findings),
            sum(len(jobs) for _, _, jobs in self.pending),  # notes left out are not counted
            len(by_deck),
            len(custom),
            tuple(sorted(self.absent)),
        )

    def preset(self) -> str:
        """Return ``preset:`` for deck.yaml, with its comment: the package's one preset."""
        presets = self.source.info.presets
        if len(presets) > 1:
            names = ", ".join(f"'{name}'" for name, _ in presets)
            self.warn(
                "deck.yaml",
                0,
                f"the package's decks use several deck options presets ({names}): a deck "
                "ships one, so none is written; add the one you mean as 'preset:'",
            )
        if len(presets) != 1:
            return ""
        options, dropped = preset_options(*presets[0])
        for key in dropped:
            self.warn("deck.yaml", 0, f"preset: '{key}' holds a value Anki would refuse: left out")
        return PRESET_COMMENT + yaml.safe_dump(
            {"preset": options}, allow_unicode=True, sort_keys=False, default_flow_style=None
        )

    def card_file(
        self,
        path: PurePosixPath,
        deck: str,
        deck_key: tuple[str, ...] | None,
        notes: list[NoteInfo],
        type_names: dict[int, str],
    ) -> None:
        """Plan one card file: its header now, its cards as jobs for ``write_files``."""
        lines = ["---", f"deck: {yaml_text('::'.join(deck_key))}", "---", ""] if deck_key else []
        lines += [f"# {deck}", ""]
        jobs = []
        for note in notes:
            kind = self.ours.kinds.get(note.notetype)
            if note.notetype in self.occlusion:
                kind = NoteKind.OCCLUSION
            if kind is None and note.notetype not in type_names:
                self.warn(
                    path,
                    len(lines) + 1,
                    f"note {note.guid} has no note type in the package: left out, as nothing "
                    "can build it; learners who have it keep it as it is",
                )
                continue
            up = "../" * (len(path.parts) - 1)
            title = self.titles.get(note.notetype)
            taken = note.guid in self.defects.repeated_guids and note.guid in self.guids
            self.guids.add(note.guid)
            jobs.append(CardJob(note, kind, type_names.get(note.notetype), up, title, taken))
        self.pending.append((path, lines, jobs))

    def write_files(self, media: dict[str, PurePosixPath], workers: int) -> set[str]:
        """Write every planned card file; return the media their cards use."""
        jobs = [job for _, _, file_jobs in self.pending for job in file_jobs]
        cards = iter(write_cards(jobs, {k: str(v) for k, v in media.items()}, workers))
        taken: dict[str, int] = {}  # ids handed out, in the order of the notes
        used: set[str] = set()
        for first, header, file_jobs in self.pending:
            path, lines, count = first, list(header), 0
            size = _size(header)  # of ``lines``, kept as they grow: measuring them is quadratic
            for job in file_jobs:
                card = next(cards)
                card_id = _card_id(card.card_id, taken)
                card = card if card_id == card.card_id else card.with_id(card_id)
                card_size = _size(card.lines)
                if count and (count >= FILE_CARDS or size + card_size > IMPORTED_FILE_BYTES):
                    self.files[path] = "\n".join(lines).encode()
                    path, lines, count = _next_part(first, path), list(header), 0
                    size = _size(header)
                start = len(lines) + 1
                for offset, message in card.problems:
                    self.warn(path, start + offset, message)
                if job.note.guid in self.defects.no_deletion:
                    self.warn(
                        path,
                        start,
                        "a cloze note without a deletion: Anki shows its one card as an error "
                        "('No cloze found'), and so will learners of the build; add a deletion",
                    )
                if len(job.note.decks) > 1:
                    where = ", ".join(job.note.decks)
                    self.warn(path, start, f"the cards of this note are in decks {where}: one kept")
                used.update(card.media)
                self.absent.update(card.absent)
                lines += [*card.lines, ""]
                size += card_size + 1
                count += 1
            self.files[path] = "\n".join(lines).encode()
        return used


def plan_project(
    source: Source, content: str, workers: int = 1, deck_id: str | None = None
) -> Project:
    """Return the project ``source`` becomes under the content directory shown as ``content``.

    With ``workers`` above one, a big deck's fields are converted in that many processes.
    ``deck_id`` (``import --id``) is tried first as the ``id`` the deck was built with.
    """
    return _Planner(source, content, deck_id).plan(workers)
