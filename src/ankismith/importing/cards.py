"""Write one imported note as a Markdown card: heading, metadata comment, sections.

Notes of our own note types come back as our kinds (their ``Id`` field is the card id, their
``Choices`` a task list); notes of any other note type become cards of that custom note type,
one ``### <Field>`` section per field after the first. Every card keeps its GUID, its tags and
(through its file) its deck.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import msgspec

from ankismith.apkg.cardgen import filled_fields
from ankismith.apkg.contents import NoteInfo
from ankismith.importing.convert import FieldConverter, list_items
from ankismith.importing.occlusion import OcclusionNote, occlusion_note
from ankismith.importing.structure import EMPTY_BLOCK, starts_block
from ankismith.model import NoteKind
from ankismith.render.report import explanation_of
from ankismith.text import slug, visible_text

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_TAG_OK = re.compile(r"^[^\s;]+$")
# Anki prints tags and deck names into cards unescaped ({{Tags}}, {{Deck}}): the build refuses
# these characters in them (check/names.py), so an import writes look-alikes instead.
_PRINTED_AS_HTML = str.maketrans({"<": "\u2039", ">": "\u203a", '"': "\u201d", "`": "\u02bc"})


def printable_name(name: str) -> str:
    """Return a tag or deck name with look-alikes for what Anki would print as HTML."""
    return name.translate(_PRINTED_AS_HTML)


# A GUID in metadata holds no space or '"' (docs/format.md); anything else can be written.
_GUID_UNWRITABLE = re.compile(r'["\s]|^$')


def guid_value(guid: str) -> str:
    r"""Return ``guid`` as a metadata value, in double quotes when it holds ``;``, ``\`` or ``-->``.

    Inside quotes a backslash takes the next character as is: backslashes are doubled and
    the ``-->`` that would close the comment is written ``--\>``.
    """
    if not any(part in guid for part in (";", "\\", "-->")):
        return guid
    return '"' + guid.replace("\\", "\\\\").replace("-->", "--\\>") + '"'


# Field names of our kinds: the first holds the question; these become sections.
_SECTIONS = {"Answer": "Answer", "Back": "Answer", "Explanation": "Explanation", "Hint": "Hint"}
_DERIVED = ("Source", "Id", "Choices")


IMAGE_OCCLUSION = "Image occlusion"
"""The heading of an Image Occlusion note without a header."""
TITLE_CHARS = 80
"""A title taken from another field keeps this many characters of its text at most."""


class Title(msgspec.Struct, frozen=True):
    """How a custom note type's cards get their headings (``CardWriter.card``)."""

    sort_field: int = 0
    """The note type's sort field: the title comes from it first."""
    label: bool = False
    """True when the first field is a label most notes share (``Anki``), no question."""


class CardText(msgspec.Struct, frozen=True):
    """A card as Markdown lines, and what could not be kept, by line offset in ``lines``."""

    lines: tuple[str, ...]
    """The card's lines, from its ``## `` heading on."""
    problems: tuple[tuple[int, str], ...]
    """(index into ``lines``, message) for each thing dropped."""
    media: tuple[str, ...]
    """Package media names the card uses."""
    card_id: str
    """The id in the metadata comment (``lines[1]``)."""
    absent: tuple[str, ...] = ()
    """Media names the card keeps though the package lacks them."""

    def with_id(self, card_id: str) -> CardText:
        """Return this card with ``card_id`` in its metadata comment instead."""
        opening = f"<!-- id: {self.card_id}"
        meta = f"<!-- id: {card_id}{self.lines[1][len(opening) :]}"
        lines = (self.lines[0], meta, *self.lines[2:])
        return CardText(lines, self.problems, self.media, card_id, self.absent)


def valid_id(text: str) -> bool:
    """Return True when ``text`` can stand as a card id."""
    return bool(_ID.match(text))


