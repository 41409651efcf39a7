"""Scan a card file's lines into cards: headings, sections, metadata comments, code fences. Pure.

The format (see docs/format.md): a ``## `` heading starts a card and holds the question;
``### Answer``, ``### Explanation`` and ``### Hint`` split it (for a card of the author's own
note type, every ``### <Field>``); an HTML comment right under the heading carries ``id``,
``tags``, ``type``, ``shuffle``, ``guid`` and ``report``. Fenced code never splits a card.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from ankismith.findings import Finding, Severity, rule_of
from ankismith.model import Card, Location, NoteTypeDef, SourceFile
from ankismith.parse.cards import FIELD_PREFIX, CardBuilder, Draft
from ankismith.parse.count import count_check
from ankismith.parse.fences import closes, opening, runaway_fences, short_closes
from ankismith.parse.frontmatter import load_yaml_mapping, split_front_matter, unknown_key
from ankismith.parse.limits import text_limits
from ankismith.parse.settings import DeckSettings
from ankismith.parse.slips.sections import card_heading_slip, section_slip, translated_slip
from ankismith.text import split_lines

_HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_COMMENT_OPEN = re.compile(r"^ {0,3}<!--")
_FRONT_KEY = re.compile(r"^(?:deck|tags|type)[ \t]*:")
_NO_SPACE = re.compile(r"^ {0,3}(?P<level>#{2,6})(?P<text>[^#\s].*)$")
_SPECIAL_START = frozenset("`~<#")
SECTIONS = ("answer", "explanation", "hint")
_NONE: Mapping[str, NoteTypeDef | None] = MappingProxyType({})
FRONT_MATTER_KEYS = ("deck", "tags", "type", "report")
CARD_KEYS = ("id", "tags", "type", "shuffle", "guid", "report", "occlude")
_META_LIKE = re.compile(r"^\s*(id|tags|type|shuffle|guid|report|occlude)\s*:", re.I)
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

    def run(self, lines: list[str]) -> None:
        """Read ``lines``, the source's text split once by ``split_lines``."""
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
        if front is None and (late := _late_front_matter(lines)):
            self.error(
                late,
                "front matter must open on the file's first line: this '---' opens none, so "
                "the deck, tags and type under it are not read; move it to line 1",
            )
        self.walk(lines, start)

    def walk(self, lines: list[str], index: int) -> None:
        fenced = "```" in self.source.text or "~~~" in self.source.text
        short = short_closes(lines, index, _swallows) if fenced else set()
        runaway = runaway_fences(lines, index, _swallows, short) if fenced else {}
        fence: tuple[str, int] | None = None
        comment_start = 0
        comment: list[str] = []
        one_line: set[int] = set()  # comments left open, read as ending with their first line
        at = index
        while at < len(lines):
            line, number = lines[at], at + 1
            at += 1
            if fence is not None and (stop := runaway.get(fence[1])) and number == stop[0]:
                self.error(fence[1], _runaway_message(fence[0], line, *stop), "unclosed-fence")
                fence = None  # read on as if it were closed above this heading
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
            elif comment_start and (stray := _comment_stray(comment[0], line)):
                self.error(
                    comment_start,
                    f"HTML comment '<!--' is never closed with '-->' before {stray} at line "
                    f"{number}: end it with '-->'",
                )
                one_line.add(comment_start)
                at, comment_start, comment = comment_start - 1, 0, []  # read again from it
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
                if "-->" in line or number in one_line:
                    self.comment(number, line)
                    comment_start, comment = 0, []
            elif found := _heading(line):
                self.heading(number, found[0], found[1].strip(), line)
            elif match := _NO_SPACE.match(line):
                hashes, text = match["level"], match["text"].strip()
                self.error(
                    number,
                    f"'{hashes}{_short(text)}' is not a heading: add a space after {hashes}, "
                    f"as in '{hashes} {_short(text)}'",
                )
                self.heading(number, len(hashes), text, line)
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
        last = self.drafts[-1] if self.drafts else None
        if (
            level == 2
            and last
            and not self.is_custom(last)
            and (slip := card_heading_slip(text, SECTIONS))
        ):
            self.error(number, slip[1])  # '## Answer': read as the section meant
            if slip[0] not in last.sections:
                self.section(last, slip[0], number)
            return
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
        elif slip := (level == 3 and translated_slip(text, SECTIONS)) or section_slip(
            level, text, SECTIONS
        ):
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


def _heading(line: str) -> tuple[int, str] | None:
    """Return the level and text of the ATX heading ``line`` is, as ``_HEADING`` reads it.

    A line of hashes, a space and text that ends in neither a hash nor a space (most headings)
    is read without the pattern.
    """
    level = len(line) - len(line.lstrip("#"))
    if 0 < level <= 6 and line[level : level + 1] in (" ", "\t") and line[-1] not in "# \t":
        return level, line[level:].lstrip(" \t")
    match = _HEADING.match(line)
    return None if match is None else (len(match["level"]), match["text"] or "")


def _late_front_matter(lines: Sequence[str]) -> int:
    """Return the 1-based line of a ``---`` above the first card that opens front matter late.

    It is that only when a front matter key follows it: otherwise it is a thematic break.
    """
    for index, line in enumerate(lines[:-1]):
        if _HEADING.match(line) and line.lstrip(" ").startswith("## "):
            break
        if line.rstrip() == "---" and _FRONT_KEY.match(lines[index + 1]):
            return index + 1
    return 0


def _short(text: str, limit: int = 40) -> str:
    """Return ``text`` cut to ``limit`` characters for a message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _comment_stray(first: str, line: str) -> str | None:
    """Return what ``line`` is, when it shows that the comment opened by ``first`` is left open.

    A line that opens another comment (comments do not nest: an earlier ``-->`` was missed),
    and, in a comment of card metadata, a card or section heading. Other comments may hold
    headings: a card commented out is one.
    """
    if _COMMENT_OPEN.match(line):
        return "the next '<!--'"
    if _swallows(line) and _META_LIKE.match(first.strip()[4:]):
        return f"'{_short(line.strip())}'"
    return None


def _runaway_message(fence: str, line: str, stop: int, close: int) -> str:
    """Say that ``fence`` runs over ``line`` (at ``stop``) to the fence line ``close``."""
    shown = fence if len(fence) < 20 else fence[:6] + "..."
    return (
        f"code fence {shown} is never closed before '{_short(line.strip())}' at line {stop}: "
        f"as written, the fence line {close} closes it, and every line between is code; close "
        f"it with {shown} above line {stop}"
    )


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
    lines = split_lines(source.text)  # split once: the limits, the walk and the count share it
    if beyond := text_limits(lines, source.path):
        return [], beyond  # not rendered: past a limit, rendering could take hours
    parser = _FileParser(source, notetypes, settings.default_type)
    parser.run(lines)
    builder = CardBuilder(source, parser.front, parser.errors, notetypes)
    cards = builder.cards(parser.drafts, settings)
    if not any(rule_of(f.code).default is Severity.ERROR for f in parser.errors):
        parser.errors += count_check(source.path, lines, (c.location.line for c in cards))
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
