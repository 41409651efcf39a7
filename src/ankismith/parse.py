"""Parse one Markdown content file into cards: a pure function of its text.

The format (see docs/format.md): a ``## `` heading starts a card and holds the question;
``### Answer``, ``### Explanation`` and ``### Hint`` split it; an HTML comment right under the
heading carries ``id``, ``tags`` and ``type``. Fenced code never splits a card.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from ankismith.choices import split_choices
from ankismith.errors import ContentError
from ankismith.frontmatter import (
    check_tags,
    load_yaml_mapping,
    split_front_matter,
    string_list,
    unknown_key,
)
from ankismith.model import Card, Choice, DeckSettings, Location, NoteKind, SourceFile

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_COMMENT_OPEN = re.compile(r"^ {0,3}<!--")
_SPECIAL_START = frozenset("`~<#")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
SECTIONS = ("answer", "explanation", "hint")
FRONT_MATTER_KEYS = ("deck", "tags")
CARD_KEYS = ("id", "tags", "type", "shuffle")
ID_RULE = (
    "must start with a letter or digit and use only letters, digits, '.', '_' or '-' (at most 100)"
)
CLOZE_ANSWER = "cloze cards have no '### Answer'; the deletions {{c1::...}} are the answers"
TYPEIN_ANSWER = "a typein answer must be one line of plain text, what the learner types"
_META_LIKE = re.compile(r"^\s*(id|tags|type|shuffle)\s*:", re.I)
_CLOZE = re.compile(r"\{\{c\d+::")
_CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")
MAX_CLOZE = 0xFFFF  # Anki reads a deletion number as a 16-bit integer


@dataclass
class _Draft:
    """A card being collected; becomes a frozen Card once the file is read."""

    line: int
    heading: str
    meta_line: int = 0
    meta: dict[str, str] = field(default_factory=dict)
    sections: dict[str, list[str]] = field(default_factory=lambda: {"question": []})
    section_lines: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, list[int]] = field(default_factory=dict)
    current: str = "question"


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF and lone CR only, so line numbers match what editors show."""
    return _LINE_BREAK.split(text)


def derived_id(question: str) -> str:
    """Return the id used when the author gave none: a hash of the question text."""
    normalised = " ".join(question.split()).casefold()
    return "q-" + hashlib.sha256(normalised.encode()).hexdigest()[:12]


def closes_fence(line: str, fence: str) -> bool:
    """Return True when ``line`` closes a code fence opened with ``fence``."""
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and len(stripped) >= len(fence)
        and set(stripped) == {fence[0]}
    )


def _parse_meta(text: str, loc: Location) -> tuple[dict[str, str], list[ContentError]]:
    meta: dict[str, str] = {}
    errors: list[ContentError] = []
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        key, sep, value = part.partition(":")
        key = key.strip().lower()
        if not sep:
            errors.append(ContentError(loc, f"card metadata '{part.strip()}' is not 'key: value'"))
        elif key not in CARD_KEYS:
            errors.append(
                ContentError(loc, "card metadata: " + unknown_key(key, CARD_KEYS), "unknown-key")
            )
        else:
            meta[key] = value.strip()
    return meta, errors


