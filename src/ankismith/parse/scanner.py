"""Scan a card file's lines into cards: headings, sections, metadata comments, code fences. Pure.

The format (see docs/format.md): a ``## `` heading starts a card and holds the question;
``### Answer``, ``### Explanation`` and ``### Hint`` split it (for a card of the author's own
note type, every ``### <Field>``); an HTML comment right under the heading carries ``id``,
``tags``, ``type``, ``shuffle`` and ``guid``. Fenced code never splits a card.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from ankismith.findings import Finding
from ankismith.model import Card, Location, NoteTypeDef, SourceFile
from ankismith.parse.cards import FIELD_PREFIX, CardBuilder, Draft
from ankismith.parse.fences import closes, opening, short_closes
from ankismith.parse.frontmatter import load_yaml_mapping, split_front_matter, unknown_key
from ankismith.parse.limits import text_limits
from ankismith.parse.settings import DeckSettings
from ankismith.parse.slips.sections import section_slip
from ankismith.text import split_lines

_HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_COMMENT_OPEN = re.compile(r"^ {0,3}<!--")
_SPECIAL_START = frozenset("`~<#")
SECTIONS = ("answer", "explanation", "hint")
_NONE: Mapping[str, NoteTypeDef | None] = MappingProxyType({})
FRONT_MATTER_KEYS = ("deck", "tags", "type")
CARD_KEYS = ("id", "tags", "type", "shuffle", "guid")
_META_LIKE = re.compile(r"^\s*(id|tags|type|shuffle|guid)\s*:", re.I)
# A part runs to the next ';' or line end; a double-quoted value may hold ';' (a GUID can).
_META_PART = re.compile(r'(?:"[^"\n]*"|[^;\n"])+|"')


def _parse_meta(text: str, loc: Location) -> tuple[dict[str, str], list[Finding]]:
    meta: dict[str, str] = {}
    errors: list[Finding] = []
    for part in _META_PART.findall(text):
        if not part.strip():
            continue
        key, sep, value = part.partition(":")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            # Inside quotes a backslash takes the next character as is: '--\>' for '-->'.
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        key = key.strip().lower()
        if not sep:
            errors.append(Finding(loc, f"card metadata '{part.strip()}' is not 'key: value'"))
        elif key not in CARD_KEYS:
            errors.append(
                Finding(loc, "card metadata: " + unknown_key(key, CARD_KEYS), "unknown-key")
            )
        else:
            meta[key] = value
    return meta, errors


class _FileParser:
    """Walks the lines of one file once, collecting drafts and errors."""

    def __init__(self, source: SourceFile, custom: Collection[str], default_type: str) -> None:
        self.source = source
        self.custom = custom
        self.default_type = default_type
        self.drafts: list[Draft] = []
        self.errors: list[Finding] = []
        self.front: dict[str, Any] = {}

    def loc(self, line: int) -> Location:
        return Location(self.source.path, line)

    def error(self, line: int, message: str, code: str = "syntax") -> None:
        self.errors.append(Finding(self.loc(line), message, code))

    def run(self) -> None:
        lines = split_lines(self.source.text)
        front, start = split_front_matter(lines)
        if start < 0:
            self.error(1, "front matter opened with '---' is never closed with '---'")
            return
        if front is not None:
            text = "\n".join(front)
            self.front, problems = load_yaml_mapping(text, self.source.path, 2, "front matter: ")
            self.errors.extend(problems)
            for key in self.front:
                if key not in FRONT_MATTER_KEYS:
                    self.error(
                        1, "front matter: " + unknown_key(key, FRONT_MATTER_KEYS), "unknown-key"
                    )
        self.walk(lines, start)

    def walk(self, lines: list[str], index: int) -> None:
        short = short_closes(lines, index, _swallows)
        fence: tuple[str, int] | None = None
        comment_start = 0
        comment: list[str] = []
        for number, line in enumerate(lines[index:], start=index + 1):
            if fence is not None:
                self.add(line, number)
                if number in short:
                    self.error(
                        number,
                        f"this line closes the code fence opened at line {fence[1]} with "
                        f"{fence[0]}, but a closing fence needs {len(fence[0])} or more: "
                        f"write {fence[0]}",
                        "unclosed-fence",
                    )
                if closes(line, fence[0]) or number in short:
                    fence = None
            elif comment_start:
                comment.append(line)
                if "-->" in line:
                    self.comment(comment_start, "\n".join(comment))
                    comment_start, comment = 0, []
            elif line.lstrip(" ")[:1] not in _SPECIAL_START:
                self.add(line, number)  # plain text: no pattern below can match
            elif opened := opening(line):
                fence = (opened, number)
                self.add(line, number)
            elif _COMMENT_OPEN.match(line):
                comment_start, comment = number, [line]
                if "-->" in line:
                    self.comment(number, line)
                    comment_start, comment = 0, []
            elif match := _HEADING.match(line):
                self.heading(number, len(match["level"]), (match["text"] or "").strip(), line)
            else:
                self.add(line, number)
        if fence is not None:
            shown = fence[0] if len(fence[0]) < 20 else fence[0][:6] + "..."
            self.error(
                fence[1],
                f"code fence {shown} is never closed; it would swallow the rest of the file",
                "unclosed-fence",
            )
        if comment_start:
            self.error(comment_start, "HTML comment '<!--' is never closed with '-->'")

    def add(self, line: str, number: int) -> None:
        if self.drafts:
            draft = self.drafts[-1]
            draft.sections[draft.current].append(line)
            draft.numbers.setdefault(draft.current, []).append(number)

    def comment(self, number: int, text: str) -> None:
        """Take the first comment under a heading as card metadata; drop other comments."""
        draft = self.drafts[-1] if self.drafts else None
        body = text.strip()[4:]
        body = body[: body.rfind("-->")] if "-->" in body else body
        if draft is None or draft.meta_line or draft.current != "question" or _has_text(draft):
            if _META_LIKE.match(body):
                self.error(number, "card metadata must stand right under the card's '## ' heading")
            return
        draft.meta_line = number
        draft.meta, errors = _parse_meta(body, self.loc(number))
        self.errors.extend(errors)

    def heading(self, number: int, level: int, text: str, line: str) -> None:
        if level == 2:
            self.drafts.append(Draft(number, text))
            if not text:
                self.error(number, "card heading '##' has no question text")
            return
        if level == 1:
            if self.drafts:
                self.error(
                    number,
                    "'# ' heading inside a card; start cards with '## ', use '#### ' inside them",
                )
            return
        draft = self.drafts[-1] if self.drafts else None
        if draft is not None and level == 3 and self.is_custom(draft):
            self.field(draft, number, text.rstrip(":").strip())
            return
        name = text.rstrip(":").strip().lower()
        if draft is None:
            return
        if level == 3 and name in SECTIONS:
            if name in draft.sections:
                self.error(number, f"'### {text}' appears twice in this card")
            self.section(draft, name, number)
        elif slip := section_slip(level, text, SECTIONS):
            self.error(number, slip[1])
            if slip[0] not in draft.sections:
                self.section(draft, slip[0], number)
        else:
            self.add(line, number)

    def section(self, draft: Draft, name: str, number: int) -> None:
        """Start section ``name`` of the card at ``number``."""
        draft.current = name
        draft.sections[name] = []
        draft.numbers[name] = []
        draft.section_lines[name] = number

    def is_custom(self, draft: Draft) -> bool:
        """Return True when the draft's type is one of the author's note types."""
        name = draft.meta.get("type") or self.front.get("type") or self.default_type
        return isinstance(name, str) and name.strip().lower() in self.custom

    def field(self, draft: Draft, number: int, name: str) -> None:
        """Start a ``### <Field>`` section of a custom note type's card."""
        key = FIELD_PREFIX + name
        if key in draft.sections:
            first = draft.section_lines[key]
            self.error(
                number, f"field '{name}' is filled twice (first at line {first})", "bad-field"
            )
        draft.current = key
        draft.sections[key] = []
        draft.section_lines[key] = number