def wanted_id(note: NoteInfo, kind: NoteKind | None, title: Title | None = None) -> str:
    """Return the card id a note asks for: its ``Id`` field, else a slug of its question.

    The question is the first field, or for a custom note whose first field is a label or
    empty, the field its title comes from. Two notes may ask for the same one; the project
    numbers the later ones (layout.py).
    """
    wanted = dict(note.fields).get("Id", "") if kind else ""
    if kind is NoteKind.OCCLUSION:  # the header names it, else its image
        values = [value for _, value in note.fields] + ["", "", ""]
        image = re.search(r'src="([^"]+)"', values[1])
        text = visible_text(values[2]) or (image.group(1) if image else "")
        return (slug(text) or "image-occlusion")[:48].rstrip("-")
    if not (wanted and valid_id(wanted)):
        texts = [visible_text(value) for _, value in note.fields]
        text = texts[0] if texts else ""
        if kind is None and (not text or (title is not None and title.label)):
            sort_field = title.sort_field if title else 0
            order = [sort_field] if 0 < sort_field < len(texts) else []
            text = next((texts[i] for i in [*order, *range(1, len(texts))] if texts[i]), text)
        wanted = (slug(text) or "note")[:48].rstrip("-")
    return wanted


class CardWriter:
    """Builds card text for one card file: media links relative to it, problems collected."""

    def __init__(self, media: Mapping[str, str], absent_folder: str | None = None) -> None:
        self.converter = FieldConverter(media, absent_folder)
        self.lines: list[str] = []
        self.problems: list[tuple[int, str]] = []
        self.used: list[str] = []
        self.absent: list[str] = []

    def _convert(self, field: str, at: int = 0) -> list[str]:
        """Return a field as Markdown lines; its problems go to line ``at`` of the card."""
        converted = self.converter.convert(field)
        self.problems += [(at, p) for p in converted.problems]
        self.used += converted.media
        self.absent += converted.absent
        return converted.markdown.split("\n") if converted.markdown else []

    def _section(self, name: str, field: str, keep_empty: bool = False) -> None:
        """Add ``### name`` and the field's Markdown, unless it is empty (and not kept so)."""
        before = len(self.problems)
        body = self._convert(field, len(self.lines) + 3)
        if body or keep_empty:
            self.lines += ["", f"### {name}", *([""] if body else []), *body]
        else:  # nothing left to point at: the card's heading stands for it
            self.problems[before:] = [(0, message) for _, message in self.problems[before:]]

    def _title(self, fields: list[tuple[str, str]], sort_field: int) -> str:
        """Return a card title for a custom note: its sort field's text, else the first text.

        The first field is left out: it is empty, a label the notes share, or starts with a
        block a heading cannot hold, and is written as a section of its own.
        """
        order = [sort_field] if 0 < sort_field < len(fields) else []
        order += range(1, len(fields))
        for index in order:
            text = visible_text(fields[index][1])
            if text:
                words = text[:TITLE_CHARS].split("\n")[0].strip()
                converted = self.converter.convert(html.escape(words)).markdown
                return converted.split("\n")[0] or "(no text)"
        return "(no text)"

    def card(
        self,
        note: NoteInfo,
        card_id: str,
        kind: NoteKind | None,
        type_name: str | None,
        title: Title | None = None,
        guid_taken: bool = False,
    ) -> CardText:
        """Return the Markdown of ``note``: of our ``kind``, else of custom type ``type_name``.

        A custom note whose first field is empty, is a label (``title.label``) or starts with
        a block gets a title from its other fields as heading, and its first field as a
        ``### `` section like the others.
        """
        self.lines, self.problems, self.used, self.absent = [], [], [], []
        fields = list(note.fields)
        occlusion = occlusion_note(fields) if kind is NoteKind.OCCLUSION else None
        if occlusion is not None:  # the header is the heading; the masks follow the image
            fields = [("Header", occlusion.header or html.escape(IMAGE_OCCLUSION))]
        question = self._convert(fields[0][1]) if fields else []
        # Empty as Anki judges it: nothing but whitespace, <br> and <div>.
        empty = not question or not "".join(question).strip()
        empty = empty or not filled_fields([fields[0][1]])[0]
        titled = (
            kind is None
            and len(fields) > 1
            and (empty or starts_block(question[0]) or (title is not None and title.label))
        )
        if titled:
            self.problems = []  # the first field's problems are found again in its section
            self.used, self.absent = [], []
            question = [self._title(fields, title.sort_field if title else 0)]
        elif empty:
            self.problems.append((0, "the first field is empty; the heading says so"))
            question = ["(empty)"]
        meta = [f"id: {card_id}"]
        tags = [printable_name(t) for t in note.tags if _TAG_OK.match(t)]
        if renamed := [t for t in note.tags if _TAG_OK.match(t) and printable_name(t) != t]:
            self.problems.append(
                (
                    1,
                    f"tags {renamed!r} hold characters Anki would print into cards as HTML; "
                    "written with look-alikes (learners' notes get the new tags)",
                )
            )
        if dropped := [t for t in note.tags if not _TAG_OK.match(t)]:
            self.problems.append((1, f"tags {dropped!r} cannot be written and were dropped"))
        if tags:
            meta.append(f"tags: {' '.join(tags)}")
        if kind not in (None, NoteKind.BASIC, NoteKind.CHOICE):
            meta.append(f"type: {kind.value}")
        if occlusion is not None and occlusion.occlude == "one":
            meta.append("occlude: one")
        if type_name:
            meta.append(f"type: {type_name}")
        if guid_taken:
            self.problems.append(
                (
                    1,
                    f"GUID {note.guid!r} is another note's too (the source holds it twice): "
                    "written without it, so this note builds as a new one; learners who have "
                    "the other keep it, and get this one as new cards",
                )
            )
        elif _GUID_UNWRITABLE.search(note.guid):
            self.problems.append(
                (
                    1,
                    f"GUID {note.guid!r} cannot be written (a space or '\"'): "
                    "learners of this note will get it again as a new card",
                )
            )
        else:
            meta.append(f"guid: {guid_value(note.guid)}")
        if starts_block(question[0]):  # the heading holds text; the block follows it
            question = [EMPTY_BLOCK, *question]
        # A line break right after the heading text reads as a new paragraph: the same text.
        heading = question[0].removesuffix("<br>").rstrip() or question[0]
        self.lines = [f"## {heading}", f"<!-- {'; '.join(meta)} -->"]
        if question[1:]:
            self.lines += ["", *question[1:]]
        if occlusion is not None:
            self._occlusion(occlusion)
        elif kind is not None:
            self._ours(kind, dict(fields[1:]))
        else:
            if titled:  # an empty section keeps the first field empty
                self._section(*fields[0], keep_empty=True)
            for name, value in fields[1:]:
                self._section(name, value)
        used = tuple(dict.fromkeys(self.used))
        absent = tuple(dict.fromkeys(self.absent))
        return CardText(tuple(self.lines), tuple(self.problems), used, card_id, absent)

    def _choices(self, field: str) -> list[str]:
        """Return the ``- [x]`` lines of one of our Choices fields."""
        lines: list[str] = []
        for classes, inner in list_items(field):
            mark = "x" if "right" in classes else " "
            text = " ".join(self._convert(inner, len(self.lines) + 1 + len(lines)))
            lines.append(f"- [{mark}] {text}")
        return lines

    def _occlusion(self, note: OcclusionNote) -> None:
        """Add an Image Occlusion note's image, its masks and its back extra."""
        image = self._convert(note.image, len(self.lines) + 2)
        self.lines += ["", *image, "", *note.masks]
        self._section("Explanation", note.back_extra)
        if note.dropped:
            self.problems.append(
                (0, f"the Comments field has no place in a card and was dropped: {note.dropped!r}")
            )

    def _ours(self, kind: NoteKind, fields: dict[str, str]) -> None:
        if kind is NoteKind.CHOICE:
            self.lines += ["", *self._choices(fields.get("Choices", ""))]
        for name, value in fields.items():
            if name in _DERIVED or name not in _SECTIONS:
                continue
            if kind is NoteKind.TYPEIN and _SECTIONS[name] == "Answer":
                # Plain text, what the learner types: written as it is, never as Markdown.
                self.lines += ["", "### Answer", "", html.unescape(value).strip()]
            elif name == "Explanation":  # a deck built with repository: holds the report link
                self._section("Explanation", explanation_of(value))
            else:
                self._section(_SECTIONS[name], value)