class _FileParser:
    """Walks the lines of one file once, collecting drafts and errors."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.drafts: list[_Draft] = []
        self.errors: list[ContentError] = []
        self.front: dict[str, Any] = {}

    def loc(self, line: int) -> Location:
        return Location(self.source.path, line)

    def error(self, line: int, message: str, code: str = "syntax") -> None:
        self.errors.append(ContentError(self.loc(line), message, code))

    def run(self) -> None:
        lines = split_lines(self.source.text)
        front, start = split_front_matter(lines)
        if start < 0:
            self.error(1, "front matter opened with '---' is never closed with '---'")
            return
        if front is not None:
            self.front, problems = load_yaml_mapping("\n".join(front), 2)
            for problem in problems:
                self.error(problem.line, "front matter: " + problem.message, problem.code)
            for key in self.front:
                if key not in FRONT_MATTER_KEYS:
                    self.error(
                        1, "front matter: " + unknown_key(key, FRONT_MATTER_KEYS), "unknown-key"
                    )
        self.walk(lines, start)

    def walk(self, lines: list[str], index: int) -> None:
        fence: tuple[str, int] | None = None
        comment_start = 0
        comment: list[str] = []
        for number, line in enumerate(lines[index:], start=index + 1):
            if fence is not None:
                self.add(line, number)
                if closes_fence(line, fence[0]):
                    fence = None
            elif comment_start:
                comment.append(line)
                if "-->" in line:
                    self.comment(comment_start, "\n".join(comment))
                    comment_start, comment = 0, []
            elif line.lstrip(" ")[:1] not in _SPECIAL_START:
                self.add(line, number)  # plain text: no pattern below can match
            elif match := _FENCE_OPEN.match(line):
                if not (match["fence"][0] == "`" and "`" in match["info"]):
                    fence = (match["fence"], number)
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
            self.error(
                fence[1],
                f"code fence {fence[0]} is never closed; it would swallow the rest of the file",
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
            self.drafts.append(_Draft(number, text))
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
        name = text.rstrip(":").strip().lower()
        if draft is not None and level == 3 and name in SECTIONS:
            if name in draft.sections:
                self.error(number, f"'### {text}' appears twice in this card")
            draft.current = name
            draft.sections[name] = []
            draft.section_lines[name] = number
        else:
            self.add(line, number)

    def cards(self, settings: DeckSettings) -> list[Card]:
        # Folders become subdecks (content/Methods/x.md -> "Deck::Methods"); front matter wins.
        deck = "::".join((settings.name, *self.source.relpath.parent.parts))
        sub = self.front.get("deck")
        if isinstance(sub, str) and sub.strip():
            deck = f"{settings.name}::{sub.strip()}"
        elif sub is not None:
            self.error(1, "front matter: 'deck' must be a subdeck name such as 'LoRA'")
        file_tags, problem = string_list(self.front.get("tags"), "tags")
        if problem or (problem := check_tags(file_tags)):
            self.error(1, "front matter: " + problem)
        base_tags = settings.tags + file_tags
        return [card for d in self.drafts if (card := self.card(d, deck, base_tags))]

    def card(self, draft: _Draft, deck: str, base_tags: tuple[str, ...]) -> Card | None:
        before = len(self.errors)
        meta_line = draft.meta_line or draft.line
        lines, choices, stray = split_choices(draft.sections["question"])
        kind = self.kind(draft, meta_line, bool(choices))
        if kind is not NoteKind.CHOICE:
            lines, choices = draft.sections["question"], []
        body = _text(lines)
        question = draft.heading + ("\n\n" + body if body else "")
        answer = self.answer(draft, kind)
        if kind is NoteKind.CHOICE:
            self.check_choices(draft, choices, stray)
        if kind is NoteKind.CLOZE and not _CLOZE.search(question):
            self.error(draft.line, "cloze card has no deletion such as {{c1::text}}", "bad-cloze")
        if kind is NoteKind.CLOZE and (number := _too_large_cloze(question)):
            message = f"deletion number c{number} is too large; Anki counts c1 to c{MAX_CLOZE}"
            self.error(draft.line, message, "bad-cloze")
        card_tags = tuple(draft.meta.get("tags", "").replace(",", " ").split())
        if problem := check_tags(card_tags):
            self.error(meta_line, problem)
        card_id = draft.meta.get("id", "")
        if card_id and not _ID.match(card_id):
            self.error(meta_line, f"id '{card_id}' {ID_RULE}")
        shuffle = draft.meta.get("shuffle", "no").lower()
        if shuffle not in ("yes", "no"):
            self.error(meta_line, f"shuffle must be 'yes' or 'no', not '{shuffle}'")
        if kind is None or len(self.errors) > before:
            return None
        return Card(
            location=self.loc(draft.line),
            kind=kind,
            card_id=card_id or derived_id(question),
            explicit_id=bool(card_id),
            question=question,
            answer=answer,
            explanation=_text(draft.sections.get("explanation", [])),
            hint=_text(draft.sections.get("hint", [])),
            tags=tuple(sorted(set(base_tags + card_tags))),
            deck=deck,
            source=str(self.source.relpath),
            choices=tuple(choices),
            shuffle=shuffle == "yes",
        )

    def kind(self, draft: _Draft, meta_line: int, has_choices: bool) -> NoteKind | None:
        """Return the card's kind: explicit ``type``, else choice for a task list, else basic."""
        if "type" not in draft.meta:
            return NoteKind.CHOICE if has_choices else NoteKind.BASIC
        kind = _kind(draft.meta["type"])
        if kind is None:
            kinds = ", ".join(k.value for k in NoteKind)
            self.error(meta_line, f"unknown card type '{draft.meta['type']}' (known: {kinds})")
        return kind

    def answer(self, draft: _Draft, kind: NoteKind | None) -> str:
        """Return the answer text, reporting a missing, empty or misplaced one."""
        answer = _text(draft.sections.get("answer", []))
        if kind is NoteKind.CLOZE:
            if "answer" in draft.sections:
                self.error(draft.section_lines["answer"], CLOZE_ANSWER, "bad-cloze")
            return ""
        if kind is NoteKind.CHOICE or kind is None:
            return answer  # None: whether an answer is needed depends on the type, reported above
        if "answer" not in draft.sections:
            self.error(draft.line, "card has no '### Answer' section", "missing-answer")
        elif not answer:
            self.error(draft.section_lines["answer"], "'### Answer' is empty", "missing-answer")
        elif kind is NoteKind.TYPEIN and "\n" in answer:
            self.error(draft.section_lines["answer"], TYPEIN_ANSWER)
        return answer

    def check_choices(self, draft: _Draft, choices: list[Choice], stray: int | None) -> None:
        """Report a choice card without options, without a right one, or with text after them."""
        if stray is not None:
            line = draft.numbers["question"][stray]
            self.error(
                line,
                "nothing may follow the options of a choice card; move it above them",
                "bad-choices",
            )
        if len(choices) < 2:
            self.error(
                draft.line,
                "choice card needs at least two options ('- [x] right', '- [ ] wrong')",
                "bad-choices",
            )
        elif not any(c.correct for c in choices):
            self.error(
                draft.line, "choice card has no right option; mark one with '- [x]'", "bad-choices"
            )


def _too_large_cloze(question: str) -> str | None:
    """Return the first deletion number beyond Anki's range, shortened for a message."""
    for match in _CLOZE_NUMBER.finditer(question):
        digits = match.group(1)
        # Compare lengths first: int() refuses strings of thousands of digits.
        if len(digits.lstrip("0")) > 5 or int(digits) > MAX_CLOZE:
            return digits if len(digits) <= 12 else digits[:12] + "..."
    return None


def _has_text(draft: _Draft) -> bool:
    return any(line.strip() for line in draft.sections["question"])


def _kind(name: str) -> NoteKind | None:
    try:
        return NoteKind(name.strip().lower())
    except ValueError:
        return None


def _text(lines: list[str]) -> str:
    """Join lines, dropping blank lines at both ends but keeping indentation (code blocks)."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(line.rstrip() for line in lines[start:end])


def parse_source(
    source: SourceFile, settings: DeckSettings
) -> tuple[list[Card], list[ContentError]]:
    """Parse one content file into cards, returning every error found rather than raising."""
    parser = _FileParser(source)
    parser.run()
    cards = parser.cards(settings)
    return cards, sorted(parser.errors, key=lambda e: e.location.sort_key)