def _swallows(line: str) -> bool:
    """Return True for a card heading or a section heading: never meant as code."""
    match = _HEADING.match(line)
    if match is None:
        return False
    name = (match["text"] or "").rstrip(":").strip().lower()
    return len(match["level"]) == 2 or (len(match["level"]) == 3 and name in SECTIONS)


def _has_text(draft: Draft) -> bool:
    return any(line.strip() for line in draft.sections["question"])


def parse_source(
    source: SourceFile,
    settings: DeckSettings,
    notetypes: Mapping[str, NoteTypeDef | None] = _NONE,
) -> tuple[list[Card], list[Finding]]:
    """Parse one content file into cards, returning every error found rather than raising.

    ``notetypes`` are the author's own, by name; None for one that failed to load.
    """
    if beyond := text_limits(split_lines(source.text), source.path):
        return [], beyond  # not rendered: past a limit, rendering could take hours
    parser = _FileParser(source, notetypes, settings.default_type)
    parser.run()
    builder = CardBuilder(source, parser.front, parser.errors, notetypes)
    cards = builder.cards(parser.drafts, settings)
    return cards, sorted(parser.errors, key=lambda e: e.location.sort_key)


def parse_files(
    settings: DeckSettings,
    sources: Sequence[SourceFile],
    notetypes: Mapping[str, NoteTypeDef | None] = _NONE,
) -> tuple[list[Card], list[Finding]]:
    """Parse every file in order: the one parse that build, check, preview and ids share."""
    cards: list[Card] = []
    errors: list[Finding] = []
    for source in sources:
        found, problems = parse_source(source, settings, notetypes)
        cards.extend(found)
        errors.extend(problems)
    return cards, errors
